// decreec serve: the command's options (cli/usage.cpp's table) into the server's settings.
#include <charconv>
#include <fstream>
#include <ostream>

#include "cli/commands.hpp"
#include "cli/serve/server.hpp"
#include "cli/usage.hpp"
#include "decree/lang/messages.hpp"

namespace decree::cli {

int serve_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err, const environment& env) {
    const auto lang = env.messages();
    arguments given;
    if (const auto end = parse_arguments("serve", args, given, out, err, lang)) return *end;
    serve::settings s;
    s.rounds = given.operands;
    if (const auto addr = given.value("--addr")) {
        // HOST:PORT, the host possibly an IPv6 address in brackets.
        const auto colon = addr->rfind(':');
        unsigned port = 0;
        std::string host = colon == std::string::npos ? "" : addr->substr(0, colon);
        if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
        const auto digits = colon == std::string::npos ? std::string_view() : std::string_view(*addr).substr(colon + 1);
        const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
        if (host.empty() || digits.empty() || ec != std::errc() || end != digits.data() + digits.size() || port > 65535) {
            err << say(msg::srv_bad_address, {*addr}).in(lang) << "\n";
            return usage;
        }
        s.host = host;
        s.port = static_cast<unsigned short>(port);
    }
    // The numbers: a whole number each, or a usage error that names the option.
    struct number {
        std::string_view option;
        std::size_t* to;
    };
    std::size_t threads = 0, timeout = s.timeout_seconds;
    for (const auto& [option, to] : {number{"--threads", &threads}, number{"--max-body", &s.max_body},
                                     number{"--max-header", &s.max_header}, number{"--max-batch", &s.max_batch},
                                     number{"--max-connections", &s.max_connections}, number{"--timeout", &timeout}}) {
        const auto v = given.value(option);
        if (!v) continue;
        const auto n = whole_number(*v, 12);
        if (!n || *n == 0) {
            err << say(msg::cli_option_needs_number, {option, *v}).in(lang) << "\n";
            print_usage_hint(find_command("serve"), err, lang);
            return usage;
        }
        *to = *n;
    }
    s.threads = static_cast<unsigned>(std::min<std::size_t>(threads, 64));
    s.timeout_seconds = static_cast<unsigned>(std::min<std::size_t>(timeout, 86400));
    s.log_inputs = given.has("--log-inputs");
    s.watch = !given.has("--no-watch");
    if (const auto log = given.value("--decision-log")) s.decision_log = *log;
    if (const auto file = given.value("--token-file")) {
        std::ifstream in(*file, std::ios::binary);
        std::string token;
        if (!in || !std::getline(in, token)) {
            const text why = in ? say(msg::srv_token_empty) : os_reason(errno);
            err << say(msg::srv_token_unreadable, {*file, why}).in(lang) << "\n";
            return io_error;
        }
        while (!token.empty() && (token.back() == '\r' || token.back() == ' ' || token.back() == '\t')) token.pop_back();
        if (token.empty()) {
            err << say(msg::srv_token_unreadable, {*file, say(msg::srv_token_empty)}).in(lang) << "\n";
            return io_error;
        }
        s.token = token;
    }
    return serve::run(s, err, env);
}

}  // namespace decree::cli
