// The rounds that `decreec serve` decides with: each compiled once, with what its responses
// need computed once (its description, its schema in both languages, its content digest), and
// a pool of deciders for the threads that serve requests. A reload makes new rounds; a request
// holds the round it started with until it ends, so it finishes on that version.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "cli/cli.hpp"
#include "decree/lang/front_end.hpp"
#include "eval/decide.hpp"
#include "render/renderer.hpp"

namespace decree::cli::serve {

// SHA-256 of [bytes], in lower-case hexadecimal.
std::string sha256_hex(std::string_view bytes);

class round {
public:
    // [comp] compiled without errors, with a case record type.
    round(std::string id, std::string path, std::unique_ptr<compilation> comp);

    const std::string& id() const { return m_id; }
    const std::string& path() const { return m_path; }
    // "sha256:…" over the text of every source the round was compiled from (the decree, its
    // imports and the standard library modules), each with its name.
    const std::string& digest() const { return m_digest; }
    const ir::program& program() const { return *m_comp->program; }
    const compilation& compiled() const { return *m_comp; }
    const eval::renderer& writer() const { return m_writer; }
    // GET /v1/decrees/{id}: citation, title, dates, digest, provisions, assumptions.
    const std::string& description() const { return m_description; }
    // The short entry of GET /v1/decrees.
    const std::string& entry() const { return m_entry; }
    const std::string& schema(language lang) const { return lang == language::vi ? m_schema_vi : m_schema_en; }
    // The files read to compile it (not the embedded standard library), for the watcher.
    const std::vector<std::string>& files() const { return m_files; }

    // A decider for this thread's request, returned to the pool when released.
    struct lease {
        const round* owner = nullptr;
        std::unique_ptr<eval::decider> d;
        lease(const round* r, std::unique_ptr<eval::decider> x) : owner(r), d(std::move(x)) {}
        lease(lease&&) = default;
        ~lease();
        eval::decider& operator*() { return *d; }
        eval::decider* operator->() { return d.get(); }
    };
    lease decider() const;

private:
    std::string m_id, m_path, m_digest, m_description, m_entry, m_schema_vi, m_schema_en;
    std::vector<std::string> m_files;
    std::unique_ptr<compilation> m_comp;
    std::shared_ptr<const eval::compiled> m_code;
    eval::renderer m_writer;
    mutable std::mutex m_pool_lock;
    mutable std::vector<std::unique_ptr<eval::decider>> m_pool;
};

// What loading one round's file gave: the round, or the diagnostics (rendered in both
// languages) that kept it from loading.
struct loaded {
    std::shared_ptr<const round> ok;
    text problem;
};
// The id of the round at [path]: its file name without `.decree` ("dot2_2025").
std::string round_id(const std::string& path);
loaded load_round(const std::string& path, const environment& env);

}  // namespace decree::cli::serve
