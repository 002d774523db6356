#include "cli/progress.hpp"

#include <fmt/format.h>

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>

#include "decree/lang/messages.hpp"
#include "decree/lang/source.hpp"
#include "json_input.hpp"

namespace decree::cli {

namespace {

using clock = std::chrono::steady_clock;

// On a terminal five redraws a second; in a log one line a second.
constexpr auto terminal_period = std::chrono::milliseconds(200);
constexpr auto log_period = std::chrono::seconds(1);
// Nothing for a run shorter than this: a quick run stays quiet.
constexpr auto delay = std::chrono::milliseconds(500);

void write_all(int fd, std::string_view s) {
    while (!s.empty()) {
        const auto n = ::write(fd, s.data(), s.size());
        if (n <= 0) return;  // progress is never worth failing a run for
        s.remove_prefix(static_cast<std::size_t>(n));
    }
}

// "1 min 05 s", "12 s", "1 h 02 min"; "1 phút 05 giây".
text span(double seconds) {
    const auto s = static_cast<long>(seconds + 0.5);
    if (s >= 3600) return {fmt::format("{} h {:02} min", s / 3600, s / 60 % 60), fmt::format("{} giờ {:02} phút", s / 3600, s / 60 % 60)};
    if (s >= 60) return {fmt::format("{} min {:02} s", s / 60, s % 60), fmt::format("{} phút {:02} giây", s / 60, s % 60)};
    return {fmt::format("{} s", s), fmt::format("{} giây", s)};
}

// [line] cut to [columns] characters (UTF-8), so that it never wraps and `\r` redraws it.
std::string fit(const std::string& line, std::size_t columns) {
    if (utf8_length(line) <= columns) return line;
    std::string out;
    std::size_t n = 0;
    for (std::size_t i = 0; i < line.size();) {
        const auto c = static_cast<unsigned char>(line[i]);
        const std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        if (n + 1 >= columns) break;
        out.append(line, i, len);
        i += len;
        ++n;
    }
    return out + "…";
}

}  // namespace

progress::progress(int fd, bool terminal, language lang, std::string command)
    : m_fd(fd), m_terminal(terminal), m_lang(lang), m_command(std::move(command)), m_start(clock::now()),
      m_next(m_start + delay) {}

progress::~progress() { clear(); }

void progress::tick() {
    const auto now = clock::now();
    if (now < m_next) return;
    draw(now);
    m_next = now + (m_terminal ? terminal_period : log_period);
}

void progress::draw(clock::time_point now) {
    const std::size_t done = m_verdicts[0] + m_verdicts[1] + m_verdicts[2] + m_verdicts[3];
    const double seconds = std::chrono::duration<double>(now - m_start).count();
    const auto rate = static_cast<std::size_t>(seconds > 0 ? static_cast<double>(done) / seconds : 0);
    auto n = [](std::size_t x) { return eval::with_separators(x); };
    text eta;
    if (m_total_bytes > 0 && m_bytes > 0) {
        const double part = std::min(1.0, static_cast<double>(m_bytes) / static_cast<double>(m_total_bytes));
        const double left = part > 0 ? seconds * (1 - part) / part : 0;
        eta = say(msg::progress_eta, {static_cast<std::size_t>(part * 100), span(left)});
    }
    const auto line = say(msg::progress_line, {m_command, n(done), n(rate), eta, n(m_verdicts[0]), n(m_verdicts[1]),
                                               n(m_verdicts[2]), n(m_verdicts[3])});
    std::string text = line.in(m_lang);
    if (m_terminal) {
        winsize ws{};
        const std::size_t columns = ::ioctl(m_fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 10 ? ws.ws_col : 80;
        write_all(m_fd, "\r" + fit(text, columns - 1) + "\x1b[K");
    } else {
        write_all(m_fd, text + "\n");
    }
    m_shown = true;
}

void progress::clear() {
    if (!m_shown) return;
    if (m_terminal) write_all(m_fd, "\r\x1b[K");
    m_shown = false;
    // The next redraw waits for its period (a warning just written is not overwritten at once).
    m_next = clock::now() + (m_terminal ? terminal_period : log_period);
}

}  // namespace decree::cli
