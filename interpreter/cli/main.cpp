// decreec: the Decree command line.
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <new>
#include <string_view>
#include <unistd.h>

#include "cli/cli.hpp"
#include "decree/lang/messages.hpp"

namespace {

// What the out-of-memory handler writes, made before it can be needed (the handler allocates nothing).
const std::string* out_of_memory = nullptr;

}  // namespace

int main(int argc, char** argv) {
    // Out of memory, in any thread: a clear message and exit 70, never an abort. The message is
    // written without allocating.
    const auto lang = decree::language_from_environment();
    static const std::string message = decree::say(decree::msg::cli_out_of_memory).in(lang.value_or(decree::language::en)) + "\n";
    out_of_memory = &message;
    std::set_new_handler([] {
        [[maybe_unused]] const auto n = write(STDERR_FILENO, out_of_memory->data(), out_of_memory->size());
        _exit(70);
    });
    // Into a file or a pipe, output goes out in 1 MiB writes (a roster's results are written a
    // few kilobytes at a time; the default 4 KiB buffer made a system call of each).
    static char out_buffer[1 << 20];
    if (isatty(STDOUT_FILENO) == 0) std::setvbuf(stdout, out_buffer, _IOFBF, sizeof out_buffer);
    const std::vector<std::string> args(argv + 1, argv + argc);
    decree::cli::environment env;
    // Colour on a terminal only, and not for NO_COLOR (when set and not empty, no-color.org) or
    // TERM=dumb; `--color always|never` decides over both.
    const char* no_color = std::getenv("NO_COLOR");
    const char* term = std::getenv("TERM");
    env.color = isatty(STDERR_FILENO) != 0 && (no_color == nullptr || *no_color == '\0') &&
                (term == nullptr || std::string_view(term) != "dumb");
    env.out_fd = STDOUT_FILENO;
    env.err_fd = STDERR_FILENO;
    env.err_terminal = isatty(STDERR_FILENO) != 0 && (term == nullptr || std::string_view(term) != "dumb");
    env.catch_signals = true;
    env.lang = lang;
    int code = decree::cli::run(args, std::cout, std::cerr, env);
    // Nothing written is left unchecked: the last of standard output's buffer, its error flag,
    // and closing it (where a file system may report a failed write late). A closed standard
    // output that was never written to is no error.
    std::cout.flush();
    errno = 0;
    bool failed = std::fflush(stdout) != 0 || std::ferror(stdout) != 0;
    int e = errno;
    if (!failed && ::close(STDOUT_FILENO) != 0 && errno != EBADF) {
        failed = true;
        e = errno;
    }
    if (failed && code != decree::cli::io_error) {
        std::cerr << (e != 0 ? decree::say(decree::msg::cli_cannot_write_stdout_because, {std::strerror(e)})
                             : decree::say(decree::msg::cli_cannot_write_stdout))
                         .in(env.messages())
                  << "\n";
        code = decree::cli::io_error;
    }
    return code;
}
