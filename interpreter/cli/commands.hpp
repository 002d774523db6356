// Subcommands of decreec that evaluate case records (internal to the CLI).
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "cli/cli.hpp"
#include "decree/lang/front_end.hpp"

namespace decree::cli {

// compile_file, with `-` read from standard input (named `<stdin>`, imports relative to the
// current folder).
std::unique_ptr<compilation> compile_path(const std::string& path, const compile_options& options, bool& io_error);

// Compiles the decree at [path] for a command. On failure prints the problem to [err] (the
// diagnostics in [style]) and sets [code] (74 unreadable, 65 errors or, with [need_input], no
// `input` record); returns null then.
std::unique_ptr<compilation> load_decree(const std::string& path, std::ostream& err, const environment& env,
                                         int& code, bool need_input, render_style style = render_style::rich);

int eval_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err, const environment& env);
int test_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err, const environment& env);
// decreec diff OLD NEW without case files: the two rounds compared provision by provision, as
// text ([english] or Vietnamese) or one JSON document. 0 when both compile, whatever changed.
int structure_diff(const std::string& old_path, const std::string& new_path, bool json, bool english, std::ostream& out,
                   std::ostream& err, const environment& env);
int diff_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err, const environment& env);
int graph_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err, const environment& env);
// decreec lsp: the language server on file descriptors 0 and 1 (not the given streams, which
// the protocol would bypass); the log goes to [err]. 0 after shutdown and exit, else 1.
int lsp_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err, const environment& env);
// decreec serve: the rounds over HTTP (cli/serve/server.hpp) until SIGTERM or SIGINT.
int serve_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err, const environment& env);
int schema_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err, const environment& env);

}  // namespace decree::cli
