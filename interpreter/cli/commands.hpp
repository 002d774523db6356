// Subcommands of decreec that evaluate case records (internal to the CLI).
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "cli/cli.hpp"

namespace decree::cli {

int eval_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err, const environment& env);
int test_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err, const environment& env);
int diff_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err, const environment& env);
int graph_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err, const environment& env);
int schema_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err, const environment& env);

}  // namespace decree::cli
