// The legal sources check: the matcher (normalisation, omissions, order, exact letters), the
// sources directories, the check of a parsed file, and `source file` / `paraphrase` through the
// formatter.
#include <doctest/doctest.h>

#include <string>

#include "decree/lang/format.hpp"
#include "decree/lang/front_end.hpp"
#include "decree/lang/sources.hpp"

using decree::match_quote;
using decree::prepare_source;

namespace {

bool found(const std::string& quote, const std::string& source) {
    return match_quote(quote, prepare_source(source)).found;
}

std::optional<decree::ast::file> parse_text(const std::string& text, decree::source_manager& sm,
                                            decree::diagnostic_sink& sink) {
    const auto id = sm.add("t.decree", text);
    return decree::parse(sm.get(id), sink);
}

const std::string law =
    "Điều 12. Các trường hợp không được đề nghị đặc xá\n\n"
    "Người có đủ điều kiện quy định tại Điều 11 của Luật này không được đề nghị đặc xá khi thuộc\n"
    "một trong các trường hợp sau đây:\n"
    "4. Trước đó đã được đặc xá;\n"
    "5. Có từ 02 tiền án trở lên;\n"
    "[... bản lưu bị cắt ...]\n"
    "Điều 13. Quyền và nghĩa vụ của người được đề nghị đặc xá\n";

}  // namespace

TEST_SUITE("sources") {
    TEST_CASE("normalisation: white space, line breaks and Unicode spaces are one space, NFC") {
        CHECK(decree::normalize_text("  a \t b\r\n\n c  ") == "a b c");
        CHECK(decree::normalize_text("a\xC2\xA0" "b\xE2\x80\xAF" "c") == "a b c");       // no-break spaces
        CHECK(decree::normalize_text("đặc\xE2\x80\x8B xá") == "đặc xá");                 // zero-width space
        // "ệ" written e + U+0323 (dot below) + U+0302 (circumflex) is the precomposed U+1EC7.
        CHECK(decree::normalize_text("hi\x65\xCC\xA3\xCC\x82u l\x75\xCC\x9B\xCC\xA3\x63") == "hiệu lực");
    }

    TEST_CASE("a quote is split at its omission marks") {
        using V = std::vector<std::string>;
        CHECK(decree::quote_passages("a ... b") == V{"a", "b"});
        CHECK(decree::quote_passages("a…b … c") == V{"a", "b", "c"});
        CHECK(decree::quote_passages("a [...] b (…) c [ … ] d") == V{"a", "b", "c", "d"});
        CHECK(decree::quote_passages("tốt.... Người") == V{"tốt", "Người"});
        CHECK(decree::quote_passages("... a ...") == V{"a"});
        CHECK(decree::quote_passages("a. b, c (d)") == V{"a. b, c (d)"});  // no omission
        CHECK(decree::quote_passages("a .. b") == V{"a .. b"});            // two dots are not one
    }

    TEST_CASE("matching: white space and line breaks do not count") {
        CHECK(found("Người có đủ điều kiện quy định tại Điều 11 của Luật này không được đề nghị đặc xá khi "
                    "thuộc một trong các trường hợp sau đây:",
                    law));
        CHECK(found("  Trước   đó đã\nđược đặc xá; ", law));
        CHECK(found("5.\tCó từ 02 tiền án trở lên;", law));
    }

    TEST_CASE("matching: passages between omission marks, in order") {
        CHECK(found("Người có đủ điều kiện ... không được đề nghị đặc xá … sau đây:", law));
        CHECK(found("Trước đó đã được đặc xá; ... trở lên;", law));
        // The source's own marker need not be quoted, but no passage runs over it.
        CHECK(found("Có từ 02 tiền án trở lên; ... Điều 13. Quyền và nghĩa vụ", law));
        CHECK_FALSE(found("Có từ 02 tiền án trở lên; Điều 13. Quyền và nghĩa vụ", law));
        // A passage out of order fails, and says so.
        const auto m = match_quote("Có từ 02 tiền án trở lên; ... Trước đó đã được đặc xá;", prepare_source(law));
        CHECK_FALSE(m.found);
        CHECK(m.failed == 1);
        CHECK(m.out_of_order);
        // Each passage comes after the previous one, not inside it.
        CHECK_FALSE(found("trở lên; ... lên;", law));
        CHECK(found("4. Trước ... 5. Có", law));
    }

    TEST_CASE("matching: letters, diacritics, case and punctuation are exact") {
        CHECK_FALSE(found("Trước đó đã được đặc xả;", law));  // one tone mark changed
        CHECK_FALSE(found("Trước đó đã được dặc xá;", law));  // đ without its stroke
        CHECK_FALSE(found("trước đó đã được đặc xá;", law));  // case
        CHECK_FALSE(found("Trước đó đã được đặc xá.", law));  // punctuation
        CHECK_FALSE(found("Có từ 2 tiền án trở lên;", law));  // 02 is written 02
        // NFD in the quote, NFC in the source: the same text.
        CHECK(found("Trước đó đã được \xC4\x91\x61\xCC\xA3\xCC\x86\x63 xá;", "Tr\xC6\xB0\xE1\xBB\x9B\x63 đó đã được đặc xá;"));
    }

    TEST_CASE("the hint shows where the text departs from the source") {
        const auto source = prepare_source(law);
        auto hint = [&](const std::string& q) { return decree::describe_mismatch(match_quote(q, source), source).en; };
        CHECK(hint("Có từ 02 tiền án trở lên (Luật Đặc xá Điều 12 khoản 5).") ==
              "the source has \"... án trở lên; [...]\" where the text has \"... án trở lên (Luật Đặc xá Điều ...\"");
        CHECK(hint("Trước đó đã được đặc xả;") ==
              "the source has \"... được đặc xá; 5. Có từ ...\" where the text has \"... được đặc xả;\"");
        CHECK(hint("Người bị kết án về tội phản bội Tổ quốc") ==
              "the source has no passage beginning \"Người bị kết án về tội phản bội ...\"");
        CHECK(hint("Có từ 02 tiền án trở lên; ... Trước đó đã được đặc xá;") ==
              "the passage \"Trước đó đã được đặc xá;\" is in the source, but before the passage that precedes it "
              "in the text");
        CHECK(hint("Trước đó đã được đặc xá;").empty());
        // In Vietnamese, with the same passages.
        CHECK(decree::describe_mismatch(match_quote("Trước đó đã được đặc xả;", source), source).vi ==
              "nguồn ghi \"... được đặc xá; 5. Có từ ...\" trong khi nội dung trích dẫn ghi \"... được đặc xả;\"");
    }

    TEST_CASE("source files are looked up in each directory in order, inside it") {
        decree::source_library lib({"tests/sources/legal", "tests/sources/more"});
        const auto& first = lib.find("luat-dac-xa-2018-dieu-11-12.txt");
        CHECK(first.error.empty());
        CHECK(first.path == "tests/sources/legal/luat-dac-xa-2018-dieu-11-12.txt");
        CHECK(match_quote("Có từ 02 tiền án trở lên;", first.prepared).found);
        CHECK(lib.find("luat-dac-xa-2018-dieu-1.txt").path == "tests/sources/more/luat-dac-xa-2018-dieu-1.txt");
        CHECK(lib.find("bao/hd-94-trich.txt").error.empty());
        CHECK(lib.find("no-such-file.txt").error.en.find("not found in") == 0);
        CHECK(lib.find("../legal/luat-dac-xa-2018-dieu-11-12.txt").error.en == "is not a path inside the sources directories");
        CHECK(lib.find("/etc/passwd").error.en == "is not a path inside the sources directories");
        const auto& names = lib.names();
        CHECK(std::count(names.begin(), names.end(), "luat-dac-xa-2018-dieu-11-12.txt") == 1);
        CHECK(std::count(names.begin(), names.end(), "bao/hd-94-trich.txt") == 1);
    }

    TEST_CASE("the check of a file: provisions inherit the source files around them") {
        const std::string text =
            "module \"m\"\n"
            "  source file \"luat-dac-xa-2018-dieu-11-12.txt\"\n"
            "article 12\n"
            "  clause 4\n"
            "    text \"Trước đó đã được đặc xá;\"\n"
            "  clause 5\n"
            "    text \"Có từ 03 tiền án trở lên;\"\n"
            "    paraphrase \"not looked up\"\n"
            "article 13\n"
            "  source file \"bao/hd-94-trich.txt\"\n"
            "  text \"Thời gian được giảm thời hạn chấp hành án phạt tù được tính để\n"
            "        trừ vào phần thời hạn chấp hành án phạt tù còn lại.\"\n"
            "  source file \"missing.txt\"\n";
        decree::source_manager sm;
        decree::diagnostic_sink parse_sink;
        const auto file = parse_text(text, sm, parse_sink);
        REQUIRE(file);
        REQUIRE(file->articles[0].children[1].texts.size() == 2);
        CHECK(file->articles[0].children[1].texts[1].paraphrase);
        decree::source_library lib({"tests/sources/legal"});
        decree::diagnostic_sink sink;
        decree::source_check_stats stats;
        decree::check_sources(*file, lib, sink, stats);
        CHECK(stats.checked == 3);
        CHECK(stats.not_found == 1);
        CHECK(stats.files.size() == 2);
        REQUIRE(sink.all().size() == 2);
        CHECK(sink.all()[0].id == decree::code::E0601);
        CHECK(sm.get(0).position(sink.all()[0].primary.begin).line == 7);
        CHECK(sink.all()[1].id == decree::code::E0603);
        CHECK(decree::summary_line(stats) == "3 verbatim texts checked against 2 source files: 1 not found");
    }

    TEST_CASE("`source file` and `paraphrase` survive the formatter and its translation") {
        const std::string text =
            "module \"m\"\n"
            "  source file \"a.txt\"\n"
            "article 1\n"
            "  source file \"b/c.txt\"\n"
            "  clause 2\n"
            "    text \"x\"\n"
            "    paraphrase \"y \"\n"
            "               \"z\"\n";
        decree::source_manager sm;
        decree::diagnostic_sink sink;
        const auto en = sm.add("en.decree", text);
        const auto vi_text = decree::format(sm.get(en), sink, decree::keyword_language::vi);
        REQUIRE(vi_text);
        CHECK(vi_text->find("tệp nguồn \"a.txt\"") != std::string::npos);
        CHECK(vi_text->find("    diễn giải \"y \"\n              \"z\"") != std::string::npos);
        const auto vi = sm.add("vi.decree", *vi_text);
        const auto back = decree::format(sm.get(vi), sink, decree::keyword_language::en);
        REQUIRE(back);
        CHECK(*back == text);
        const auto parsed = decree::parse(sm.get(vi), sink);
        REQUIRE(parsed);
        REQUIRE(parsed->source_files.size() == 1);
        CHECK(parsed->source_files[0].name == "a.txt");
        CHECK(parsed->articles[0].source_files[0].name == "b/c.txt");
        const auto& texts = parsed->articles[0].children[0].texts;
        REQUIRE(texts.size() == 2);
        CHECK_FALSE(texts[0].paraphrase);
        CHECK(texts[1].paraphrase);
        CHECK(texts[1].value == "y z");
    }
}
