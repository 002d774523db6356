// The one catalogue of messages that diagnostics and the command line say. A message is a row of
// messages.def: an English and a Vietnamese template with the same placeholders (`{}` or `{0}`,
// `{1}`, ... in fmt's syntax, so that either language may put them in its own order). say()
// fills both.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "decree/lang/text.hpp"

namespace decree {

// A value put into a message: the same in both languages (a name, a number, a piece of source
// text) or a text of its own (a type's name, a provision's citation).
struct message_arg {
    std::string en;
    std::string vi;

    message_arg(std::string_view same) : en(same), vi(same) {}
    message_arg(const std::string& same) : en(same), vi(same) {}
    message_arg(const char* same) : en(same), vi(same) {}
    message_arg(const text& t) : en(t.en.empty() ? t.vi : t.en), vi(t.in(language::vi)) {}
    message_arg(std::int64_t n) : en(std::to_string(n)), vi(std::to_string(n)) {}
    message_arg(int n) : message_arg(static_cast<std::int64_t>(n)) {}
    message_arg(std::size_t n) : en(std::to_string(n)), vi(std::to_string(n)) {}
};

// Every message, named; the rows live in messages.def.
enum class msg : std::uint16_t {
#define DECREE_MESSAGE(id, en, vi) id,
#include "decree/lang/messages.def"
#undef DECREE_MESSAGE
};

struct message_info {
    std::string_view id;
    std::string_view en;
    std::string_view vi;
};

const message_info& info(msg m);
const std::vector<message_info>& all_messages();

// [m] with [args] put in, in both languages. A template that does not match its arguments
// (caught by the catalogue's test) gives the template itself.
text say(msg m, std::initializer_list<message_arg> args = {});
// A count with its noun: a row whose English is "{} error|{} errors" gives "1 error", "2 errors";
// a template without `|` is used for every count (Vietnamese nouns do not change).
text say_count(msg m, std::size_t n);

// What the system says of the error number [e]: strerror's English, and Vietnamese for the
// failures reading and writing files meet ("không có tệp hoặc thư mục này").
text os_reason(int e);

}  // namespace decree
