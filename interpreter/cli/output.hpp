// Output that is never lost in silence (internal to the CLI): results written with every write
// checked and the results that reached the destination whole counted; files written whole or
// replaced atomically; SIGTERM and SIGINT turned into a request to stop between results.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "decree/lang/text.hpp"

namespace decree::cli {

// Results on their way to standard output: through its file descriptor with write(2) when one
// is given (so that the bytes that reached it are known), else through a stream (in-process
// use, where a failed write counts none of what it held). Buffered in 1 MiB; every write
// checked. After a failure nothing more is written.
class result_output {
public:
    // To [fd] when it is not negative (what [out] holds is flushed first), else to [out].
    result_output(std::ostream& out, int fd);
    result_output(const result_output&) = delete;
    result_output& operator=(const result_output&) = delete;

    // Appends [data]: whole results, the i-th ending at offset ends[i] of [data] (increasing),
    // or, with no ends, text that is not a result (a summary).
    void put(std::string_view data, const std::size_t* ends, std::size_t count);
    void put_result(std::string_view result) {
        const std::size_t end = result.size();
        put(result, &end, 1);
    }
    // Writes what is buffered; false once a write has failed.
    bool flush();
    bool failed() const { return m_errno != 0; }
    // The reason of the failure ("No space left on device").
    text reason() const;
    // Results that reached the destination whole.
    std::size_t results_written() const { return m_results; }

private:
    // Writes [data] (whose result ends are [ends]); false on failure.
    bool write_out(const char* data, std::size_t size, const std::size_t* ends, std::size_t count);

    std::ostream& m_out;
    int m_fd;
    int m_errno = 0;
    std::size_t m_results = 0;
    std::string m_buffer;
    std::vector<std::size_t> m_ends;  // of the results in the buffer
};

// Writes [data] into [path] (created or truncated), each write and the close checked. On
// failure [why] says what went wrong ("No space left on device").
bool write_file(const std::string& path, std::string_view data, text& why);

// Replaces the file [path] by [data] atomically: written to a temporary file in the same
// directory with the file's permissions, synced, then renamed over it (over the target of a
// symbolic link). On any failure the file is untouched, the temporary removed, and [why] says
// what went wrong.
bool replace_file(const std::string& path, std::string_view data, text& why);

// SIGTERM and SIGINT, unless ignored when the process started, set a flag that stop_signal()
// reads instead of ending the process; the handler is reset, so that a second signal ends it
// at once.
void catch_stop_signals();
// The signal that asked to stop (SIGTERM, SIGINT), or 0.
int stop_signal();
// "SIGTERM", "SIGINT".
std::string signal_name(int sig);

}  // namespace decree::cli
