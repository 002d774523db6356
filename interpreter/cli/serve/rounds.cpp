#include "cli/serve/rounds.hpp"

#include <openssl/evp.h>

#include <filesystem>
#include <sstream>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/records.hpp"
#include "decree/lang/messages.hpp"
#include "report.hpp"
#include "schema.hpp"

namespace decree::cli::serve {

std::string sha256_hex(std::string_view bytes) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    if (EVP_Digest(bytes.data(), bytes.size(), md, &n, EVP_sha256(), nullptr) != 1) return {};
    std::string out;
    out.reserve(2 * n);
    for (unsigned i = 0; i < n; ++i) out += fmt::format("{:02x}", md[i]);
    return out;
}

namespace {

std::string json_string(std::string_view s) { return "\"" + eval::json_escape(s) + "\""; }

std::string optional_date(const std::optional<date>& d) { return d ? json_string(d->iso()) : "null"; }

// The digest of every source: its name, a NUL, its text as written, a NUL.
std::string digest_of(const compilation& comp) {
    std::string all;
    for (std::size_t i = 0; i < comp.sources.size(); ++i) {
        const auto& f = comp.sources.get(static_cast<source_id>(i));
        all += f.name();
        all.push_back('\0');
        all += f.original();
        all.push_back('\0');
    }
    return "sha256:" + sha256_hex(all);
}

}  // namespace

round::round(std::string id, std::string path, std::unique_ptr<compilation> comp)
    : m_id(std::move(id)),
      m_path(std::move(path)),
      m_comp(std::move(comp)),
      m_code(eval::compile(*m_comp->program)),
      m_writer(*m_comp->program, m_comp->sources) {
    const auto& p = *m_comp->program;
    const auto& root = p.modules.front();
    m_digest = digest_of(*m_comp);
    for (std::size_t i = 0; i < m_comp->sources.size(); ++i) {
        const auto& name = m_comp->sources.get(static_cast<source_id>(i)).name();
        std::error_code ec;
        if (std::filesystem::is_regular_file(name, ec)) m_files.push_back(name);
    }
    const std::string head = fmt::format(
        "\"id\":{},\"citation\":{},\"title\":{},\"signed\":{},\"effective\":{},\"digest\":{}", json_string(m_id),
        json_string(root.citation), root.title ? json_string(*root.title) : "null", optional_date(root.signed_on),
        optional_date(root.effective_on), json_string(m_digest));
    m_entry = "{" + head + ",\"href\":" + json_string("/v1/decrees/" + m_id) + "}";
    std::string provisions;
    for (const auto& pr : p.provisions) {
        if (pr.module != 0) continue;
        if (!provisions.empty()) provisions += ",";
        provisions += fmt::format("{{\"citation\":{},\"citation_en\":{},\"title\":{},\"rules\":{}{}}}", json_string(pr.citation_vi),
                                  json_string(pr.citation_en), pr.title ? json_string(*pr.title) : "null", pr.rules.size(),
                                  pr.assumed ? ",\"assumed\":true" : "");
    }
    std::string assumed;
    for (const auto& a : assumptions(p)) {
        if (!assumed.empty()) assumed += ",";
        const auto& f = m_comp->sources.get(a.where.file);
        const auto lc = f.position(a.where.begin);
        assumed += fmt::format("{{\"what\":{},\"reason\":{},\"reason_en\":{},\"number_only\":{},\"at\":{}}}", json_string(a.what),
                               json_string(a.reason.in(language::vi)), json_string(a.reason.in(language::en)),
                               a.number_only ? "true" : "false", json_string(fmt::format("{}:{}:{}", f.name(), lc.line, lc.column)));
    }
    m_description = "{" + head + ",\"file\":" + json_string(m_path) + ",\"follows\":" +
                    (root.follows ? json_string(*root.follows) : "null") + ",\"provisions\":[" + provisions +
                    "],\"assumptions\":[" + assumed + "],\"schema\":" + json_string("/v1/decrees/" + m_id + "/schema") + "}";
    const auto& rec = *p.input->rec;
    m_schema_vi = eval::json_schema(rec, root.citation, language::vi);
    m_schema_en = eval::json_schema(rec, root.citation, language::en);
}

round::lease::~lease() {
    if (owner == nullptr || !d) return;
    std::lock_guard lock(owner->m_pool_lock);
    owner->m_pool.push_back(std::move(d));
}

round::lease round::decider() const {
    {
        std::lock_guard lock(m_pool_lock);
        if (!m_pool.empty()) {
            auto d = std::move(m_pool.back());
            m_pool.pop_back();
            return lease(this, std::move(d));
        }
    }
    return lease(this, std::make_unique<eval::decider>(m_code));
}

std::string round_id(const std::string& path) {
    auto stem = std::filesystem::path(path).stem().string();
    return stem.empty() ? path : stem;
}

loaded load_round(const std::string& path, const environment& env) {
    compile_options copt;
    copt.import_roots = env.allow_imports;
    copt.stdlib_dirs = env.stdlib_dirs;
    bool io = false;
    auto comp = compile_path(path, copt, io);
    loaded out;
    if (io) {
        out.problem = say(msg::file_error, {input_name(path), cannot_read_text(comp->io_problem)});
        return out;
    }
    if (!comp->ok()) {
        text all;
        for (const auto& d : comp->diagnostics.all()) {
            if (d.level != severity::error) continue;
            all += text{render(d, comp->sources, render_style::short_, false, language::en),
                        render(d, comp->sources, render_style::short_, false, language::vi)};
        }
        out.problem = all;
        return out;
    }
    const auto* input = comp->program->input;
    if (input == nullptr || input->kind != ir::tkind::record) {
        out.problem = say(msg::file_error, {path, say(msg::cli_no_input_record)});
        return out;
    }
    out.ok = std::make_shared<const round>(round_id(path), path, std::move(comp));
    return out;
}

}  // namespace decree::cli::serve
