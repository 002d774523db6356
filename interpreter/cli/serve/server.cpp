// decreec serve (server.hpp). One io_context run by a few threads; each connection is a session
// whose steps run one at a time on its own strand. A request is decided on the thread that read
// it, with a decider leased from the round it started with: a reload swaps the catalogue of
// rounds, and a request in flight keeps the one it holds.
#include "cli/serve/server.hpp"

#include <openssl/crypto.h>

#include <array>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <ostream>
#include <shared_mutex>
#include <thread>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/version.hpp>
#include <fmt/format.h>
#include <simdjson.h>

#include "cli/serve/page.hpp"
#include "cli/serve/rounds.hpp"
#include "cli/usage.hpp"
#include "decree/lang/messages.hpp"
#include "json_input.hpp"
#include "report.hpp"

namespace decree::cli::serve {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using request = http::request<http::string_body>;
using response = http::response<http::string_body>;
using clock = std::chrono::steady_clock;

namespace {

std::string json_string(std::string_view s) { return "\"" + eval::json_escape(s) + "\""; }

// "2026-12-07T13:45:12.345Z".
std::string utc_now() {
    const auto now = std::chrono::system_clock::now();
    const auto t = std::chrono::system_clock::to_time_t(now);
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
    std::tm tm{};
    gmtime_r(&t, &tm);
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                       tm.tm_min, tm.tm_sec, ms);
}

// The routes, for the metrics' labels.
enum class route : unsigned { health, metrics, decrees, decree, schema, decide, decide_batch, report, page, other, count };
constexpr std::array<std::string_view, static_cast<unsigned>(route::count)> route_names{
    "/health", "/metrics", "/v1/decrees", "/v1/decrees/{id}", "/v1/decrees/{id}/schema", "/v1/decrees/{id}/decide",
    "/v1/decrees/{id}/decide-batch", "/v1/decrees/{id}/report", "/", "other"};
constexpr std::array<unsigned, 14> statuses{200, 400, 401, 404, 405, 408, 413, 415, 422, 429, 431, 500, 503, 0};
constexpr std::array<double, 13> buckets{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};

unsigned status_index(unsigned s) {
    for (unsigned i = 0; i + 1 < statuses.size(); ++i) {
        if (statuses[i] == s) return i;
    }
    return statuses.size() - 1;
}

struct metrics {
    std::array<std::array<std::atomic<std::uint64_t>, statuses.size()>, static_cast<unsigned>(route::count)> requests{};
    std::array<std::atomic<std::uint64_t>, buckets.size() + 1> latency{};
    std::atomic<std::uint64_t> latency_us{0};
    std::atomic<std::uint64_t> latency_count{0};
    std::atomic<std::uint64_t> reloads_ok{0}, reloads_failed{0};
    // Decisions by decree id and verdict (eligible, not_eligible, undetermined, error).
    std::shared_mutex lock;
    std::map<std::string, std::unique_ptr<std::array<std::atomic<std::uint64_t>, 4>>, std::less<>> decisions;

    void request(route r, unsigned status, clock::duration took) {
        requests[static_cast<unsigned>(r)][status_index(status)].fetch_add(1, std::memory_order_relaxed);
        const double s = std::chrono::duration<double>(took).count();
        std::size_t b = 0;
        while (b < buckets.size() && s > buckets[b]) ++b;
        latency[b].fetch_add(1, std::memory_order_relaxed);
        latency_us.fetch_add(static_cast<std::uint64_t>(s * 1e6), std::memory_order_relaxed);
        latency_count.fetch_add(1, std::memory_order_relaxed);
    }
    std::array<std::atomic<std::uint64_t>, 4>& verdicts(const std::string& decree) {
        {
            std::shared_lock read(lock);
            if (const auto it = decisions.find(decree); it != decisions.end()) return *it->second;
        }
        std::unique_lock write(lock);
        auto& slot = decisions[decree];
        if (!slot) slot = std::make_unique<std::array<std::atomic<std::uint64_t>, 4>>();
        return *slot;
    }
};

struct catalogue {
    std::vector<std::shared_ptr<const round>> rounds;
    std::shared_ptr<const round> find(std::string_view id) const {
        for (const auto& r : rounds) {
            if (r->id() == id) return r;
        }
        return nullptr;
    }
    std::string ids() const {
        std::string out;
        for (const auto& r : rounds) out += (out.empty() ? "`" : ", `") + r->id() + "`";
        return out.empty() ? "-" : out;
    }
};

struct load_problem {
    std::string id, file, since;
    text detail;
};

// A problem (RFC 9457) of [status], with its title and this occurrence's detail.
struct problem {
    http::status status;
    msg title;
    text detail;
};

std::string_view slug(msg title) {
    switch (title) {
        case msg::prob_not_found: return "not-found";
        case msg::prob_unknown_decree: return "unknown-decree";
        case msg::prob_method: return "method-not-allowed";
        case msg::prob_unauthorized: return "unauthorized";
        case msg::prob_body_too_large: return "body-too-large";
        case msg::prob_too_many_records: return "too-many-records";
        case msg::prob_headers_too_large: return "headers-too-large";
        case msg::prob_too_many_connections: return "too-many-connections";
        case msg::prob_timeout: return "timeout";
        case msg::prob_bad_request: return "bad-request";
        case msg::prob_bad_query: return "bad-query";
        case msg::prob_invalid_record: return "invalid-record";
        case msg::prob_media_type: return "unsupported-media-type";
        case msg::prob_log_failed: return "decision-log";
        case msg::prob_draining: return "stopping";
        default: return "problem";
    }
}

// The query of a request target, decoded: "explain=1&text=vi".
struct target {
    std::string path;
    std::vector<std::pair<std::string, std::string>> query;
};

std::string percent_decoded(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto hex = [](char c) {
            return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        };
        if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
            out.push_back(static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2])));
            i += 2;
        } else if (s[i] == '+') {
            out.push_back(' ');
        } else {
            out.push_back(s[i]);
        }
    }
    return out;
}

target parse_target(std::string_view t) {
    target out;
    const auto q = t.find('?');
    out.path = percent_decoded(t.substr(0, q));
    if (q == std::string_view::npos) return out;
    std::string_view rest = t.substr(q + 1);
    while (!rest.empty()) {
        const auto amp = rest.find('&');
        const auto part = rest.substr(0, amp);
        if (!part.empty()) {
            const auto eq = part.find('=');
            out.query.emplace_back(percent_decoded(part.substr(0, eq)),
                                   eq == std::string_view::npos ? "" : percent_decoded(part.substr(eq + 1)));
        }
        if (amp == std::string_view::npos) break;
        rest.remove_prefix(amp + 1);
    }
    return out;
}

// What a decision request asks for, from its query.
struct decide_query {
    bool explain = false;
    std::optional<language> text_lang;
    language lang = language::vi;  // of displayed values, as `eval`
    bool no_assumptions = false;
    bool csv = false;  // decide-batch: `eval --format csv`'s rows rather than JSON Lines
    std::string name;  // report: what the roster is called
};

// A request that is being answered: what the log and the problems name.
struct exchange {
    const request& req;
    target where;
    std::string id;  // request id
    route r = route::other;
};

}  // namespace

class service;

// A roster being decided as it arrives (decide-batch): what its blocks share.
struct batch_job {
    std::shared_ptr<const round> r;
    decide_query q;
    eval::decide_options how;
    std::string request_id;
    std::string now;  // the time of its decision log entries
    unsigned version = 11;
    std::string path;
    std::size_t line = 0;     // lines read so far, blank ones included
    std::size_t records = 0;  // records decided so far
    clock::time_point began = clock::now();
    // POST …/report: the records counted into the impact report instead of answered one by one.
    bool report = false;
    eval::summary totals;
    std::vector<eval::summary::undetermined_case> undetermined;  // the first 5,000
    std::size_t undetermined_total = 0;
};

// One connection.
class session : public std::enable_shared_from_this<session> {
public:
    session(tcp::socket&& socket, service& svc);
    ~session();
    void start(bool reject);
    // On SIGTERM: a connection waiting for its next request is closed; one inside a request
    // finishes it.
    void close_if_idle();

private:
    void read_header();
    void on_header(beast::error_code ec);
    void read_body();
    void on_read(beast::error_code ec);
    void failed_read(beast::error_code ec);
    void send(response&& res, bool close);
    void on_write(bool close, beast::error_code ec);
    void shut();
    void linger();
    // decide-batch, streamed in: the body read a block at a time into [m_in], each block's whole
    // lines decided as it arrives; the answer sent when the body is whole.
    void batch_start();
    void batch_read();
    void on_batch_read(beast::error_code ec);
    void batch_write(std::string chunk, bool last, std::optional<problem> stop);
    void batch_end(unsigned status);

    // The time to receive a whole request: our own timer, so that a request cut short by it
    // can still be answered 408 (the stream's own expiry closes the socket).
    void arm();
    void on_deadline(beast::error_code ec);

    beast::tcp_stream m_stream;
    net::steady_timer m_deadline;
    bool m_timed_out = false;
    beast::flat_buffer m_buffer;
    std::optional<http::request_parser<http::string_body>> m_parser;
    std::shared_ptr<response> m_res;
    std::shared_ptr<http::response<http::empty_body>> m_continue;
    std::unique_ptr<batch_job> m_job;
    std::optional<http::request_parser<http::buffer_body>> m_batch_parser;
    std::string m_in;       // the block being read
    std::size_t m_have = 0;  // bytes of it filled
    std::string m_pending;  // the results decided so far
    service& m_svc;
    bool m_idle = true;
};

class service {
public:
    service(const settings& s, std::ostream& err, const environment& env)
        : m_settings(s), m_err(err), m_env(env), m_io(static_cast<int>(threads(s))), m_acceptor(m_io), m_signals(m_io),
          m_watch(m_io), m_drain_deadline(m_io) {}

    static unsigned threads(const settings& s) {
        if (s.threads > 0) return s.threads;
        return std::max(1u, std::min(8u, std::thread::hardware_concurrency()));
    }

    int run() {
        const auto lang = m_env.messages();
        // The rounds: every one must load at the start.
        auto first = std::make_shared<catalogue>();
        for (const auto& path : m_settings.rounds) {
            auto l = load_round(path, m_env);
            if (!l.ok) {
                m_err << l.problem.in(lang);
                if (!l.problem.in(lang).ends_with("\n")) m_err << "\n";
                return data_error;
            }
            if (const auto twin = first->find(l.ok->id())) {
                m_err << say(msg::srv_duplicate_id, {l.ok->id(), twin->path(), path}).in(lang) << "\n";
                return usage;
            }
            first->rounds.push_back(l.ok);
        }
        m_catalogue = first;
        m_loaded_at = utc_now();
        m_signature = signature(*first);
        if (!m_settings.decision_log.empty()) {
            m_log = std::fopen(m_settings.decision_log.c_str(), "a");
            if (m_log == nullptr) {
                m_err << say(msg::srv_log_unwritable, {m_settings.decision_log, os_reason(errno)}).in(lang) << "\n";
                return io_error;
            }
        }
        beast::error_code ec;
        const auto address = net::ip::make_address(m_settings.host, ec);
        const std::string where = fmt::format("{}:{}", m_settings.host, m_settings.port);
        if (!ec) {
            const tcp::endpoint at{address, m_settings.port};
            m_acceptor.open(at.protocol(), ec);
            if (!ec) m_acceptor.set_option(net::socket_base::reuse_address(true), ec);
            if (!ec) m_acceptor.bind(at, ec);
            if (!ec) m_acceptor.listen(net::socket_base::max_listen_connections, ec);
        }
        if (ec) {
            m_err << say(msg::srv_cannot_listen, {where, ec.message()}).in(lang) << "\n";
            return io_error;
        }
        const auto bound = m_acceptor.local_endpoint(ec);
        say_line(say(msg::srv_listening, {fmt::format("{}:{}", m_settings.host, bound.port()),
                                          say_count(msg::srv_n_rounds, first->rounds.size()) + text::same(" (" + first->ids() + ")")}));
        accept();
        m_signals.add(SIGTERM);
        m_signals.add(SIGINT);
        m_signals.add(SIGHUP);
        wait_signal();
        if (m_settings.watch) watch();
        std::vector<std::thread> pool;
        const unsigned n = threads(m_settings);
        for (unsigned i = 1; i < n; ++i) pool.emplace_back([this] { m_io.run(); });
        m_io.run();
        for (auto& t : pool) t.join();
        if (m_log != nullptr) std::fclose(m_log);
        say_line(say(msg::srv_stopped, {say_count(msg::srv_n_requests, m_requests.load())}));
        return ok;
    }

    // The answer to [req], from a thread of the pool.
    response handle(const request& req, std::string_view remote_id, std::unique_ptr<batch_job>* stream = nullptr);

    const settings& config() const { return m_settings; }
    bool draining() const { return m_draining.load(); }
    metrics& counters() { return m_metrics; }

    // The sessions, for the drain and the connection limit.
    bool admit() {
        const auto n = m_connections.fetch_add(1) + 1;
        return n <= m_settings.max_connections;
    }
    void enrol(const std::shared_ptr<session>& s) {
        std::lock_guard lock(m_sessions_lock);
        m_sessions.push_back(s);
        if (m_sessions.size() > 2 * m_settings.max_connections + 64) {
            std::erase_if(m_sessions, [](const std::weak_ptr<session>& w) { return w.expired(); });
        }
    }
    void left() {
        if (m_connections.fetch_sub(1) == 1 && m_draining.load()) finish_drain();
    }
    problem too_many_connections() const {
        return {http::status::too_many_requests, msg::prob_too_many_connections,
                say(msg::prob_too_many_connections_detail, {m_settings.max_connections})};
    }
    response problem_response(const problem& p, std::string_view path, std::string_view request_id, unsigned http_version = 11) const;

private:
    void say_line(const text& t) {
        std::lock_guard lock(m_err_lock);
        m_err << t.in(m_env.messages()) << std::endl;
    }

    void accept() {
        m_acceptor.async_accept(net::make_strand(m_io), [this](beast::error_code ec, tcp::socket socket) {
            if (ec) {
                if (!m_acceptor.is_open()) return;
            } else {
                const bool room = admit();
                auto s = std::make_shared<session>(std::move(socket), *this);
                enrol(s);
                s->start(!room);
            }
            if (m_acceptor.is_open()) accept();
        });
    }

    void wait_signal() {
        m_signals.async_wait([this](beast::error_code ec, int sig) {
            if (ec) return;
            if (sig == SIGHUP) {
                reload();
                wait_signal();
                return;
            }
            if (m_draining.exchange(true)) {
                m_io.stop();  // a second signal: at once
                return;
            }
            say_line(say(msg::srv_draining, {sig == SIGTERM ? "SIGTERM" : "SIGINT"}));
            beast::error_code ignored;
            m_acceptor.close(ignored);
            m_watch.cancel();
            {
                std::lock_guard lock(m_sessions_lock);
                for (auto& w : m_sessions) {
                    if (auto s = w.lock()) s->close_if_idle();
                }
            }
            m_drain_deadline.expires_after(std::chrono::seconds(m_settings.timeout_seconds * 2));
            m_drain_deadline.async_wait([this](beast::error_code e) {
                if (!e) m_io.stop();
            });
            wait_signal();  // for the second one
            if (m_connections.load() == 0) finish_drain();
        });
    }

    void finish_drain() {
        net::post(m_io, [this] {
            m_drain_deadline.cancel();
            m_signals.cancel();
        });
    }

    // The files of every round, with their sizes and times: a change reloads.
    std::string signature(const catalogue& c) const {
        std::string out;
        for (const auto& path : m_settings.rounds) {
            const auto r = c.find(round_id(path));
            std::vector<std::string> files{path};
            if (r) files.insert(files.end(), r->files().begin(), r->files().end());
            for (const auto& f : files) {
                std::error_code ec;
                const auto t = std::filesystem::last_write_time(f, ec);
                const auto n = std::filesystem::file_size(f, ec);
                out += fmt::format("{}\x1f{}\x1f{}\x1e", f, t.time_since_epoch().count(), ec ? 0 : n);
            }
        }
        return out;
    }

    void watch() {
        m_watch.expires_after(std::chrono::seconds(1));
        m_watch.async_wait([this](beast::error_code ec) {
            if (ec || m_draining.load()) return;
            bool changed = false;
            {
                std::lock_guard lock(m_reload_lock);
                changed = signature(*current()) != m_signature;
            }
            if (changed) reload();
            watch();
        });
    }

    void reload() {
        std::lock_guard lock(m_reload_lock);
        const auto old = current();
        auto next = std::make_shared<catalogue>();
        std::vector<load_problem> problems;
        for (const auto& path : m_settings.rounds) {
            const auto id = round_id(path);
            auto l = load_round(path, m_env);
            const auto before = old->find(id);
            if (l.ok) {
                if (!before || before->digest() != l.ok->digest()) {
                    say_line(say(msg::srv_reloaded, {id, path, l.ok->digest()}));
                }
                next->rounds.push_back(before && before->digest() == l.ok->digest() ? before : l.ok);
            } else {
                say_line(say(msg::srv_reload_failed, {id, l.problem}));
                problems.push_back({id, path, utc_now(), l.problem});
                if (before) next->rounds.push_back(before);
            }
        }
        (problems.empty() ? m_metrics.reloads_ok : m_metrics.reloads_failed).fetch_add(1);
        {
            std::unique_lock write(m_catalogue_lock);
            m_catalogue = next;
            m_problems = std::move(problems);
            m_loaded_at = utc_now();
        }
        m_signature = signature(*next);
    }

    std::shared_ptr<const catalogue> current() const {
        std::shared_lock read(m_catalogue_lock);
        return m_catalogue;
    }

public:
    // decide-batch, streamed: the checks of handle() on the request's header; nothing when it
    // is answered at once ([early]: a problem).
    std::unique_ptr<batch_job> open_batch(const request& header, std::string_view remote_id, std::optional<response>& early);
    // Decides the lines of [block] (whole lines; with [last], the final one may lack its line
    // feed), appending their results to [out] and their entries to the decision log. [stop]
    // set when the job must end: too many records, or a log that cannot be written (then
    // [out] gets none of this block's results).
    void batch_block(batch_job& job, std::string_view block, bool last, std::string& out, std::optional<problem>& stop);
    void batch_done(const batch_job& job, unsigned status) {
        m_metrics.request(job.report ? route::report : route::decide_batch, status, clock::now() - job.began);
    }
    response problem_for(const batch_job& job, const problem& p) const { return problem_response(p, job.path, job.request_id, job.version); }

private:
    std::string request_id(std::string_view remote, std::uint64_t n) const;
    response health(const exchange& x) const;
    response metrics_text(const exchange& x);
    response page_response(const exchange& x, const asset& a) const;
    // decide: one record or an array of them (decide-batch is streamed by the session).
    response decide(const exchange& x, const std::shared_ptr<const round>& r);
    void log_entry(std::string& to, std::string_view now, std::string_view request_id, const round& r, eval::verdict v,
                   std::string_view json, std::size_t line, std::string_view input) const;
    std::optional<problem> media_problem(const exchange& x, bool batch) const;
    std::optional<problem> parse_query(const exchange& x, std::initializer_list<std::string_view> allowed,
                                       decide_query& q) const;
    bool authorized(const request& req) const;
    // Writes the entries of one request's decisions; false (and why) when the log failed.
    bool log_decisions(const std::string& entries, text& why);
    response json_response(const exchange& x, std::string body, std::string_view type = "application/json") const;

    settings m_settings;
    std::ostream& m_err;
    std::mutex m_err_lock;
    const environment& m_env;
    net::io_context m_io;
    tcp::acceptor m_acceptor;
    net::signal_set m_signals;
    net::steady_timer m_watch;
    net::steady_timer m_drain_deadline;
    mutable std::shared_mutex m_catalogue_lock;
    std::shared_ptr<const catalogue> m_catalogue;
    std::vector<load_problem> m_problems;
    std::string m_loaded_at;
    std::mutex m_reload_lock;
    std::string m_signature;
    std::FILE* m_log = nullptr;
    std::mutex m_log_lock;
    metrics m_metrics;
    std::atomic<std::size_t> m_connections{0};
    std::atomic<bool> m_draining{false};
    std::atomic<std::uint64_t> m_requests{0};
    std::mutex m_sessions_lock;
    std::vector<std::weak_ptr<session>> m_sessions;
};

// --- Sessions -------------------------------------------------------------------------------

session::session(tcp::socket&& socket, service& svc)
    : m_stream(std::move(socket)), m_deadline(m_stream.get_executor()), m_svc(svc) {}

void session::arm() {
    m_timed_out = false;
    m_deadline.expires_after(std::chrono::seconds(m_svc.config().timeout_seconds));
    m_deadline.async_wait([self = shared_from_this()](beast::error_code ec) { self->on_deadline(ec); });
}

void session::on_deadline(beast::error_code ec) {
    if (ec) return;  // cancelled: the request arrived
    m_timed_out = true;
    beast::error_code ignored;
    m_stream.socket().cancel(ignored);  // the read ends with operation_aborted
}

session::~session() { m_svc.left(); }

void session::start(bool reject) {
    net::dispatch(m_stream.get_executor(), [self = shared_from_this(), reject] {
        if (reject) {
            self->send(self->m_svc.problem_response(self->m_svc.too_many_connections(), "", ""), true);
            return;
        }
        self->read_header();
    });
}

void session::close_if_idle() {
    net::dispatch(m_stream.get_executor(), [self = shared_from_this()] {
        if (self->m_idle && (!self->m_parser || !self->m_parser->got_some()) && self->m_buffer.size() == 0) {
            beast::error_code ignored;
            self->m_stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
            self->m_stream.close();
        }
    });
}

void session::read_header() {
    m_idle = true;
    m_parser.emplace();
    m_parser->header_limit(static_cast<std::uint32_t>(std::min<std::size_t>(m_svc.config().max_header, UINT32_MAX)));
    m_parser->body_limit(m_svc.config().max_body);
    m_stream.expires_never();
    arm();
    http::async_read_header(m_stream, m_buffer, *m_parser,
                            [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_header(ec); });
}

void session::on_header(beast::error_code ec) {
    m_idle = false;
    if (ec) return failed_read(ec);
    const auto& req = m_parser->get();
    const auto target = req.target();
    const std::string_view path(target.data(), std::min(target.size(), target.find('?')));
    if (req.method() == http::verb::post && (path.ends_with("/decide-batch") || path.ends_with("/report"))) {
        // A roster is decided as it arrives: checked on its header, answered at once when it
        // cannot be (the body unread, so the connection is closed after).
        std::optional<response> early;
        const auto remote = req["X-Request-Id"];
        m_job = m_svc.open_batch(req, std::string_view(remote.data(), remote.size()), early);
        if (!m_job) {
            m_deadline.cancel();
            return send(std::move(*early), true);
        }
    }
    // A client that waits for `100 Continue` before sending its body (curl does, for large ones).
    if (beast::iequals(req[http::field::expect], "100-continue")) {
        m_continue = std::make_shared<http::response<http::empty_body>>(http::status::continue_, req.version());
        http::async_write(m_stream, *m_continue, [self = shared_from_this()](beast::error_code e, std::size_t) {
            if (e) return self->shut();
            if (self->m_job) return self->batch_start();
            self->read_body();
        });
        return;
    }
    if (m_job) return batch_start();
    read_body();
}

void session::batch_start() {
    m_batch_parser.emplace(std::move(*m_parser));
    m_batch_parser->body_limit(boost::none);  // memory is bounded by the block; --max-batch bounds the records
    m_in.resize(std::size_t{4} << 20);
    m_have = 0;
    m_pending.clear();
    if (m_buffer.capacity() < 65536) m_buffer.reserve(65536);
    batch_read();
}

void session::batch_read() {
    auto& body = m_batch_parser->get().body();
    body.data = m_in.data() + m_have;
    body.size = m_in.size() - m_have;
    body.more = true;
    m_deadline.cancel();
    arm();
    http::async_read_some(m_stream, m_buffer, *m_batch_parser,
                          [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_batch_read(ec); });
}

void session::on_batch_read(beast::error_code ec) {
    m_deadline.cancel();
    if (ec == http::error::need_buffer) ec = {};
    if (ec) {
        if (m_timed_out) {
            const problem late{http::status::request_timeout, msg::prob_timeout,
                               say(msg::prob_timeout_detail, {std::size_t{m_svc.config().timeout_seconds}})};
            const auto res = m_svc.problem_for(*m_job, late);
            m_svc.batch_done(*m_job, res.result_int());
            m_job.reset();
            return send(response(res), true);
        }
        m_svc.batch_done(*m_job, 400);
        m_job.reset();
        return shut();  // the client went away, or its body broke off: no answer can be whole
    }
    m_have = m_in.size() - m_batch_parser->get().body().size;
    const bool done = m_batch_parser->is_done();
    // A read gives what one receive gave (64 KiB at most): the block is filled before it is
    // decided, so that its records are enough to share among the threads.
    if (!done && m_in.size() - m_have >= 65536) return batch_read();
    // The whole lines of the block; the rest waits for the next read.
    std::size_t cut = done ? m_have : 0;
    if (!done) {
        const auto nl = std::string_view(m_in.data(), m_have).rfind('\n');
        cut = nl == std::string_view::npos ? 0 : nl + 1;
    }
    if (cut == 0 && !done) {
        if (m_have == m_in.size()) m_in.resize(m_in.size() * 2);  // a line longer than the block
        return batch_read();
    }
    std::string out;
    std::optional<problem> stop;
    m_svc.batch_block(*m_job, std::string_view(m_in.data(), cut), done, out, stop);
    std::memmove(m_in.data(), m_in.data() + cut, m_have - cut);
    m_have -= cut;
    batch_write(std::move(out), done || stop.has_value(), std::move(stop));
}

void session::batch_write(std::string chunk, bool last, std::optional<problem> stop) {
    // The results wait until the request is whole: most HTTP clients send all of a body before
    // they read any of the answer, and a server that answered while they send would stall them
    // both once the socket buffers are full. The decisions are made as the body arrives.
    if (stop) {
        const auto res = m_svc.problem_for(*m_job, *stop);
        m_svc.batch_done(*m_job, res.result_int());
        m_job.reset();
        m_pending.clear();
        m_pending.shrink_to_fit();
        return send(response(res), true);  // the rest of the body unread: closed after
    }
    if (m_pending.empty()) m_pending = std::move(chunk);
    else m_pending += chunk;
    if (!last) return batch_read();
    response res{http::status::ok, m_job->version};
    res.set(http::field::server, "decreec/" + std::string(version()));
    if (m_job->report) {
        const auto& program = m_job->r->program();
        m_pending = m_job->totals.html(program.modules.front().citation, {m_job->q.name.empty() ? "-" : m_job->q.name},
                                       m_job->undetermined, m_job->undetermined_total);
        res.set(http::field::content_type, "text/html; charset=utf-8");
        // A page of its own that runs nothing and loads nothing.
        res.set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
    } else {
        res.set(http::field::content_type, m_job->q.csv ? "text/csv; charset=utf-8" : "application/x-ndjson");
    }
    res.set(http::field::cache_control, "no-store");
    res.set("X-Request-Id", m_job->request_id);
    res.body() = std::move(m_pending);
    m_pending = {};
    const bool close = !m_batch_parser->get().keep_alive() || m_svc.draining();
    batch_end(200);
    send(std::move(res), close);
}

void session::batch_end(unsigned status) {
    if (m_job) m_svc.batch_done(*m_job, status);
    m_job.reset();
    m_batch_parser.reset();
    m_stream.expires_never();
}

void session::read_body() {
    // Beast reads at most the buffer's free capacity (at least 512 bytes): a large body is read
    // 64 KiB at a time only when the buffer has that room.
    if (const auto n = m_parser->content_length(); n && *n > 65536 && m_buffer.capacity() < 65536) m_buffer.reserve(65536);
    http::async_read(m_stream, m_buffer, *m_parser, [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
}

void session::failed_read(beast::error_code ec) {
    m_deadline.cancel();
    const auto& cfg = m_svc.config();
    const bool begun = m_parser && (m_parser->got_some() || m_buffer.size() > 0);
    if (m_timed_out) ec = beast::error::timeout;
    if (ec == http::error::end_of_stream || ec == net::error::eof || ec == net::error::connection_reset ||
        ec == net::error::operation_aborted || ec == net::error::bad_descriptor) {
        return shut();
    }
    if (ec == beast::error::timeout) {
        if (!begun) return shut();  // an idle connection: closed without a word
        return send(m_svc.problem_response({http::status::request_timeout, msg::prob_timeout,
                                            say(msg::prob_timeout_detail, {std::size_t{cfg.timeout_seconds}})},
                                           "", ""),
                    true);
    }
    if (ec == http::error::body_limit) {
        return send(m_svc.problem_response({http::status::payload_too_large, msg::prob_body_too_large,
                                            say(msg::prob_body_too_large_detail, {cfg.max_body})},
                                           std::string(m_parser->get().target()), ""),
                    true);
    }
    if (ec == http::error::header_limit) {
        return send(m_svc.problem_response({http::status::request_header_fields_too_large, msg::prob_headers_too_large,
                                            say(msg::prob_headers_too_large_detail, {cfg.max_header})},
                                           "", ""),
                    true);
    }
    if (ec == http::error::partial_message || ec == http::error::short_read) return shut();  // it went away
    send(m_svc.problem_response({http::status::bad_request, msg::prob_bad_request, say(msg::prob_bad_http, {ec.message()})}, "", ""),
         true);
}

void session::on_read(beast::error_code ec) {
    if (ec) return failed_read(ec);
    m_deadline.cancel();
    const auto req = m_parser->release();
    const auto remote = req["X-Request-Id"];
    auto res = m_svc.handle(req, std::string_view(remote.data(), remote.size()));
    const bool close = !req.keep_alive() || m_svc.draining();
    send(std::move(res), close);
}

void session::send(response&& res, bool close) {
    res.keep_alive(!close);
    res.prepare_payload();
    m_res = std::make_shared<response>(std::move(res));
    m_stream.expires_after(std::chrono::seconds(m_svc.config().timeout_seconds));
    http::async_write(m_stream, *m_res, [self = shared_from_this(), close](beast::error_code ec, std::size_t) { self->on_write(close, ec); });
}

void session::on_write(bool close, beast::error_code ec) {
    m_res.reset();
    if (ec || close) return shut();
    read_header();
}

void session::shut() {
    // A lingering close (RFC 9112 §9.6): the answer is sent and our side shut, then what the
    // client still sends (the body of a request refused at its header) is read and dropped
    // until it closes, for two seconds at most. Closed at once, the socket would answer those
    // bytes with a reset, and the client could lose the answer before reading it.
    beast::error_code ignored;
    m_stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    m_stream.expires_after(std::chrono::seconds(2));
    linger();
}

void session::linger() {
    m_buffer.clear();
    m_stream.async_read_some(m_buffer.prepare(65536), [self = shared_from_this()](beast::error_code ec, std::size_t) {
        if (ec) return self->m_stream.close();
        self->linger();
    });
}

// --- Requests -------------------------------------------------------------------------------

response service::problem_response(const problem& p, std::string_view path, std::string_view request_id, unsigned http_version) const {
    const auto title = say(p.title);
    std::string body = fmt::format(
        "{{\"type\":{},\"title\":{},\"title_vi\":{},\"status\":{},\"detail\":{},\"detail_vi\":{}", json_string(fmt::format("urn:decree:problem:{}", slug(p.title))),
        json_string(title.en), json_string(title.in(language::vi)), static_cast<unsigned>(p.status), json_string(p.detail.en),
        json_string(p.detail.in(language::vi)));
    if (!path.empty()) body += ",\"instance\":" + json_string(path);
    if (!request_id.empty()) body += ",\"request_id\":" + json_string(request_id);
    body += "}\n";
    response res{p.status, http_version};
    res.set(http::field::server, "decreec/" + std::string(version()));
    res.set(http::field::content_type, "application/problem+json");
    res.set(http::field::cache_control, "no-store");
    if (!request_id.empty()) res.set("X-Request-Id", std::string(request_id));
    if (p.status == http::status::unauthorized) res.set(http::field::www_authenticate, "Bearer");
    if (p.status == http::status::too_many_requests || p.status == http::status::service_unavailable) {
        res.set(http::field::retry_after, "1");
    }
    res.body() = std::move(body);
    return res;
}

response service::json_response(const exchange& x, std::string body, std::string_view type) const {
    response res{http::status::ok, x.req.version()};
    res.set(http::field::server, "decreec/" + std::string(version()));
    res.set(http::field::content_type, std::string(type));
    res.set(http::field::cache_control, "no-store");
    res.set("X-Request-Id", x.id);
    res.body() = std::move(body);
    return res;
}

response service::page_response(const exchange& x, const asset& a) const {
    response res{http::status::ok, x.req.version()};
    res.set(http::field::server, "decreec/" + std::string(version()));
    res.set(http::field::content_type, std::string(a.type));
    // Revalidated each time (a reload of the binary may change them), never run as anything
    // but what they are, never framed by another site, and loading nothing from elsewhere.
    res.set(http::field::cache_control, "no-cache");
    res.set("X-Content-Type-Options", "nosniff");
    res.set("Referrer-Policy", "no-referrer");
    res.set("Content-Security-Policy",
            "default-src 'self'; connect-src 'self' blob:; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
            "frame-src 'self' blob: data:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
    res.set("X-Request-Id", x.id);
    res.body() = std::string(a.body);
    return res;
}

bool service::authorized(const request& req) const {
    if (m_settings.token.empty()) return true;
    const auto field = req[http::field::authorization];
    const std::string_view given(field.data(), field.size());
    constexpr std::string_view scheme = "Bearer ";
    if (given.size() <= scheme.size() || !beast::iequals(beast::string_view(given.data(), scheme.size()), "Bearer ")) return false;
    // Digests of equal length, compared in constant time: nothing leaks, not even the length.
    const auto a = sha256_hex(std::string_view(given.data() + scheme.size(), given.size() - scheme.size()));
    const auto b = sha256_hex(m_settings.token);
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::optional<problem> service::parse_query(const exchange& x, std::initializer_list<std::string_view> allowed,
                                            decide_query& q) const {
    std::string names;
    for (const auto a : allowed) names += (names.empty() ? "`" : ", `") + std::string(a) + "`";
    if (names.empty()) names = "-";
    for (const auto& [k, v] : x.where.query) {
        if (std::find(allowed.begin(), allowed.end(), k) == allowed.end()) {
            return problem{http::status::bad_request, msg::prob_bad_query, say(msg::prob_unknown_query, {k, x.where.path, names})};
        }
        auto flag = [&](bool& to) -> std::optional<problem> {
            if (v == "1" || v == "true" || v.empty()) to = true;
            else if (v == "0" || v == "false") to = false;
            else return problem{http::status::bad_request, msg::prob_bad_query, say(msg::prob_bad_query_detail, {k, "`1` or `0`", v})};
            return std::nullopt;
        };
        auto lang = [&](std::optional<language>& to) -> std::optional<problem> {
            if (v == "vi") to = language::vi;
            else if (v == "en") to = language::en;
            else return problem{http::status::bad_request, msg::prob_bad_query, say(msg::prob_bad_query_detail, {k, "`vi` or `en`", v})};
            return std::nullopt;
        };
        std::optional<problem> p;
        if (k == "explain") p = flag(q.explain);
        if (k == "no_assumptions") p = flag(q.no_assumptions);
        if (k == "text") p = lang(q.text_lang);
        if (k == "format") {
            if (v == "csv") q.csv = true;
            else if (v == "json") q.csv = false;
            else p = problem{http::status::bad_request, msg::prob_bad_query, say(msg::prob_bad_query_detail, {k, "`json` or `csv`", v})};
        }
        if (k == "name") q.name = v;
        if (k == "lang") {
            std::optional<language> l;
            p = lang(l);
            if (l) q.lang = *l;
        }
        if (p) return p;
    }
    return std::nullopt;
}

bool service::log_decisions(const std::string& entries, text& why) {
    if (m_log == nullptr || entries.empty()) return true;
    std::lock_guard lock(m_log_lock);
    errno = 0;
    const bool ok = std::fwrite(entries.data(), 1, entries.size(), m_log) == entries.size() && std::fflush(m_log) == 0;
    if (!ok) {
        why = os_reason(errno != 0 ? errno : EIO);
        std::clearerr(m_log);
        say_line(say(msg::srv_log_write_failed, {why}));
    }
    return ok;
}

response service::health(const exchange& x) const {
    std::shared_lock read(m_catalogue_lock);
    std::string rounds, problems;
    for (const auto& r : m_catalogue->rounds) {
        rounds += (rounds.empty() ? "" : ",") +
                  fmt::format("{{\"id\":{},\"digest\":{},\"file\":{}}}", json_string(r->id()), json_string(r->digest()), json_string(r->path()));
    }
    for (const auto& p : m_problems) {
        problems += (problems.empty() ? "" : ",") +
                    fmt::format("{{\"id\":{},\"file\":{},\"since\":{},\"detail\":{},\"detail_vi\":{}}}", json_string(p.id), json_string(p.file),
                                json_string(p.since), json_string(p.detail.en), json_string(p.detail.in(language::vi)));
    }
    const char* status = m_draining.load() ? "stopping" : m_problems.empty() ? "ok" : "degraded";
    auto res = json_response(x, fmt::format("{{\"status\":\"{}\",\"loaded_at\":{},\"decrees\":[{}],\"reload_problems\":[{}]}}\n",
                                            status, json_string(m_loaded_at), rounds, problems));
    if (m_draining.load()) res.result(http::status::service_unavailable);
    return res;
}

response service::metrics_text(const exchange& x) {
    std::string out;
    out += "# HELP decree_http_requests_total HTTP requests answered, by route and status.\n"
           "# TYPE decree_http_requests_total counter\n";
    for (unsigned r = 0; r < route_names.size(); ++r) {
        for (unsigned s = 0; s < statuses.size(); ++s) {
            const auto n = m_metrics.requests[r][s].load(std::memory_order_relaxed);
            if (n == 0) continue;
            out += fmt::format("decree_http_requests_total{{route=\"{}\",status=\"{}\"}} {}\n", route_names[r],
                               statuses[s] == 0 ? std::string("other") : std::to_string(statuses[s]), n);
        }
    }
    out += "# HELP decree_http_request_duration_seconds Time from a whole request read to its answer ready.\n"
           "# TYPE decree_http_request_duration_seconds histogram\n";
    std::uint64_t cumulative = 0;
    for (std::size_t b = 0; b < buckets.size(); ++b) {
        cumulative += m_metrics.latency[b].load(std::memory_order_relaxed);
        out += fmt::format("decree_http_request_duration_seconds_bucket{{le=\"{}\"}} {}\n", buckets[b], cumulative);
    }
    cumulative += m_metrics.latency[buckets.size()].load(std::memory_order_relaxed);
    out += fmt::format("decree_http_request_duration_seconds_bucket{{le=\"+Inf\"}} {}\n", cumulative);
    out += fmt::format("decree_http_request_duration_seconds_sum {:.6f}\n", static_cast<double>(m_metrics.latency_us.load()) / 1e6);
    out += fmt::format("decree_http_request_duration_seconds_count {}\n", m_metrics.latency_count.load());
    out += "# HELP decree_decisions_total Case records decided, by decree and verdict.\n"
           "# TYPE decree_decisions_total counter\n";
    {
        std::shared_lock read(m_metrics.lock);
        constexpr std::array<std::string_view, 4> verdicts{"eligible", "not_eligible", "undetermined", "error"};
        for (const auto& [id, counts] : m_metrics.decisions) {
            for (std::size_t v = 0; v < verdicts.size(); ++v) {
                out += fmt::format("decree_decisions_total{{decree=\"{}\",verdict=\"{}\"}} {}\n", id, verdicts[v], (*counts)[v].load());
            }
        }
    }
    out += "# HELP decree_reloads_total Reloads of the rounds, by result.\n# TYPE decree_reloads_total counter\n";
    out += fmt::format("decree_reloads_total{{result=\"ok\"}} {}\ndecree_reloads_total{{result=\"failed\"}} {}\n",
                       m_metrics.reloads_ok.load(), m_metrics.reloads_failed.load());
    const auto c = current();
    out += "# HELP decree_rounds_loaded Rounds being served.\n# TYPE decree_rounds_loaded gauge\n";
    out += fmt::format("decree_rounds_loaded {}\n", c->rounds.size());
    out += "# HELP decree_connections Connections open.\n# TYPE decree_connections gauge\n";
    out += fmt::format("decree_connections {}\n", m_connections.load());
    return json_response(x, std::move(out), "text/plain; version=0.0.4; charset=utf-8");
}

namespace {

// The media type of [req] without its parameters, lower case; empty when none.
std::string media_type(const request& req) {
    std::string t(req[http::field::content_type]);
    if (const auto semi = t.find(';'); semi != std::string::npos) t.resize(semi);
    while (!t.empty() && t.back() == ' ') t.pop_back();
    for (auto& c : t) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return t;
}

// The JSON result of [r] as `eval --format json` writes it, with the text explanation in it
// when asked for.
void append_result(const round& rd, const eval::case_result& r, const decide_query& q, std::string& out) {
    const auto start = out.size();
    rd.writer().json(r, q.lang, q.explain, out);
    if (q.text_lang && out.size() > start && out.back() == '}') {
        std::string t;
        rd.writer().text(r, *q.text_lang, t);
        out.pop_back();
        out += ",\"text\":" + json_string(t) + "}";
    }
}

bool runtime_error(const eval::case_result& r) {
    return r.outcome.result == eval::verdict::error && r.outcome.error.en.rfind("error[E05", 0) == 0;
}

}  // namespace

std::optional<problem> service::media_problem(const exchange& x, bool batch) const {
    const auto type = media_type(x.req);
    if (type.empty()) return std::nullopt;
    const bool fits = batch ? type == "application/x-ndjson" || type == "application/jsonl" || type == "application/json-lines" ||
                                  type == "text/plain"
                            : type == "application/json";
    if (fits) return std::nullopt;
    return problem{http::status::unsupported_media_type, msg::prob_media_type,
                   say(msg::prob_media_type_detail, {batch ? "application/x-ndjson" : "application/json", type})};
}

void service::log_entry(std::string& to, std::string_view now, std::string_view request_id, const round& r, eval::verdict v,
                        std::string_view json, std::size_t line, std::string_view input) const {
    if (m_log == nullptr) return;
    to += fmt::format("{{\"time\":\"{}\",\"request_id\":{},\"decree\":{},\"digest\":{},\"input_digest\":\"sha256:{}\",\"verdict\":\"{}\"",
                      now, json_string(request_id), json_string(r.id()), json_string(r.digest()), sha256_hex(json), eval::name(v));
    if (line != 0) to += fmt::format(",\"line\":{}", line);
    if (m_settings.log_inputs) {
        const auto shown = input.empty() ? json : input;
        to += fmt::format(",\"input\":{}", shown.empty() ? std::string_view("null") : shown);
    }
    to += "}\n";
}

response service::decide(const exchange& x, const std::shared_ptr<const round>& r) {
    decide_query q;
    if (auto p = parse_query(x, {"explain", "text", "lang", "no_assumptions"}, q)) {
        return problem_response(*p, x.where.path, x.id, x.req.version());
    }
    if (auto p = media_problem(x, false)) return problem_response(*p, x.where.path, x.id, x.req.version());
    eval::decide_options how;
    how.explain = q.explain || q.text_lang.has_value();
    how.no_assumptions = q.no_assumptions;
    auto d = r->decider();
    const std::string& body = x.req.body();
    std::string out, log;
    auto& counts = m_metrics.verdicts(r->id());
    const std::string now = m_log != nullptr ? utc_now() : std::string();
    auto logged = [&](const eval::case_result& res, std::string_view json, std::size_t line, std::string_view input = {}) {
        counts[static_cast<std::size_t>(res.outcome.result)].fetch_add(1, std::memory_order_relaxed);
        log_entry(log, now, x.id, *r, res.outcome.result, json, line, input);
    };
    eval::case_result res;
    {
        thread_local simdjson::dom::parser parser;
        simdjson::padded_string padded(body);
        simdjson::dom::element doc;
        if (const auto err = parser.parse(padded).get(doc); err) {
            return problem_response({http::status::bad_request, msg::prob_bad_request,
                                     say(msg::prob_not_json, {simdjson::error_message(err)})},
                                    x.where.path, x.id, x.req.version());
        }
        if (doc.is_object()) {
            d->decide(doc, how, res);
            if (res.outcome.result == eval::verdict::error && !runtime_error(res)) {
                // The record is not one of this round's case records: a problem with its field path.
                return problem_response({http::status::unprocessable_entity, msg::prob_invalid_record, res.outcome.error},
                                        x.where.path, x.id, x.req.version());
            }
            append_result(*r, res, q, out);
            out.push_back('\n');
            // The digest is of the body as sent; the input logged is the record on one line.
            logged(res, body, 0, m_log != nullptr && m_settings.log_inputs ? simdjson::minify(doc) : std::string());
        } else if (doc.is_array()) {
            const auto array = doc.get_array().value_unsafe();
            if (array.size() > m_settings.max_batch) {
                return problem_response({http::status::payload_too_large, msg::prob_too_many_records,
                                         say(msg::prob_too_many_records_detail, {m_settings.max_batch})},
                                        x.where.path, x.id, x.req.version());
            }
            out.push_back('[');
            std::size_t line = 0;
            for (const auto e : array) {
                ++line;
                how.line = line;
                res = {};
                d->decide(e, how, res);
                if (line > 1) out.push_back(',');
                append_result(*r, res, q, out);
                logged(res, m_log != nullptr ? simdjson::minify(e) : std::string(), line);
            }
            out += "]\n";
        } else {
            return problem_response({http::status::bad_request, msg::prob_bad_request, say(msg::prob_not_record)}, x.where.path, x.id,
                                    x.req.version());
        }
    }
    text why;
    if (!log_decisions(log, why)) {
        return problem_response({http::status::internal_server_error, msg::prob_log_failed, say(msg::prob_log_failed_detail, {why})},
                                x.where.path, x.id, x.req.version());
    }
    return json_response(x, std::move(out), "application/json");
}

void service::batch_block(batch_job& job, std::string_view block, bool last, std::string& out, std::optional<problem>& stop) {
    // The lines that are not blank, with their numbers; a byte-order mark may start the roster.
    struct line_ref {
        std::size_t at, size, line;
    };
    std::vector<line_ref> lines;
    const bool first = job.line == 0;
    std::size_t at = job.line == 0 && block.starts_with(eval::byte_order_mark) ? eval::byte_order_mark.size() : 0;
    while (at < block.size()) {
        const auto nl = block.find('\n', at);
        if (nl == std::string_view::npos && !last) break;  // the caller passes whole lines
        const auto stop_at = nl == std::string_view::npos ? block.size() : nl;
        ++job.line;
        if (block.find_first_not_of(" \t\r", at) < stop_at) {
            if (++job.records > m_settings.max_batch) {
                stop = problem{http::status::payload_too_large, msg::prob_too_many_records,
                               say(msg::prob_too_many_records_detail, {m_settings.max_batch})};
                break;
            }
            lines.push_back({at, stop_at - at, job.line});
        }
        at = stop_at + 1;
    }
    auto& counts = m_metrics.verdicts(job.r->id());
    const auto& rd = *job.r;
    if (job.q.csv && first) out += std::string(eval::byte_order_mark) + eval::renderer::csv_header();
    // A large block is cut in parts decided by threads of their own (each with its decider),
    // into outputs and log entries of their own, joined in order.
    const std::size_t parts = std::min<std::size_t>(threads(m_settings), std::max<std::size_t>(1, lines.size() / 256));
    std::vector<std::string> outs(parts), logs(parts);
    std::vector<eval::summary> sums(job.report ? parts : 0);
    std::vector<std::vector<eval::summary::undetermined_case>> unsure(job.report ? parts : 0);
    // Results without explanation come from the compact decision; CSV rows and the report's
    // counts need the whole one.
    const bool whole = job.how.explain || job.q.csv || job.report;
    auto part = [&](std::size_t k) {
        auto dec = rd.decider();
        const std::size_t from = lines.size() * k / parts, to = lines.size() * (k + 1) / parts;
        auto& o = outs[k];
        auto& lg = logs[k];
        o.reserve((to - from) * (job.how.explain ? 8192 : 600));
        eval::outcome fo;
        eval::case_result one;
        eval::decide_options h = job.how;
        for (std::size_t i = from; i < to; ++i) {
            const std::string_view text(block.data() + lines[i].at, lines[i].size);
            h.line = lines[i].line;
            eval::verdict v;
            if (!whole && dec->decide_compact(text, h, fo, false)) {
                dec->append_json(fo, h.line, o);
                v = fo.provisional ? eval::verdict::undetermined : fo.result;
            } else {
                one = {};
                dec->decide(text, h, one);
                if (job.report) {
                    sums[k].add(one);
                    if (one.outcome.result == eval::verdict::undetermined) unsure[k].push_back({one.id, one.line, one.outcome.missing});
                } else if (job.q.csv) {
                    rd.writer().csv(one, job.q.lang, job.q.lang, o);
                } else {
                    append_result(rd, one, job.q, o);
                    o.push_back('\n');
                }
                v = one.outcome.result;
            }
            counts[static_cast<std::size_t>(v)].fetch_add(1, std::memory_order_relaxed);
            log_entry(lg, job.now, job.request_id, rd, v, text, h.line, {});
        }
    };
    std::vector<std::thread> helpers;
    for (std::size_t k = 1; k < parts; ++k) helpers.emplace_back(part, k);
    part(0);
    for (auto& t : helpers) t.join();
    std::string log;
    for (const auto& lg : logs) log += lg;
    text why;
    if (!log_decisions(log, why)) {
        stop = problem{http::status::internal_server_error, msg::prob_log_failed, say(msg::prob_log_failed_detail, {why})};
        return;  // no decision without its entry
    }
    for (const auto& o : outs) out += o;
    for (std::size_t k = 0; k < sums.size(); ++k) {
        job.totals.merge(sums[k]);
        for (auto& u : unsure[k]) {
            if (job.undetermined.size() < 5000) job.undetermined.push_back(std::move(u));
            ++job.undetermined_total;
        }
    }
}

std::string service::request_id(std::string_view remote, std::uint64_t n) const {
    // The client's X-Request-Id when it is a plain token, else one of ours.
    if (!remote.empty() && remote.size() <= 128 && std::all_of(remote.begin(), remote.end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' || c == ':';
        })) {
        return std::string(remote);
    }
    static const auto boot = static_cast<std::uint64_t>(std::chrono::system_clock::now().time_since_epoch().count());
    return fmt::format("{:x}-{}", boot & 0xffffffffffULL, n);
}

std::unique_ptr<batch_job> service::open_batch(const request& header, std::string_view remote_id, std::optional<response>& early) {
    std::unique_ptr<batch_job> job;
    early = handle(header, remote_id, &job);
    if (job) early.reset();
    return job;
}

response service::handle(const request& req, std::string_view remote_id, std::unique_ptr<batch_job>* stream) {
    const auto began = clock::now();
    const auto n = m_requests.fetch_add(1) + 1;
    exchange x{req, parse_target(std::string_view(req.target().data(), req.target().size())), request_id(remote_id, n)};
    const auto& id = x.id;
    auto finish = [&](response res) {
        m_metrics.request(x.r, res.result_int(), clock::now() - began);
        return res;
    };
    auto fail = [&](const problem& p) { return finish(problem_response(p, x.where.path, x.id, req.version())); };
    auto only = [&](http::verb v, std::string_view name) -> std::optional<response> {
        if (req.method() == v) return std::nullopt;
        auto res = problem_response({http::status::method_not_allowed, msg::prob_method, say(msg::prob_method_detail, {x.where.path, name})},
                                    x.where.path, x.id, req.version());
        res.set(http::field::allow, std::string(name));
        return finish(std::move(res));
    };
    const auto& path = x.where.path;
    if (path == "/health") {
        x.r = route::health;
        if (auto no = only(http::verb::get, "GET")) return *no;
        return finish(health(x));
    }
    // The council page: the embedded files by name, nothing from the file system, open to all
    // (it holds no data; what it asks the API for needs the token).
    if (path == "/" || path == "/index.html" || path.starts_with("/assets/")) {
        x.r = route::page;
        if (auto no = only(http::verb::get, "GET")) return *no;
        // The page itself only at `/` and `/index.html`; its other files only under /assets/.
        const bool asset_path = path.starts_with("/assets/");
        const std::string_view name = asset_path ? std::string_view(path).substr(8) : "index.html";
        const auto* a = asset_path && name == "index.html" ? nullptr : page_asset(name);
        if (a == nullptr) return fail({http::status::not_found, msg::prob_not_found, say(msg::prob_not_found_path, {path})});
        return finish(page_response(x, *a));
    }
    if (!authorized(req)) {
        return fail({http::status::unauthorized, msg::prob_unauthorized, say(msg::prob_unauthorized_detail)});
    }
    if (m_draining.load() && req.method() == http::verb::post) {
        return fail({http::status::service_unavailable, msg::prob_draining, say(msg::prob_draining_detail)});
    }
    if (path == "/metrics") {
        x.r = route::metrics;
        if (auto no = only(http::verb::get, "GET")) return *no;
        return finish(metrics_text(x));
    }
    constexpr std::string_view prefix = "/v1/decrees";
    if (path == prefix || path == "/v1/decrees/") {
        x.r = route::decrees;
        if (auto no = only(http::verb::get, "GET")) return *no;
        std::string list;
        for (const auto& r : current()->rounds) list += (list.empty() ? "" : ",") + r->entry();
        return finish(json_response(x, "{\"decrees\":[" + list + "]}\n"));
    }
    if (path.starts_with("/v1/decrees/")) {
        std::string_view rest = std::string_view(path).substr(prefix.size() + 1);
        const auto slash = rest.find('/');
        const std::string id_part(rest.substr(0, slash));
        const std::string_view what = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
        x.r = what.empty() ? route::decree : what == "/schema" ? route::schema : what == "/decide" ? route::decide
              : what == "/decide-batch"                          ? route::decide_batch
              : what == "/report"                                ? route::report
                                                                 : route::other;
        if (x.r == route::other) return fail({http::status::not_found, msg::prob_not_found, say(msg::prob_not_found_path, {path})});
        const auto c = current();
        const auto r = c->find(id_part);
        if (!r) {
            return fail({http::status::not_found, msg::prob_unknown_decree, say(msg::prob_unknown_decree_detail, {id_part, c->ids()})});
        }
        switch (x.r) {
            case route::decree:
                if (auto no = only(http::verb::get, "GET")) return *no;
                return finish(json_response(x, r->description() + "\n"));
            case route::schema: {
                if (auto no = only(http::verb::get, "GET")) return *no;
                decide_query q;
                q.lang = language::en;
                if (auto p = parse_query(x, {"lang"}, q)) return fail(*p);
                return finish(json_response(x, r->schema(q.lang), "application/schema+json"));
            }
            default: {
                if (auto no = only(http::verb::post, "POST")) return *no;
                // decide-batch is always streamed: the session passes [stream] for it.
                if (stream != nullptr && (x.r == route::decide_batch || x.r == route::report)) {
                    // Streamed by the session: the query and media type checked here, the body
                    // decided as it arrives.
                    decide_query q;
                    const bool report = x.r == route::report;
                    if (auto p = report ? parse_query(x, {"lang", "no_assumptions", "name"}, q)
                                        : parse_query(x, {"explain", "text", "lang", "no_assumptions", "format"}, q)) {
                        return fail(*p);
                    }
                    if (q.csv && (q.explain || q.text_lang)) {
                        return fail({http::status::bad_request, msg::prob_bad_query, say(msg::prob_csv_explained)});
                    }
                    if (auto p = media_problem(x, true)) return fail(*p);
                    auto job = std::make_unique<batch_job>();
                    job->r = r;
                    job->q = q;
                    job->how.explain = q.explain || q.text_lang.has_value();
                    job->how.no_assumptions = q.no_assumptions;
                    job->report = report;
                    if (report) job->totals.describe(r->program());
                    job->request_id = id;
                    job->now = m_log != nullptr ? utc_now() : std::string();
                    job->version = req.version();
                    job->path = x.where.path;
                    job->began = began;
                    *stream = std::move(job);
                    return response{};
                }
                return finish(decide(x, r));
            }
        }
    }
    return fail({http::status::not_found, msg::prob_not_found, say(msg::prob_not_found_path, {path})});
}

int run(const settings& s, std::ostream& err, const environment& env) {
    std::signal(SIGPIPE, SIG_IGN);
    service svc(s, err, env);
    return svc.run();
}

}  // namespace decree::cli::serve
