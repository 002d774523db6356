// The driver: runs the stages in order, stops before lowering when there are errors.
#include "decree/lang/front_end.hpp"

#include <array>
#include <filesystem>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "checker.hpp"
#include "decree/lang/messages.hpp"
#include "decree/lang/provenance.hpp"
#include "parse.hpp"

namespace decree {

namespace detail {

// Bytes that make a file unreadable as decree text: NUL, invalid UTF-8, excessive size.
bool validate(const source_file& file, diagnostic_sink& sink) {
    const auto& text = file.text();
    if (text.size() > max_source_bytes) {
        sink.error(code::E0100, span{file.id(), 0, 0},
                   say(msg::syn_file_too_large, {max_source_bytes >> 20}));
        return false;
    }
    if (text.starts_with("\xFF\xFE") || text.starts_with("\xFE\xFF")) {
        sink.error(code::E0100, span{file.id(), 0, 2}, say(msg::syn_file_utf16), say(msg::syn_save_utf16_as_utf8));
        return false;
    }
    std::size_t bad = 0;
    if (!utf8_valid(text, &bad)) {
        const bool nul = bad < text.size() && text[bad] == '\0';
        sink.error(code::E0100, span{file.id(), static_cast<std::uint32_t>(bad), static_cast<std::uint32_t>(bad + 1)},
                   say(nul ? msg::syn_nul_byte : msg::syn_invalid_utf8), say(msg::syn_save_as_utf8));
        return false;
    }
    return true;
}

bool import_allowed(const std::string& path, const std::vector<std::string>& roots) {
    namespace fs = std::filesystem;
    std::error_code ec;
    auto canonical = [&ec](const fs::path& p) {
        auto abs = fs::absolute(p, ec);
        if (ec) return fs::path();
        auto c = fs::weakly_canonical(abs, ec);
        return ec ? fs::path() : c.lexically_normal();
    };
    const auto file = canonical(path.empty() ? fs::path(".") : fs::path(path));
    if (file.empty()) return false;
    for (const auto& root : roots) {
        const auto r = canonical(root.empty() ? fs::path(".") : fs::path(root));
        if (r.empty()) continue;
        // Component by component: /a/bc is not inside /a/b.
        auto f = file.begin();
        bool inside = true;
        for (auto part = r.begin(); part != r.end(); ++part) {
            if (part->empty()) continue;  // the trailing separator of "/a/b/"
            if (f == file.end() || *f != *part) {
                inside = false;
                break;
            }
            ++f;
        }
        if (inside) return true;
    }
    return false;
}

text unreadable_reason_text(const std::string& path) {
    std::error_code ec;
    const auto st = std::filesystem::status(path, ec);
    if (ec || !std::filesystem::exists(st)) return {};
    if (std::filesystem::is_directory(st)) return say(msg::nm_unreadable_directory);
    if (!std::filesystem::is_regular_file(st)) return say(msg::nm_unreadable_not_regular);
    return say(msg::nm_unreadable);
}

std::string unreadable_reason(const std::string& path) { return unreadable_reason_text(path).en; }

}  // namespace detail

std::string beside(const std::string& from, const std::string& relative) {
    return (std::filesystem::path(from).parent_path() / relative).lexically_normal().generic_string();
}

namespace {

// read_source; with [roots], the file opened must also lie inside them: the name was checked
// (import_allowed) before it was opened, and the descriptor's own path is checked after, so that a
// link swapped in between is refused too.
std::optional<std::string> read_checked(const std::string& path, text* why, const std::vector<std::string>* roots) {
    auto fail = [why](text reason) -> std::optional<std::string> {
        if (why != nullptr) *why = std::move(reason);
        return std::nullopt;
    };
    // Opened without blocking (a FIFO with no writer would wait forever in open), then fstat on
    // the descriptor, not the name: what is read is what was checked. Only a regular file is
    // read; a FIFO, device, socket or directory is refused before any byte of it is read.
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) return fail(os_reason(errno));
    struct closer {
        int fd;
        ~closer() { ::close(fd); }
    } guard{fd};
    struct stat st {};
    if (::fstat(fd, &st) != 0) return fail(os_reason(errno));
    if (S_ISDIR(st.st_mode)) return fail(say(msg::nm_unreadable_directory));
    if (!S_ISREG(st.st_mode)) return fail(say(msg::nm_unreadable_not_regular));
    if (roots != nullptr) {
        std::array<char, 4096> target{};
        const std::string self = "/proc/self/fd/" + std::to_string(fd);
        const auto n = ::readlink(self.c_str(), target.data(), target.size() - 1);
        if (n > 0 && !detail::import_allowed(std::string(target.data(), static_cast<std::size_t>(n)), *roots)) {
            return fail(say(msg::nm_outside_import_folders));
        }
    }
    const int flags = ::fcntl(fd, F_GETFL);
    if (flags >= 0) ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
    // At most one byte past the limit: a larger file is reported (E0100) without being read
    // whole, and a file that grows without end cannot exhaust memory.
    std::string text;
    std::array<char, 1 << 16> buffer{};
    while (text.size() <= max_source_bytes) {
        const auto n = ::read(fd, buffer.data(), buffer.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return fail(os_reason(errno));
        if (n == 0) break;
        text.append(buffer.data(), static_cast<std::size_t>(n));
    }
    return text;
}

}  // namespace

std::optional<std::string> read_source(const std::string& path, text* why) {
    return read_checked(path, why, nullptr);
}

std::optional<ast::file> parse(const source_file& file, diagnostic_sink& sink) {
    if (!detail::validate(file, sink)) return std::nullopt;
    auto tree = detail::parse_tree(file, sink);
    if (!tree) return std::nullopt;
    return detail::build_ast(file, *tree, sink);
}

std::unique_ptr<compilation> compile(std::string name, std::string text, const compile_options& options) {
    auto comp = std::make_unique<compilation>();
    comp->diagnostics = diagnostic_sink(options.max_errors);
    compile_options opts = options;
    // Relative imports and `follows` read inside the decree's folder, the standard-library
    // directories, the search path and the folders the caller allows; nothing else.
    {
        std::vector<std::string> roots{std::filesystem::path(name).parent_path().generic_string()};
        roots.insert(roots.end(), opts.stdlib_dirs.begin(), opts.stdlib_dirs.end());
        roots.insert(roots.end(), opts.search_path.begin(), opts.search_path.end());
        roots.insert(roots.end(), opts.import_roots.begin(), opts.import_roots.end());
        opts.import_roots = std::move(roots);
    }
    if (!opts.read_file) {
        opts.read_file = [roots = opts.import_roots](const std::string& path) { return read_checked(path, nullptr, &roots); };
    }
    auto prog = std::make_unique<ir::program>();
    detail::index_recorder recorder;
    detail::checker ck{*comp, opts, *prog, {}, {}, {}, {}, {}, {}, {}, opts.index ? &recorder : nullptr, {}, {}, {}};
    const bool loaded = ck.load(std::move(name), std::move(text));
    if (loaded) {
        prog->rounding = ck.modules[0].syntax.rounding.value_or(date_rounding::reject);
        ck.build_provisions();
        ck.declare_all();
        ck.check_all();
        ck.check_enabling_law();
        if (!comp->diagnostics.has_errors()) ck.check_legality();
        ck.lint();
        for (const auto& m : ck.modules) {
            ir::module_info mi;
            mi.path = m.path;
            mi.citation = m.syntax.citation;
            mi.title = m.syntax.title;
            mi.signed_on = m.syntax.signed_on;
            mi.effective_on = m.syntax.effective_on;
            mi.sources = m.syntax.sources;
            for (const auto& f : m.syntax.source_files) mi.source_files.push_back(f.name);
            mi.follows = m.syntax.follows;
            mi.follows_loc = m.syntax.follows_loc;
            for (const auto& o : m.syntax.omits) {
                mi.omits.push_back({o.target.article.value_or(""), o.target.clause, o.target.point, o.reason, o.loc});
            }
            mi.is_decree = m.syntax.kind == ast::file_kind::decree;
            mi.is_stdlib = m.is_stdlib;
            mi.source = m.syntax.source;
            prog->modules.push_back(std::move(mi));
        }
    }
    if (opts.index) comp->index = ck.build_index(loaded);
    if (loaded && opts.check_follows && ck.modules[0].syntax.follows) detail::check_follows(*comp, opts, *prog);
    comp->diagnostics.sort();
    if (!comp->diagnostics.has_errors()) {
        prog->provenance = std::make_shared<const provenance::table>(provenance::build(*prog));
        comp->program = std::move(prog);
    }
    return comp;
}

std::unique_ptr<compilation> compile_file(const std::string& path, const compile_options& options, bool* io_error) {
    decree::text why;
    auto text = options.read_file ? options.read_file(path) : read_source(path, &why);
    if (!text) {
        if (io_error != nullptr) *io_error = true;
        auto comp = std::make_unique<compilation>();
        comp->io_problem = why.empty() ? detail::unreadable_reason_text(path) : why;
        return comp;
    }
    if (io_error != nullptr) *io_error = false;
    return compile(path, std::move(*text), options);
}

std::vector<assumption> assumptions(const ir::program& p) {
    std::vector<assumption> out;
    for (const auto& prm : p.params) {
        if (prm.assumed && prm.assumed_by_set) {
            out.push_back({prm.set_loc, prm.set_name, *prm.assumed});
        } else if (prm.assumed && prm.module == 0) {
            out.push_back({prm.loc, prm.name, *prm.assumed});
        }
    }
    for (const auto& d : p.defs) {
        if (d.assumed && d.module == 0) out.push_back({d.loc, d.name, *d.assumed});
    }
    for (const auto& pr : p.provisions) {
        if (pr.assumed && pr.module == 0) out.push_back({pr.loc, pr.citation_vi, *pr.assumed});
        if (pr.number_assumed && pr.module == 0) {
            out.push_back({pr.number_assumed_loc, pr.citation_vi, *pr.number_assumed, true});
        }
    }
    for (const auto& r : p.rules) {
        if (r.assumed && r.module == 0) {
            const std::string what = r.provision >= 0 ? p.provisions[static_cast<std::size_t>(r.provision)].citation_vi : "rule";
            out.push_back({r.loc, what, *r.assumed});
        }
    }
    std::stable_sort(out.begin(), out.end(), [](const assumption& a, const assumption& b) {
        return a.where.file != b.where.file ? a.where.file < b.where.file : a.where.begin < b.where.begin;
    });
    return out;
}

}  // namespace decree
