// decreec lsp: the language server over standard input and output. Standard output carries the
// protocol only; the server's log goes to standard error.
#include <csignal>
#include <ostream>

#include "cli/commands.hpp"
#include "cli/usage.hpp"
#include "cli/lsp/server.hpp"
#include "cli/lsp/transport.hpp"
#include "decree/lang/messages.hpp"

namespace decree::cli {

int lsp_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err, const environment& env) {
    arguments given;  // clients may pass --stdio; it is the only transport
    if (const auto end = parse_arguments("lsp", args, given, out, err, env.messages())) return *end;
    std::signal(SIGPIPE, SIG_IGN);  // a client that goes away ends the loop, not the process
    return lsp::serve(0, 1, [&err](const std::string& line) { err << "decreec lsp: " << line << std::endl; },
                      std::size_t{256} << 20, env.stdlib_dirs, env.messages());
}

}  // namespace decree::cli

namespace decree::lsp {

int serve(int in, int out, const std::function<void(const std::string&)>& log, std::size_t max_body,
          const std::vector<std::string>& stdlib_dirs, language lang) {
    transport io(in, out, max_body);
    bool closed = false;
    server srv([&](const std::string& body) { closed = closed || !io.write(body); }, log);
    srv.set_stdlib_dirs(stdlib_dirs);
    srv.set_language(lang);  // until the client names its locale
    while (!srv.exit_code() && !closed) {
        // Changes that arrive together are analysed once, when the input pauses.
        if (!io.pending()) srv.flush();
        auto message = io.read();
        if (!message) break;
        if (!message->problem.empty()) log(say(msg::lsp_log_skipped, {message->problem}).in(srv.language_of_client()));
        if (message->body.empty()) {
            if (!message->problem.empty()) srv.framing_error(message->problem);
            continue;
        }
        srv.handle(message->body);
    }
    if (const auto code = srv.exit_code()) return *code;
    if (closed) log(say(msg::lsp_log_closed).in(srv.language_of_client()));
    return srv.shut_down() ? cli::ok : cli::failed;
}

}  // namespace decree::lsp
