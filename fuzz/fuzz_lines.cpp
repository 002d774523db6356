// Fuzz target: the block pipeline of `decreec eval` on JSON Lines (lines_file: blocks read while
// the previous block's results are written, runs of lines decided by several threads, lines too
// long to hold, a byte-order mark, a last line without its line feed). The bytes are written as a
// `.jsonl` file and evaluated in-process against examples/minimal.decree (small, so that the time
// goes to the pipeline rather than to checking the decree) with `--format json`, once with one
// thread and once with three: the two outputs must be the same bytes, and every non-blank line
// must give exactly one result line, in input order.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <string_view>

#include "cli/cli.hpp"
#include "fuzz_common.hpp"
#include "json_input.hpp"

namespace {

// A temporary `.jsonl` file, created once per process and removed at exit.
struct temp_file {
    std::string path;
    temp_file() {
        std::string pattern = "/tmp/decree-fuzz-lines-XXXXXX.jsonl";
        const int fd = mkstemps(pattern.data(), 6);
        if (fd < 0) std::abort();
        close(fd);
        path = pattern;
    }
    ~temp_file() { unlink(path.c_str()); }
};

std::string run(const std::string& path, const char* jobs, int& code) {
    std::ostringstream out, err;
    const std::string decree = std::string(DECREE_SOURCE_DIR) + "/examples/minimal.decree";
    code = decree::cli::run({"eval", decree, path, "--format", "json", "--lang", "en", "--quiet", "--jobs", jobs}, out, err);
    return out.str();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const temp_file file;
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    {
        std::ofstream f(file.path, std::ios::binary | std::ios::trunc);
        f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        if (!f) std::abort();
    }
    int one_code = 0, three_code = 0;
    const auto one = run(file.path, "1", one_code);
    const auto three = run(file.path, "3", three_code);
    if (one != three || one_code != three_code) {
        std::cerr << "--jobs 1 and --jobs 3 differ (exit " << one_code << " and " << three_code << ")\n";
        std::abort();
    }
    if (one_code != 0 && one_code != 1) {
        std::cerr << "exit code " << one_code << " for readable JSON Lines\n";
        std::abort();
    }
    std::size_t results = 0;
    for (const char c : one) results += c == '\n' ? 1 : 0;
    if (results != decree::fuzz::record_lines(bytes)) {
        std::cerr << results << " results for " << decree::fuzz::record_lines(bytes) << " non-blank lines\n";
        std::abort();
    }
    return 0;
}
