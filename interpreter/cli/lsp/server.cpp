// The language server's protocol side: messages, lifecycle, documents, analysis, diagnostics.
#include "cli/lsp/server.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "decree/lang/messages.hpp"
#include "proofs.hpp"

namespace decree::lsp {

namespace {

// JSON-RPC and LSP error codes.
constexpr int parse_error = -32700;
constexpr int invalid_request = -32600;
constexpr int method_not_found = -32601;
constexpr int invalid_params = -32602;
constexpr int internal_error = -32603;
constexpr int server_not_initialized = -32002;

// Thrown for a request whose parameters lack what the method needs.
struct bad_params {
    text what;
};

simdjson::dom::element member(simdjson::dom::element e, std::string_view key) {
    simdjson::dom::element out;
    if (!e.is_object() || e.get_object()[key].get(out) != simdjson::SUCCESS) {
        throw bad_params{say(msg::lsp_param_missing, {key})};
    }
    return out;
}

std::string string_member(simdjson::dom::element e, std::string_view key) {
    std::string_view out;
    if (member(e, key).get(out) != simdjson::SUCCESS) throw bad_params{say(msg::lsp_param_not_string, {key})};
    return std::string(out);
}

std::int64_t integer_member(simdjson::dom::element e, std::string_view key) {
    const auto m = member(e, key);
    std::int64_t out = 0;
    if (m.get(out) == simdjson::SUCCESS) return out;
    std::uint64_t u = 0;
    if (m.get(u) == simdjson::SUCCESS && u <= 0x7fffffff) return static_cast<std::int64_t>(u);
    throw bad_params{say(msg::lsp_param_not_integer, {key})};
}

position position_member(simdjson::dom::element e, std::string_view key) {
    const auto p = member(e, key);
    const auto line = integer_member(p, "line");
    const auto character = integer_member(p, "character");
    if (line < 0 || character < 0 || line > 0x7fffffff || character > 0x7fffffff) {
        throw bad_params{say(msg::lsp_param_bad_position)};
    }
    return {static_cast<std::uint32_t>(line), static_cast<std::uint32_t>(character)};
}

range range_member(simdjson::dom::element e, std::string_view key) {
    const auto r = member(e, key);
    return {position_member(r, "start"), position_member(r, "end")};
}


int severity_number(severity s) { return s == severity::error ? 1 : s == severity::warning ? 2 : 3; }

constexpr const char* capabilities =
    R"({"capabilities":{"positionEncoding":"utf-16",)"
    R"("textDocumentSync":{"openClose":true,"change":1},)"
    R"("hoverProvider":true,"definitionProvider":true,"documentSymbolProvider":true,)"
    R"("completionProvider":{"triggerCharacters":["."],"resolveProvider":false},)"
    R"("documentFormattingProvider":true},)"
    R"("serverInfo":{"name":"decreec","version":"0.1.0"}})";

}  // namespace

server::server(std::function<void(const std::string&)> send, std::function<void(const std::string&)> log)
    : m_send(std::move(send)), m_log(std::move(log)) {}

void server::reply(const std::string& id, const std::string& result) {
    m_send(R"({"jsonrpc":"2.0","id":)" + id + R"(,"result":)" + result + "}");
}

void server::fail(const std::string& id, int code, const std::string& message) {
    m_send(R"({"jsonrpc":"2.0","id":)" + id + R"(,"error":{"code":)" + std::to_string(code) +
           R"(,"message":)" + quote(message) + "}}");
}

void server::notify(const std::string& method, const std::string& params) {
    m_send(R"({"jsonrpc":"2.0","method":)" + quote(method) + R"(,"params":)" + params + "}");
}

void server::framing_error(const text& problem) { fail("null", parse_error, say(msg::lsp_not_a_message, {problem}).in(m_lang)); }

void server::handle(std::string_view body) {
    std::string id;  // the request's id as JSON, empty for a notification
    try {
        const simdjson::padded_string padded(body);
        simdjson::dom::element msg;
        if (const auto err = m_parser.parse(padded).get(msg); err != simdjson::SUCCESS) {
            fail("null", parse_error, std::string("invalid JSON: ") + simdjson::error_message(err));
            return;
        }
        if (!msg.is_object()) {
            fail("null", invalid_request, "a message must be a JSON object");
            return;
        }
        simdjson::dom::element id_element;
        if (msg.get_object()["id"].get(id_element) == simdjson::SUCCESS) {
            if (!id_element.is_string() && !id_element.is_int64() && !id_element.is_uint64()) {
                fail("null", invalid_request, "the id must be a number or a string");
                return;
            }
            id = simdjson::minify(id_element);
        }
        std::string_view method;
        if (msg.get_object()["method"].get(method) != simdjson::SUCCESS) {
            // A response to a request of ours (the server sends none), or nonsense.
            if (id.empty()) fail("null", invalid_request, "a message needs a `method`");
            return;
        }
        simdjson::dom::element params;
        if (msg.get_object()["params"].get(params) != simdjson::SUCCESS) params = msg;  // no params
        dispatch(std::string(method), id.empty() ? nullptr : &id, params);
    } catch (const bad_params& e) {
        if (!id.empty()) fail(id, invalid_params, e.what.in(m_lang));
        log(say(msg::lsp_log_invalid_params, {e.what}));
    } catch (const std::exception& e) {
        if (!id.empty()) fail(id, internal_error, std::string("internal error: ") + e.what());
        log(say(msg::lsp_log_internal_error, {e.what()}));
    } catch (...) {
        if (!id.empty()) fail(id, internal_error, "internal error");
        log(say(msg::lsp_log_internal_error, {"?"}));
    }
}

void server::dispatch(const std::string& method, const std::string* id, element params) {
    if (method == "exit") {
        m_exit = m_shutdown ? 0 : 1;
        return;
    }
    if (id == nullptr) {  // notifications
        if (!m_initialized || m_shutdown) return;
        if (method == "textDocument/didOpen") did_open(params);
        else if (method == "textDocument/didChange") did_change(params);
        else if (method == "textDocument/didClose") did_close(params);
        return;  // initialized, didSave, $/cancelRequest, configuration changes: nothing to do
    }
    if (method == "initialize") {
        if (m_initialized) return fail(*id, invalid_request, "the server is already initialized");
        m_initialized = true;
        // The workspace's folders: relative imports and `follows` may read anywhere in them.
        if (params.is_object()) {
            // The client's user interface language ("vi", "vi-VN", "en-US"): diagnostics in it.
            std::string_view locale;
            if (params.get_object()["locale"].get(locale) == simdjson::SUCCESS && !locale.empty()) {
                m_lang = locale.starts_with("vi") ? language::vi : language::en;
            }
            std::string_view uri;
            if (params.get_object()["rootUri"].get(uri) == simdjson::SUCCESS && uri.starts_with("file://")) {
                m_import_roots.push_back(uri_to_path(uri));
            }
            simdjson::dom::array folders;
            if (params.get_object()["workspaceFolders"].get(folders) == simdjson::SUCCESS) {
                for (const auto f : folders) {
                    if (f.is_object() && f.get_object()["uri"].get(uri) == simdjson::SUCCESS && uri.starts_with("file://")) {
                        m_import_roots.push_back(uri_to_path(uri));
                    }
                }
            }
        }
        return reply(*id, capabilities);
    }
    if (!m_initialized) return fail(*id, server_not_initialized, "the server is not initialized");
    if (m_shutdown) return fail(*id, invalid_request, "the server is shut down");
    if (method == "shutdown") {
        m_shutdown = true;
        return reply(*id, "null");
    }
    using feature = std::string (server::*)(document&, position);
    static const std::map<std::string, feature, std::less<>> at_position = {
        {"textDocument/hover", &server::hover},
        {"textDocument/definition", &server::definition},
        {"textDocument/completion", &server::completion},
    };
    const bool whole = method == "textDocument/documentSymbol" || method == "textDocument/formatting";
    const auto f = at_position.find(method);
    if (f == at_position.end() && !whole) return fail(*id, method_not_found, "unknown method `" + method + "`");
    document* doc = find(params);
    if (doc == nullptr) return reply(*id, whole ? "[]" : "null");
    if (doc->stale) {
        analyse(*doc);
        publish(*doc);
    }
    if (method == "textDocument/documentSymbol") return reply(*id, symbols(*doc));
    if (method == "textDocument/formatting") return reply(*id, formatting(*doc));
    const auto p = position_member(params, "position");
    reply(*id, (this->*(f->second))(*doc, p));
}

document* server::find(element params) {
    const auto uri = string_member(member(params, "textDocument"), "uri");
    const auto it = m_documents.find(uri);
    if (it == m_documents.end()) {
        log(say(msg::lsp_log_not_open, {uri}));
        return nullptr;
    }
    return &it->second;
}

void server::did_open(element params) {
    const auto item = member(params, "textDocument");
    document doc;
    doc.uri = string_member(item, "uri");
    doc.name = uri_to_path(doc.uri);
    if (doc.name.empty()) doc.name = doc.uri;
    doc.version = integer_member(item, "version");
    doc.text.assign(string_member(item, "text"));
    const auto name = doc.name;
    m_documents[doc.uri] = std::move(doc);
    touched(name);
}

void server::did_change(element params) {
    const auto id = member(params, "textDocument");
    const auto uri = string_member(id, "uri");
    const auto it = m_documents.find(uri);
    if (it == m_documents.end()) {
        log(say(msg::lsp_log_change_not_open, {uri}));
        return;
    }
    auto& doc = it->second;
    simdjson::dom::array changes;
    if (member(params, "contentChanges").get(changes) != simdjson::SUCCESS) throw bad_params{say(msg::lsp_param_not_array, {"contentChanges"})};
    for (const auto change : changes) {
        simdjson::dom::element r;
        const auto text = string_member(change, "text");
        if (change.is_object() && change.get_object()["range"].get(r) == simdjson::SUCCESS) {
            doc.text.replace(range_member(change, "range"), text);
        } else {
            doc.text.assign(text);
        }
    }
    simdjson::dom::element version;
    std::int64_t v = 0;
    if (id.get_object()["version"].get(version) == simdjson::SUCCESS && version.get(v) == simdjson::SUCCESS) doc.version = v;
    doc.stale = true;
    touched(doc.name);
}

void server::touched(const std::string& name) {
    // Documents that import [name] (`import "common.decree"`) are analysed again too.
    for (auto& [uri, other] : m_documents) {
        if (other.name == name || !other.current) continue;
        for (std::size_t i = 1; i < other.current->sources.size(); ++i) {
            if (other.current->sources.get(static_cast<source_id>(i)).name() == name) other.stale = true;
        }
    }
}

void server::did_close(element params) {
    const auto uri = string_member(member(params, "textDocument"), "uri");
    const auto it = m_documents.find(uri);
    if (it != m_documents.end()) {
        const auto name = it->second.name;
        m_documents.erase(it);
        touched(name);  // importers read the file from disk again
        notify("textDocument/publishDiagnostics", R"({"uri":)" + quote(uri) + R"(,"diagnostics":[]})");
    }
}

std::optional<std::string> server::read_source(const std::string& path) const {
    // An open document is read from the editor's buffer, saved or not.
    for (const auto& [uri, doc] : m_documents) {
        if (doc.name == path) return doc.text.text();
    }
    // From disk like `decreec check`: a regular file only, at most max_source_bytes + 1 bytes.
    return decree::read_source(path);
}

void server::analyse(document& doc) {
    doc.stale = false;
    compile_options options;
    options.index = true;
    options.check_follows = true;
    options.read_file = [this](const std::string& path) { return read_source(path); };
    options.import_roots = m_import_roots;
    options.stdlib_dirs = m_stdlib_dirs;
    try {
        auto checked = compile(doc.name, doc.text.text(), options);
        // The consistency proofs of `decreec check` (E0701), as on the command line, with 5 seconds
        // for all of them: an analysis runs on each edit (W0702 says when that was not enough).
        if (checked->program) {
            proofs::options po;
            po.budget_ms = 5000;
            proofs::report(*checked->program, checked->diagnostics, po);
        }
        std::shared_ptr<const compilation> comp = std::move(checked);
        doc.current = comp;
        if (comp->index.parsed) doc.parsed = comp;
        if (comp->index.checked) doc.checked = comp;
    } catch (const std::exception& e) {
        log(say(msg::lsp_log_analysis_failed, {doc.uri, e.what()}));
        doc.current.reset();
    }
}

void server::flush() {
    for (auto& [uri, doc] : m_documents) {
        if (!doc.stale) continue;
        analyse(doc);
        publish(doc);
    }
}

std::string server::uri_of(const compilation& comp, source_id file, const document& doc) {
    if (file == 0) return doc.uri;
    if (file >= comp.sources.size()) return doc.uri;
    const auto& name = comp.sources.get(file).name();
    constexpr std::string_view prefix = "stdlib/";
    if (name.starts_with(prefix) && name.ends_with(".decree")) {
        const auto key = name.substr(prefix.size(), name.size() - prefix.size() - 7);
        if (stdlib_module(key)) {
            auto it = m_stdlib_paths.find(key);
            if (it == m_stdlib_paths.end()) it = m_stdlib_paths.emplace(key, stdlib_path(key, stdlib_roots())).first;
            if (!it->second.empty()) return path_to_uri(it->second);
        }
    }
    return path_to_uri(name);
}

namespace {

std::string place(const compilation& comp, span s) {
    if (s.file >= comp.sources.size()) return "<input>";
    const auto& f = comp.sources.get(s.file);
    const auto lc = f.position(s.begin);
    return f.name() + ":" + std::to_string(lc.line) + ":" + std::to_string(lc.column);
}

// The root's import declaration that reads source [file] (as the resolver names it), if any.
const ast::import_decl* import_of(const compilation& comp, source_id file) {
    if (!comp.index.parsed || file >= comp.sources.size()) return nullptr;
    const auto& name = comp.sources.get(file).name();
    const auto& root = comp.sources.get(0).name();
    const ast::import_decl* found = nullptr;
    auto visit = [&](const std::vector<ast::decl>& decls) {
        for (const auto& d : decls) {
            const auto* im = std::get_if<ast::import_decl>(&d);
            if (im == nullptr || found != nullptr) continue;
            const auto path = im->relative ? beside(root, im->path) : "stdlib/" + im->path + ".decree";
            // A module of a `--stdlib` directory is named by its file, DIR/a/b.decree.
            if (path == name || (!im->relative && name.ends_with("/" + im->path + ".decree"))) found = im;
        }
    };
    visit(comp.index.syntax.decls);
    auto walk = [&](const ast::provision& p, auto&& self) -> void {
        visit(p.decls);
        for (const auto& c : p.children) self(c, self);
    };
    for (const auto& a : comp.index.syntax.articles) walk(a, walk);
    return found;
}

}  // namespace

void server::publish(const document& doc) {
    if (!doc.current) return;
    const auto& comp = *doc.current;
    std::string list;
    for (const auto& d : comp.diagnostics.all()) {
        const bool vi = m_lang == language::vi;
        std::string message = d.message.in(m_lang);
        std::string related;
        range where;
        auto relate = [&](span s, const std::string& text) {
            if (s.file >= comp.sources.size()) return;
            related += (related.empty() ? "" : ",") + std::string(R"({"location":{"uri":)") +
                       quote(uri_of(comp, s.file, doc)) + R"(,"range":)" + to_json(span_range(comp, s)) +
                       R"(},"message":)" + quote(text) + "}";
        };
        if (d.primary.file == 0) {
            where = span_range(comp, d.primary);
        } else {
            // A problem in another file: shown on the import that reads it, when the root
            // imports that file directly, else at the start of the document.
            const auto& follows = comp.index.syntax.follows;
            if (const auto* im = import_of(comp, d.primary.file)) {
                where = span_range(comp, im->loc);
            } else if (comp.index.parsed && follows &&
                       beside(comp.sources.get(0).name(), *follows) == comp.sources.get(d.primary.file).name()) {
                where = span_range(comp, comp.index.syntax.follows_loc);  // in the followed round
            }
            message = (vi ? "trong " : "in ") + place(comp, d.primary) + ": " + message;
            relate(d.primary, d.message.in(m_lang));
        }
        if (!d.note.empty()) message += "\n" + d.note.in(m_lang);
        if (!d.hint.empty()) message += (vi ? "\ngợi ý: " : "\nhint: ") + d.hint.in(m_lang);
        for (const auto& l : d.labels) relate(l.where, l.text.in(m_lang));
        list += (list.empty() ? "" : ",") + std::string(R"({"range":)") + to_json(where) +
                R"(,"severity":)" + std::to_string(severity_number(d.level)) + R"(,"code":)" +
                quote(info(d.id).id) + R"(,"source":"decree","message":)" + quote(message);
        if (!related.empty()) list += R"(,"relatedInformation":[)" + related + "]";
        list += "}";
    }
    notify("textDocument/publishDiagnostics", R"({"uri":)" + quote(doc.uri) + R"(,"version":)" +
                                                  std::to_string(doc.version) + R"(,"diagnostics":[)" + list + "]}");
}

range span_range(const compilation& comp, span s) {
    if (s.file >= comp.sources.size()) return {};
    const auto& f = comp.sources.get(s.file);
    const auto b = f.position_utf16(s.begin);
    const auto e = f.position_utf16(std::max(s.begin, s.end));
    return {{b.line - 1, b.column - 1}, {e.line - 1, e.column - 1}};
}

std::optional<located> server::locate(document& doc, position p, bool need_names) {
    const auto usable = [&](const std::shared_ptr<const compilation>& c) {
        return c && (need_names ? c->index.checked : c->index.parsed);
    };
    // Offsets of the client's text are those of the text as typed; spans are into its NFC form
    // (source_file).
    if (usable(doc.current) && doc.current->sources.size() > 0) {
        return located{doc.current, doc.current->sources.get(0).from_original(doc.text.offset(p))};
    }
    const auto& older = need_names ? doc.checked : doc.parsed;
    if (!usable(older) || older->sources.size() == 0) return std::nullopt;
    const auto& file = older->sources.get(0);
    const text_lines old(file.original());
    if (p.line >= old.line_count() || old.line(p.line) != doc.text.line(p.line)) return std::nullopt;
    return located{older, file.from_original(old.offset(p))};
}

const std::vector<std::string>& stdlib_roots() {
    static const std::vector<std::string> roots = {DECREE_SOURCE_DIR, DECREE_DATA_DIR};
    return roots;
}

std::string stdlib_path(std::string_view key, const std::vector<std::string>& roots) {
    const auto text = stdlib_module(key);
    if (!text) return {};
    const std::string relative = "stdlib/" + std::string(key) + ".decree";
    auto same = [&](const std::filesystem::path& p) {
        const auto disk = decree::read_source(p.string());
        return disk && *disk == *text;
    };
    for (const auto& root : roots) {
        const auto p = std::filesystem::path(root) / relative;
        if (same(p)) return p.string();
    }
    std::filesystem::path cache;
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg != nullptr && xdg[0] == '/') {
        cache = xdg;
    } else if (const char* home = std::getenv("HOME"); home != nullptr && home[0] == '/') {
        cache = std::filesystem::path(home) / ".cache";
    } else {
        cache = std::filesystem::temp_directory_path() / ("decree-" + std::to_string(::getuid()));
    }
    const auto p = cache / "decree" / "0.1.0" / relative;
    if (same(p)) return p.string();
    std::error_code ec;
    std::filesystem::create_directories(p.parent_path(), ec);
    const auto tmp = p.string() + ".tmp" + std::to_string(::getpid());
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out << *text;
        if (!out) return {};
    }
    std::filesystem::rename(tmp, p, ec);
    if (ec) {
        std::filesystem::remove(tmp, ec);
        return {};
    }
    return p.string();
}

}  // namespace decree::lsp
