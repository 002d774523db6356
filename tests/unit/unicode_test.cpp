// Text in either Unicode normalisation: a decree or a case record typed with decomposed
// diacritics (NFD, as some editors and input methods write Vietnamese) reads as its composed
// spelling (NFC), and diagnostics point at the characters as they were typed.
#include <doctest/doctest.h>

#include <utf8proc.h>

#include <string>

#include "decree/lang/front_end.hpp"
#include "decree/lang/source.hpp"
#include "eval/decide.hpp"

using namespace decree;

namespace {

// [s] decomposed (NFD), by utf8proc.
std::string nfd(const std::string& s) {
    utf8proc_uint8_t* out = nullptr;
    const auto n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(s.data()), static_cast<utf8proc_ssize_t>(s.size()), &out,
                                static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_DECOMPOSE));
    REQUIRE(n >= 0);
    std::string r(reinterpret_cast<const char*>(out), static_cast<std::size_t>(n));
    std::free(out);
    return r;
}

const std::string decree_text = R"(decree "T"
enumeration tình_trạng { đang_chấp_hành, tạm_đình_chỉ }
record hồ_sơ { id : string, họ_tên : string, tình_trạng : tình_trạng, đã_chấp_hành : bool }
input case : hồ_sơ
điều 1
  text "Điều kiện"
  requires case.đã_chấp_hành and case.tình_trạng = đang_chấp_hành and case.họ_tên = "Nguyễn Thị Ánh"
)";

const std::string record = R"({"id": "A", "họ_tên": "Nguyễn Thị Ánh", "tình_trạng": "đang_chấp_hành", "đã_chấp_hành": true})";

std::string verdict_of(const std::string& decree, const std::string& json) {
    auto comp = compile("t.decree", decree);
    std::string diags;
    for (const auto& d : comp->diagnostics.all()) diags += render(d, comp->sources, render_style::short_);
    INFO(diags);
    REQUIRE(comp->ok());
    eval::decider d(*comp->program);
    return std::string(eval::name(d.decide(json).outcome.result));
}

}  // namespace

TEST_SUITE("unicode normalisation") {
    TEST_CASE("the test texts really are decomposed") {
        CHECK(nfd(decree_text) != decree_text);
        CHECK(nfd(record) != record);
        CHECK(nfd(record).size() > record.size());
    }

    TEST_CASE("a decree typed decomposed checks and decides as the composed one") {
        CHECK(verdict_of(decree_text, record) == "eligible");
        CHECK(verdict_of(nfd(decree_text), record) == "eligible");
        // One line decomposed: its names are the declared ones.
        const auto split = decree_text.rfind("  requires");
        CHECK(verdict_of(decree_text.substr(0, split) + nfd(decree_text.substr(split)), record) == "eligible");
    }

    TEST_CASE("a case record typed decomposed: field names, strings and enumeration values") {
        CHECK(verdict_of(decree_text, nfd(record)) == "eligible");
        // The string alone decomposed: compared equal to the decree's composed literal.
        const std::string name_only = R"({"id": "A", "họ_tên": ")" + nfd("Nguyễn Thị Ánh") +
                                      R"(", "tình_trạng": "đang_chấp_hành", "đã_chấp_hành": true})";
        CHECK(verdict_of(decree_text, name_only) == "eligible");
        // And a different name is still different.
        const std::string other = R"({"id": "A", "họ_tên": ")" + nfd("Nguyễn Thị Anh") +
                                  R"(", "tình_trạng": "đang_chấp_hành", "đã_chấp_hành": true})";
        CHECK(verdict_of(decree_text, other) == "not_eligible");
    }

    TEST_CASE("positions are those of the text as written") {
        const std::string line = "  requires case.đã_chấp_hành + 1\n";
        const std::string decree = "decree \"T\"\nrecord r { id : string, đã_chấp_hành : bool }\ninput case : r\narticle 1\n  text \"t\"\n" +
                                   nfd(line);
        auto comp = compile("t.decree", decree);
        REQUIRE_FALSE(comp->ok());
        const auto& d = comp->diagnostics.all().front();
        const auto& f = comp->sources.get(d.primary.file);
        // `+` is the 30th character seen on line 6, whatever the bytes before it.
        CHECK(f.position(d.primary.begin).line == 6);
        CHECK(f.position(d.primary.begin).column == 30);
        CHECK(f.line_text(6) == nfd(line).substr(0, nfd(line).size() - 1));  // the line as typed
        CHECK(f.text() != f.original());
        const auto rendered = render(d, comp->sources, render_style::rich);
        INFO(rendered);
        // The caret line: 29 spaces after the gutter, one caret.
        CHECK(rendered.find("|" + std::string(30, ' ') + "^") != std::string::npos);
    }

    TEST_CASE("offsets map between the NFC text and the text as written") {
        const std::string word = "điều";
        const std::string typed = "a " + nfd(word) + " b";
        const source_file f(0, "x", typed);
        CHECK(f.text() == "a " + word + " b");
        CHECK(f.original() == typed);
        const auto end_nfc = static_cast<std::uint32_t>(2 + word.size());
        CHECK(f.to_original(2) == 2);
        CHECK(f.to_original(end_nfc) == 2 + nfd(word).size());
        CHECK(f.to_original(end_nfc + 2) == typed.size());
        CHECK(f.from_original(static_cast<std::uint32_t>(2 + nfd(word).size())) == end_nfc);
        CHECK(f.position(end_nfc).column == 7);  // "a điều" is six characters
        // Text already composed is kept as it is.
        const source_file g(0, "y", "a " + word);
        CHECK(g.text() == g.original());
        CHECK(utf8_surely_nfc(word));
        CHECK_FALSE(utf8_surely_nfc(nfd(word)));
    }
}
