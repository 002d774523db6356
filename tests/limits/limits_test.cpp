// Every limit of the front end and of case record input, each at its boundary: what is just
// inside works, what is just outside is a clear error naming the place. Inputs too large to keep
// in the repository (a 17 MiB decree, a 100 MB JSON line, 100,000 nested brackets) are generated
// here, in memory or in the build directory.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "cli/cli.hpp"
#include "decree/lang/front_end.hpp"

using namespace decree;

namespace {

std::string codes(const compilation& c) {
    std::string out;
    for (const auto& d : c.diagnostics.all()) out += std::string(info(d.id).id) + " ";
    return out;
}

std::string short_diagnostics(const compilation& c) {
    std::string out;
    for (const auto& d : c.diagnostics.all()) out += render(d, c.sources, render_style::short_);
    return out;
}

// A chain of [n] imports: main.decree imports m1, which imports m2, ... up to mN.
compile_options chain_of(int n) {
    compile_options o;
    o.read_file = [n](const std::string& path) -> std::optional<std::string> {
        for (int i = 1; i <= n; ++i) {
            if (path == "m" + std::to_string(i) + ".decree") {
                std::string text = "module \"M" + std::to_string(i) + "\"\n";
                if (i < n) text += "import \"./m" + std::to_string(i + 1) + ".decree\"\n";
                return text;
            }
        }
        return std::nullopt;
    };
    return o;
}

}  // namespace

TEST_SUITE("limits: decrees") {
    TEST_CASE("a chain of 32 imports is accepted, 33 is E0218 at the import that goes too far") {
        auto ok = compile("main.decree", "module \"Main\"\nimport \"./m1.decree\"\n", chain_of(32));
        CHECK(codes(*ok) == "");
        auto deep = compile("main.decree", "module \"Main\"\nimport \"./m1.decree\"\n", chain_of(33));
        REQUIRE(codes(*deep) == "E0218 ");
        CHECK(short_diagnostics(*deep) ==
              "m32.decree:2:1: error[E0218]: imports nested too deeply: `./m33.decree` would be module number 34 of "
              "a chain that starts at `main.decree` (the limit is 32 imports)\n");
    }
    TEST_CASE("a module importing itself, directly or through others, is an import cycle") {
        compile_options o;
        o.read_file = [](const std::string& path) -> std::optional<std::string> {
            if (path == "a.decree") return "module \"A\"\nimport \"./b.decree\"\n";
            if (path == "b.decree") return "module \"B\"\nimport \"./a.decree\"\n";
            if (path == "self.decree") return "module \"Self\"\nimport \"./self.decree\"\n";
            return std::nullopt;
        };
        CHECK(codes(*compile("main.decree", "import \"./a.decree\"\n", o)) == "E0206 ");
        CHECK(codes(*compile("main.decree", "import \"./self.decree\"\n", o)) == "E0206 ");
        CHECK(codes(*compile("main.decree", "import \"./main.decree\"\n", o)) == "E0206 ");
    }
}
