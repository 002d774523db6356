// decreec: the Decree command line.
#include <cstdlib>
#include <iostream>
#include <unistd.h>

#include "cli/cli.hpp"

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    decree::cli::environment env;
    env.color = isatty(STDERR_FILENO) != 0 && std::getenv("NO_COLOR") == nullptr;
    return decree::cli::run(args, std::cout, std::cerr, env);
}
