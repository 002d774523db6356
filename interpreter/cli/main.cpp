// decreec: the Decree command line.
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <unistd.h>

#include "cli/cli.hpp"

int main(int argc, char** argv) {
    // Into a file or a pipe, output goes out in 1 MiB writes (a roster's results are written a
    // few kilobytes at a time; the default 4 KiB buffer made a system call of each).
    static char out_buffer[1 << 20];
    if (isatty(STDOUT_FILENO) == 0) std::setvbuf(stdout, out_buffer, _IOFBF, sizeof out_buffer);
    const std::vector<std::string> args(argv + 1, argv + argc);
    decree::cli::environment env;
    env.color = isatty(STDERR_FILENO) != 0 && std::getenv("NO_COLOR") == nullptr;
    return decree::cli::run(args, std::cout, std::cerr, env);
}
