// The message catalogue and the choice of language.
#include <cerrno>
#include <cstring>
#include <cstdlib>
#include <utility>

#include <fmt/args.h>
#include <fmt/format.h>

#include <utf8proc.h>

#include "decree/lang/messages.hpp"

namespace decree {

std::string capitalized(std::string_view s) {
    utf8proc_int32_t c = 0;
    const auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data()), static_cast<utf8proc_ssize_t>(s.size()), &c);
    if (n <= 0) return std::string(s);
    utf8proc_uint8_t upper[4];
    const auto m = utf8proc_encode_char(utf8proc_toupper(c), upper);
    return std::string(reinterpret_cast<const char*>(upper), static_cast<std::size_t>(m)) + std::string(s.substr(static_cast<std::size_t>(n)));
}

const std::vector<message_info>& all_messages() {
    static const std::vector<message_info> table = {
#define DECREE_MESSAGE(id, en, vi) message_info{#id, en, vi},
#include "decree/lang/messages.def"
#undef DECREE_MESSAGE
    };
    return table;
}

const message_info& info(msg m) { return all_messages()[static_cast<std::size_t>(m)]; }

namespace {

std::string fill(std::string_view pattern, std::initializer_list<message_arg> args, bool vi) {
    fmt::dynamic_format_arg_store<fmt::format_context> store;
    for (const auto& a : args) store.push_back(vi ? a.vi : a.en);
    try {
        return fmt::vformat(pattern, store);
    } catch (const fmt::format_error&) {
        return std::string(pattern);
    }
}

}  // namespace

text say_count(msg m, std::size_t n) {
    const auto& row = info(m);
    auto form = [n](std::string_view t) {
        const auto bar = t.find('|');
        if (bar == std::string_view::npos) return t;
        return n == 1 ? t.substr(0, bar) : t.substr(bar + 1);
    };
    return text{fill(form(row.en), {message_arg(n)}, false), fill(form(row.vi), {message_arg(n)}, true)};
}

text say(msg m, std::initializer_list<message_arg> args) {
    const auto& row = info(m);
    return text{fill(row.en, args, false), fill(row.vi, args, true)};
}

std::optional<language> language_from_environment() {
    auto set = [](const char* name) -> std::string_view {
        const char* v = std::getenv(name);
        return v == nullptr ? std::string_view{} : std::string_view{v};
    };
    const auto decree_lang = set("DECREE_LANG");
    if (decree_lang.rfind("vi", 0) == 0) return language::vi;
    if (decree_lang.rfind("en", 0) == 0) return language::en;
    for (const char* name : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
        const auto v = set(name);
        if (v.empty()) continue;
        if (v.rfind("vi", 0) == 0) return language::vi;
        return std::nullopt;
    }
    return std::nullopt;
}

// What the system says of [e]: its own English (strerror), and Vietnamese for the failures
// reading and writing files meet.
text os_reason(int e) {
    static constexpr std::pair<int, msg> vietnamese[] = {
        {ENOSPC, msg::os_no_space},          {EDQUOT, msg::os_quota},           {EACCES, msg::os_permission},
        {EPERM, msg::os_not_permitted},      {ENOENT, msg::os_no_such_file},    {EISDIR, msg::os_is_directory},
        {ENOTDIR, msg::os_not_directory},    {EROFS, msg::os_read_only},        {EIO, msg::os_io_error},
        {EPIPE, msg::os_broken_pipe},        {EFBIG, msg::os_file_too_large},   {ENAMETOOLONG, msg::os_name_too_long},
        {ELOOP, msg::os_too_many_links},     {EMFILE, msg::os_too_many_open},   {ENFILE, msg::os_too_many_open},
        {EBUSY, msg::os_busy},               {ETXTBSY, msg::os_busy},
    };
    const std::string en = std::strerror(e);
    for (const auto& [number, m] : vietnamese) {
        if (number == e) return text{en, say(m).vi};
    }
    return text{en, say(msg::os_other, {en}).vi};
}

}  // namespace decree
