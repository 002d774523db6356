// The Decree language server: one thread, full-document sync. Each open document is compiled
// (with a source index) when it changes; diagnostics are published after each analysis, and
// hover, definition, document symbols, completion and formatting read the latest analysis.
// While a document does not parse, the features fall back to its last analysis that did.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <simdjson.h>

#include "cli/lsp/text.hpp"
#include "decree/lang/front_end.hpp"

namespace decree::lsp {

// One open document and its analyses.
struct document {
    std::string uri;
    std::string name;  // the file path (or the URI when it is not a file), given to the compiler
    text_lines text;
    std::int64_t version = 0;
    bool stale = true;  // changed since the last analysis
    std::shared_ptr<const compilation> current;  // the analysis of [text] (when not stale)
    std::shared_ptr<const compilation> parsed;   // the latest analysis whose root parsed
    std::shared_ptr<const compilation> checked;  // the latest analysis with names resolved
};

// Where a request points: the analysis to answer from, and the byte offset in its root source.
struct located {
    std::shared_ptr<const compilation> comp;
    std::uint32_t offset = 0;
};

class server {
public:
    // [send] writes one JSON message; [log] one line for the server's log (stderr).
    server(std::function<void(const std::string&)> send, std::function<void(const std::string&)> log);

    // A project's own standard-library modules (`decreec lsp --stdlib DIR`).
    void set_stdlib_dirs(std::vector<std::string> dirs) { m_stdlib_dirs = std::move(dirs); }
    // The language of diagnostics until the client names its own (`initialize`'s `locale`).
    void set_language(language lang) { m_lang = lang; }
    [[nodiscard]] language language_of_client() const { return m_lang; }

    // Handles one message body. Never throws.
    void handle(std::string_view body);
    // Answers bytes that were no message (a framing problem, [problem]) with a JSON-RPC parse
    // error (-32700, id null).
    void framing_error(const text& problem);
    // Analyses the documents changed since the last call and publishes their diagnostics.
    void flush();
    // Set once `exit` was received: the process exit code (0 after `shutdown`, else 1).
    [[nodiscard]] std::optional<int> exit_code() const { return m_exit; }
    [[nodiscard]] bool shut_down() const { return m_shutdown; }
    // The file:// URI for source [file] of [comp] (the stdlib's embedded files are given a
    // file on disk, see stdlib_path).
    std::string uri_of(const compilation& comp, source_id file, const document& doc);

private:
    using object = simdjson::dom::object;
    using element = simdjson::dom::element;

    void dispatch(const std::string& method, const std::string* id, element params);
    void reply(const std::string& id, const std::string& result);
    void fail(const std::string& id, int code, const std::string& message);
    void notify(const std::string& method, const std::string& params);

    // Documents.
    void did_open(element params);
    void did_change(element params);
    void did_close(element params);
    document* find(element params);
    void touched(const std::string& name);  // marks the documents importing [name] stale
    void analyse(document& doc);
    void publish(const document& doc);
    std::optional<std::string> read_source(const std::string& path) const;

    // Features (features.cpp); each returns the JSON of the result.
    std::string hover(document& doc, position p);
    std::string definition(document& doc, position p);
    std::string symbols(document& doc);
    std::string completion(document& doc, position p);
    std::string formatting(document& doc);

    // The analysis to answer from at [p] and the offset there: the current one, or an older
    // one when the current text does not parse and the line at [p] is unchanged since.
    std::optional<located> locate(document& doc, position p, bool need_names);

    std::function<void(const std::string&)> m_send;
    std::function<void(const std::string&)> m_log;
    // A line of the log, in the language of the client.
    void log(const text& line) const { m_log(line.in(m_lang)); }
    simdjson::dom::parser m_parser;
    std::map<std::string, document> m_documents;  // by URI
    std::map<std::string, std::string> m_stdlib_paths;
    std::vector<std::string> m_import_roots;  // the workspace's folders (initialize)
    std::vector<std::string> m_stdlib_dirs;   // compile_options::stdlib_dirs
    language m_lang = language::en;           // of the diagnostics published and the hovers
    bool m_initialized = false;
    bool m_shutdown = false;
    std::optional<int> m_exit;
};

// The protocol range of [s] in the sources of [comp] (empty when the file is unknown).
range span_range(const compilation& comp, span s);

// A file holding the embedded standard library module [key] ("vn/luat_dac_xa_2018") with
// exactly its text: [root]/stdlib/<key>.decree for the first of [roots] where that file has the
// embedded text, otherwise a copy written under $XDG_CACHE_HOME/decree/<version>/stdlib/
// (~/.cache when XDG_CACHE_HOME is unset, the temporary directory when there is no home).
// Empty when [key] is not embedded or no copy can be written.
std::string stdlib_path(std::string_view key, const std::vector<std::string>& roots);
// The source tree and the installed data directory (share/decree) of this build.
const std::vector<std::string>& stdlib_roots();

// The language server on file descriptors [in] and [out] until `exit` or the end of the input;
// the exit code (0 after `shutdown`, else 1). [max_body] bounds one message (transport).
int serve(int in, int out, const std::function<void(const std::string&)>& log,
          std::size_t max_body = std::size_t{256} << 20, const std::vector<std::string>& stdlib_dirs = {},
          language lang = language::en);

}  // namespace decree::lsp
