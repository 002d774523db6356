// Output that is never lost in silence: every command of decreec on a stream that stops taking
// bytes exits 74 with a message; results counted as they reach a file descriptor; files written
// whole or replaced atomically. (The process itself, with /dev/full, a disk that fills, SIGPIPE
// and signals: tests/faults.)
#include <doctest/doctest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <ostream>
#include <sstream>
#include <streambuf>
#include <string>
#include <vector>

#include "cli/cli.hpp"
#include "cli/output.hpp"

namespace fs = std::filesystem;

namespace {

// Takes [room] bytes, then fails every write.
class full_buffer : public std::streambuf {
public:
    explicit full_buffer(std::size_t room) : m_room(room) {}
    std::string taken;

protected:
    int_type overflow(int_type c) override {
        if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
        if (taken.size() >= m_room) return traits_type::eof();
        taken += traits_type::to_char_type(c);
        return c;
    }
    std::streamsize xsputn(const char* s, std::streamsize n) override {
        const auto fit = static_cast<std::streamsize>(std::min<std::size_t>(m_room - taken.size(), static_cast<std::size_t>(n)));
        taken.append(s, static_cast<std::size_t>(fit));
        return fit;
    }

private:
    std::size_t m_room;
};

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

fs::path scratch(const std::string& name) {
    const auto dir = fs::temp_directory_path() / ("decree-output-test-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    return dir / name;
}

}  // namespace

TEST_SUITE("output") {
    TEST_CASE("every command whose output cannot be written exits 74 and says so") {
        const std::vector<std::vector<std::string>> commands = {
            {"eval", "decrees/vn/2025/dot2_2025.decree", "examples/cases/guidance94_worked_example.json"},
            {"eval", "decrees/vn/2025/dot2_2025.decree", "examples/cases/guidance94_worked_example.json", "--format", "json"},
            {"check", "--list-assumptions", "decrees/vn/2025/dot2_2025.decree"},
            {"schema"},
            {"schema", "decrees/vn/2025/dot2_2025.decree"},
            {"graph", "decrees/vn/2025/dot2_2025.decree"},
            {"fmt", "--stdout", "decrees/vn/2025/dot2_2025.decree"},
            {"dump", "--ast", "decrees/vn/2025/dot2_2025.decree"},
            {"dump", "--ir", "decrees/vn/2025/dot2_2025.decree"},
            {"explain", "E0201"},
            {"explain", "--list"},
            {"diff", "decrees/vn/2025/dot1_2025.decree", "decrees/vn/2025/dot2_2025.decree"},
            {"test", "decrees/vn/2025"},
            {"keywords"},
            {"modules"},
            {"version"},
        };
        for (const auto& args : commands) {
            for (const std::size_t room : {std::size_t{0}, std::size_t{5}}) {
                CAPTURE(args.front());
                CAPTURE(args.back());
                CAPTURE(room);
                full_buffer buf(room);
                std::ostream out(&buf);
                std::ostringstream err;
                CHECK(decree::cli::run(args, out, err) == decree::cli::io_error);
                CHECK(err.str().find("cannot write to standard output") != std::string::npos);
                if (args.front() == "eval") CHECK(err.str().find("no result was written in full") != std::string::npos);
            }
        }
    }

    TEST_CASE("results reaching a file descriptor are counted, on /dev/full none are") {
        const auto path = scratch("results");
        const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        REQUIRE(fd >= 0);
        std::ostringstream unused;
        {
            decree::cli::result_output out(unused, fd);
            out.put_result("one\n");
            const std::string two = "two\nthree\n";
            const std::size_t ends[] = {4, 10};
            out.put(two, ends, 2);
            out.put("not a result\n", nullptr, 0);
            CHECK(out.flush());
            CHECK(out.results_written() == 3);
            // A chunk larger than the buffer goes out directly.
            const std::string big((std::size_t{1} << 20) + 7, 'x');
            out.put_result(big);
            CHECK(out.flush());
            CHECK(out.results_written() == 4);
        }
        ::close(fd);
        CHECK(fs::file_size(path) == 4 + 10 + 13 + (std::size_t{1} << 20) + 7);
        CHECK(unused.str().empty());

        const int full = ::open("/dev/full", O_WRONLY);
        if (full >= 0) {
            decree::cli::result_output out(unused, full);
            out.put_result("lost\n");
            CHECK_FALSE(out.flush());
            CHECK(out.failed());
            CHECK(out.reason().en == "No space left on device");
            CHECK(out.reason().vi == "thiết bị lưu trữ đã hết chỗ trống");
            CHECK(out.results_written() == 0);
            out.put_result("after\n");  // nothing more is written
            CHECK_FALSE(out.flush());
            ::close(full);
        }
        fs::remove_all(path.parent_path());
    }

    TEST_CASE("write_file checks every write and the close") {
        decree::text why;
        const auto path = scratch("summary.json");
        CHECK(decree::cli::write_file(path.string(), "{}\n", why));
        CHECK(slurp(path) == "{}\n");
        if (fs::exists("/dev/full")) {
            CHECK_FALSE(decree::cli::write_file("/dev/full", "{}\n", why));
            CHECK(why.en == "No space left on device");
        }
        CHECK_FALSE(decree::cli::write_file((path.parent_path() / "no" / "such").string(), "x", why));
        CHECK(why.en == "No such file or directory");
        CHECK(why.vi == "không có tệp hoặc thư mục này");
        fs::remove_all(path.parent_path());
    }

    TEST_CASE("replace_file keeps the mode, leaves no temporary, and leaves the file alone on failure") {
        decree::text why;
        const auto path = scratch("round.decree");
        { std::ofstream(path, std::ios::binary) << "old\n"; }
        ::chmod(path.c_str(), 0640);
        CHECK(decree::cli::replace_file(path.string(), "new text\n", why));
        CHECK(slurp(path) == "new text\n");
        struct stat st {};
        REQUIRE(::stat(path.c_str(), &st) == 0);
        CHECK((st.st_mode & 0777) == 0640);
        std::size_t files = 0;
        for (const auto& e : fs::directory_iterator(path.parent_path())) files += e.is_regular_file() ? 1 : 0;
        CHECK(files == 1);
        // A file that is not there, or a directory, is not replaced.
        CHECK_FALSE(decree::cli::replace_file((path.parent_path() / "absent.decree").string(), "x", why));
        CHECK_FALSE(fs::exists(path.parent_path() / "absent.decree"));
        CHECK_FALSE(decree::cli::replace_file(path.parent_path().string(), "x", why));
        CHECK(why.en == "not a regular file");
        CHECK(why.vi == "không phải là tệp thông thường");
        fs::remove_all(path.parent_path());
    }
}
