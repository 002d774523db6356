// Fuzz target: the front end (`decreec check`) on arbitrary bytes.
//
// The input is the main file, `main.decree`. Lines `-- file: NAME` (a comment in the language)
// start further files that `import "./NAME"` can read, so imports, cycles and chains are
// exercised without touching the disk; the embedded standard library is always there. Every
// diagnostic is rendered in the three styles; a checked program is printed (`dump --ir`); the
// main file is formatted (`fmt`), in both keyword languages.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "decree/lang/diagnostic.hpp"
#include "decree/lang/format.hpp"
#include "decree/lang/front_end.hpp"
#include "decree/lang/print.hpp"

namespace {

struct file {
    std::string name;
    std::string text;
};

std::vector<file> split(std::string_view input) {
    std::vector<file> files{{"main.decree", {}}};
    constexpr std::string_view marker = "-- file: ";
    std::size_t at = 0;
    while (at <= input.size()) {
        const auto eol = input.find('\n', at);
        const auto line =
            input.substr(at, eol == std::string_view::npos ? std::string_view::npos : eol - at + 1);
        if (line.starts_with(marker)) {
            std::string name(line.substr(marker.size()));
            while (!name.empty() && (name.back() == '\n' || name.back() == '\r')) name.pop_back();
            files.push_back({std::move(name), {}});
        } else {
            files.back().text += line;
        }
        if (eol == std::string_view::npos) break;
        at = eol + 1;
    }
    return files;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace decree;
    const auto files = split(std::string_view(reinterpret_cast<const char*>(data), size));
    compile_options options;
    options.read_file = [&files](const std::string& path) -> std::optional<std::string> {
        for (std::size_t i = 1; i < files.size(); ++i) {
            if (files[i].name == path) return files[i].text;
        }
        return std::nullopt;
    };
    auto comp = compile(files[0].name, files[0].text, options);
    std::string sink;
    for (const auto& d : comp->diagnostics.all()) {
        sink += render(d, comp->sources, render_style::rich, true);
        sink += render(d, comp->sources, render_style::short_);
    }
    sink += render_json(comp->diagnostics.all(), comp->sources);
    if (comp->ok()) {
        sink += print_ir(*comp->program);
        for (const auto& a : assumptions(*comp->program)) sink += a.what + a.reason;
    }
    source_manager sources;
    const auto id = sources.add(files[0].name, files[0].text);
    for (const auto k : {keyword_language::keep, keyword_language::vi, keyword_language::en}) {
        diagnostic_sink fmt_sink;
        if (auto formatted = format(sources.get(id), fmt_sink, k)) sink += *formatted;
    }
    return 0;
}
