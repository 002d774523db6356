// Diagnostic detail: code, message, which text is underlined, hint (Cedar style).
#include <doctest/doctest.h>

#include <algorithm>

#include "decree/lang/front_end.hpp"

using namespace decree;

namespace {

struct expect_diag {
    std::unique_ptr<compilation> comp;
    const source_diagnostic* found = nullptr;
    std::string src;

    explicit expect_diag(std::string text) : src(text) { comp = compile("test.decree", std::move(text)); }
    expect_diag& code(std::string_view id) {
        for (const auto& d : comp->diagnostics.all()) {
            if (info(d.id).id == id) found = &d;
        }
        INFO("source: " << src);
        REQUIRE_MESSAGE(found != nullptr, "no source_diagnostic " << id);
        return *this;
    }
    expect_diag& underlines(std::string_view text) {
        REQUIRE(found != nullptr);
        const auto& file = comp->sources.get(found->primary.file);
        CHECK(file.text().substr(found->primary.begin, found->primary.end - found->primary.begin) == text);
        return *this;
    }
    expect_diag& message(std::string_view m) {
        REQUIRE(found != nullptr);
        CHECK(found->message.en == m);
        return *this;
    }
    expect_diag& hint_contains(std::string_view h) {
        REQUIRE(found != nullptr);
        CHECK(found->hint.en.find(h) != std::string::npos);
        return *this;
    }
};

}  // namespace

TEST_SUITE("diagnostics") {
    TEST_CASE("unknown names suggest the closest declared name") {
        expect_diag("parameter cutoff : date = 2025-08-31\nparameter x : bool = cutof > 2025-01-01\n")
            .code("E0201")
            .underlines("cutof")
            .message("unknown name `cutof`")
            .hint_contains("did you mean `cutoff`?");
    }
    TEST_CASE("unit mismatch underlines the operator") {
        expect_diag("parameter x = 5 VND + 2 years\n").code("E0302").underlines("+").message(
            "cannot add `money` and `duration`");
    }
    TEST_CASE("impossible dates") {
        expect_diag("parameter x = 2016-02-30\n").code("E0401").underlines("2016-02-30");
    }
    TEST_CASE("errors are collected, not just the first") {
        auto comp = compile("t.decree", "parameter a : integer = true\nparameter b : date = 3\nparameter c = a + b\n");
        CHECK(comp->diagnostics.error_count() == 3);
    }
    TEST_CASE("errors are capped") {
        std::string text;
        for (int i = 0; i < 50; ++i) text += "parameter p" + std::to_string(i) + " : integer = true\n";
        auto comp = compile("t.decree", text);
        const auto& all = comp->diagnostics.all();
        CHECK(std::count_if(all.begin(), all.end(), [](const auto& d) { return d.level == severity::error; }) == 20);
        CHECK(comp->diagnostics.error_count() == 50);
        CHECK(comp->diagnostics.dropped_errors() == 30);
        CHECK(comp->diagnostics.capped());
    }
    TEST_CASE("columns count characters, not bytes") {
        // `đ` and `ố` are two and three bytes in UTF-8; the column must count characters.
        auto comp = compile("t.decree", "parameter số_đợt : integer = \"hai\"\n");
        REQUIRE(comp->diagnostics.all().size() == 2);  // the error, and W0102 for the unused parameter
        const auto& d = comp->diagnostics.all().back();
        const auto text = render(d, comp->sources, render_style::short_);
        CHECK(text.rfind("t.decree:1:30: error[E0301]", 0) == 0);
    }
    TEST_CASE("json rendering carries code, place and hint") {
        auto comp = compile("t.decree", "parameter x = y\n");
        const auto json = render_json(comp->diagnostics.all(), comp->sources);
        CHECK(json.find("\"code\":\"E0201\"") != std::string::npos);
        CHECK(json.find("\"line\":1,\"column\":15") != std::string::npos);
    }
    TEST_CASE("every code has a title and an explanation") {
        for (const auto& c : all_codes()) {
            CAPTURE(c.id);
            CHECK(!c.title.empty());
            CHECK(c.explanation.size() > 20);
            CHECK(find_code(c.id) == &c);
        }
    }
}
