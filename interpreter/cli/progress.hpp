// Progress of a long run on standard error: records done, records a second, the verdicts so far
// and, for inputs of known size, the part done and the time left. On a terminal one line,
// redrawn a few times a second and erased at the end; forced on another output (`--progress`),
// a line every second. The caller counts; update() costs a comparison until a redraw is due.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <string>

#include "decree/lang/text.hpp"

namespace decree::cli {

class progress {
public:
    // Writes to file descriptor [fd]; [terminal]: it is one (redraw in place).
    progress(int fd, bool terminal, language lang, std::string command);
    ~progress();
    progress(const progress&) = delete;
    progress& operator=(const progress&) = delete;

    // The bytes of all the inputs, when known (0: unknown, no percentage).
    void expect_bytes(std::size_t total) { m_total_bytes = total; }
    // Counts: records decided, per verdict (eligible, not eligible, undetermined, error, in the
    // order of eval::verdict), and bytes of input read.
    using counts = std::array<std::size_t, 4>;
    void add(const counts& verdicts) {
        for (std::size_t v = 0; v < verdicts.size(); ++v) m_verdicts[v] += verdicts[v];
    }
    // One record of verdict [v] (an eval::verdict as its index).
    void add_one(std::size_t v) { ++m_verdicts[v]; }
    void read_bytes(std::size_t n) { m_bytes += n; }
    // Redraws when it is time.
    void update() {
        if (++m_calls % 64 == 0 || m_calls < 64) tick();
    }
    // Erases the line (before other output on the same terminal, and at the end).
    void clear();

private:
    void tick();
    void draw(std::chrono::steady_clock::time_point now);
    int m_fd;
    bool m_terminal;
    language m_lang;
    std::string m_command;
    counts m_verdicts{};
    std::size_t m_bytes = 0, m_total_bytes = 0, m_calls = 0;
    std::chrono::steady_clock::time_point m_start, m_next;
    bool m_shown = false;
};

}  // namespace decree::cli
