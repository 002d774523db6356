// decreec serve: an HTTP/1.1 server (Boost.Beast over Asio, keep-alive, a pool of threads)
// that decides case records with the rounds it was given (docs/server.md).
#pragma once

#include <cstddef>
#include <iosfwd>
#include <string>
#include <vector>

#include "cli/cli.hpp"

namespace decree::cli::serve {

struct settings {
    std::string host = "127.0.0.1";
    unsigned short port = 8181;
    unsigned threads = 0;  // 0: the cores, at most 8
    std::vector<std::string> rounds;  // the decree files
    std::string token;  // empty: no authentication
    std::string decision_log;  // empty: none
    bool log_inputs = false;
    std::size_t max_body = std::size_t{64} << 20;
    std::size_t max_header = 16384;
    std::size_t max_batch = 100000;
    std::size_t max_connections = 512;
    unsigned timeout_seconds = 15;
    bool watch = true;
};

// Serves until SIGTERM or SIGINT (then drains: no new connection, the requests in flight
// finished), SIGHUP reloads. Returns the exit code: 0 after a drain, 74 when it cannot listen or
// open the decision log, 65 when a round does not load at start.
int run(const settings& s, std::ostream& err, const environment& env);

}  // namespace decree::cli::serve
