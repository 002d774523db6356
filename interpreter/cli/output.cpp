// Checked output of decreec: results, whole files, atomic replacement, stop signals.
#include "cli/output.hpp"

#include "decree/lang/messages.hpp"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <ostream>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace decree::cli {

namespace {

constexpr std::size_t buffer_size = std::size_t{1} << 20;

// Writes [size] bytes of [data] to [fd], going on after short writes and interruptions;
// [done] is what was written. False (errno set) on failure.
bool write_all(int fd, const char* data, std::size_t size, std::size_t& done) {
    done = 0;
    while (done < size) {
        const ssize_t n = ::write(fd, data + done, size - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        if (n == 0) {
            errno = EIO;
            return false;
        }
        done += static_cast<std::size_t>(n);
    }
    return true;
}

std::atomic<int> stop_requested{0};
static_assert(std::atomic<int>::is_always_lock_free);

extern "C" void on_stop_signal(int sig) { stop_requested.store(sig, std::memory_order_relaxed); }

}  // namespace

result_output::result_output(std::ostream& out, int fd) : m_out(out), m_fd(fd) {
    if (m_fd >= 0) {
        m_out.flush();
        m_buffer.reserve(buffer_size);
    }
}

void result_output::put(std::string_view data, const std::size_t* ends, std::size_t count) {
    if (failed() || data.empty()) return;
    if (m_buffer.size() + data.size() > buffer_size && !flush()) return;
    if (data.size() >= buffer_size) {
        write_out(data.data(), data.size(), ends, count);
        return;
    }
    const std::size_t base = m_buffer.size();
    m_buffer.append(data);
    for (std::size_t i = 0; i < count; ++i) m_ends.push_back(base + ends[i]);
}

bool result_output::flush() {
    if (failed()) return false;
    if (!m_buffer.empty()) {
        const bool ok = write_out(m_buffer.data(), m_buffer.size(), m_ends.data(), m_ends.size());
        m_buffer.clear();
        m_ends.clear();
        if (!ok) return false;
    }
    if (m_fd < 0) {
        errno = 0;
        if (!m_out.flush()) {
            m_errno = errno != 0 ? errno : EIO;
            return false;
        }
    }
    return true;
}

bool result_output::write_out(const char* data, std::size_t size, const std::size_t* ends, std::size_t count) {
    if (m_fd < 0) {
        errno = 0;
        if (!m_out.write(data, static_cast<std::streamsize>(size))) {
            m_errno = errno != 0 ? errno : EIO;
            return false;
        }
        m_results += count;
        return true;
    }
    std::size_t done = 0;
    const bool ok = write_all(m_fd, data, size, done);
    // The results that ended within what was written are whole at the destination.
    m_results += static_cast<std::size_t>(std::upper_bound(ends, ends + count, done) - ends);
    if (!ok) m_errno = errno != 0 ? errno : EIO;
    return ok;
}

text result_output::reason() const { return os_reason(m_errno); }

bool write_file(const std::string& path, std::string_view data, text& why) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0) {
        why = os_reason(errno);
        return false;
    }
    std::size_t done = 0;
    if (!write_all(fd, data.data(), data.size(), done)) {
        why = os_reason(errno);
        ::close(fd);
        return false;
    }
    if (::close(fd) != 0) {
        why = os_reason(errno);
        return false;
    }
    return true;
}

bool replace_file(const std::string& path, std::string_view data, text& why) {
    namespace fs = std::filesystem;
    std::error_code ec;
    // Through a symbolic link, its target is replaced (the link stays).
    fs::path target = fs::is_symlink(path, ec) ? fs::canonical(path, ec) : fs::path(path);
    if (ec) {
        why = os_reason(ec.value());
        return false;
    }
    struct stat st {};
    if (::stat(target.c_str(), &st) != 0) {
        why = os_reason(errno);
        return false;
    }
    if (!S_ISREG(st.st_mode)) {
        why = say(msg::os_not_regular);
        return false;
    }
    const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
    std::string temp = (dir / ("." + target.filename().string() + ".decreec-XXXXXX")).string();
    const int fd = ::mkstemp(temp.data());
    if (fd < 0) {
        why = say(msg::os_cannot_create_temporary, {dir.string(), os_reason(errno)});
        return false;
    }
    auto fail = [&](bool open) {
        const int e = errno;
        if (open) ::close(fd);
        ::unlink(temp.c_str());
        why = os_reason(e);
        return false;
    };
    std::size_t done = 0;
    if (!write_all(fd, data.data(), data.size(), done)) return fail(true);
    // The owner is kept where the permissions allow it; the mode always.
    if ((st.st_uid != ::geteuid() || st.st_gid != ::getegid()) && ::fchown(fd, st.st_uid, st.st_gid) != 0) {
        errno = 0;
    }
    if (::fchmod(fd, st.st_mode & 07777) != 0) return fail(true);
    if (::fsync(fd) != 0) return fail(true);
    if (::close(fd) != 0) return fail(false);
    if (::rename(temp.c_str(), target.c_str()) != 0) return fail(false);
    return true;
}

void catch_stop_signals() {
    for (const int sig : {SIGTERM, SIGINT}) {
        struct sigaction old {};
        if (::sigaction(sig, nullptr, &old) != 0 || old.sa_handler == SIG_IGN) continue;
        struct sigaction act {};
        act.sa_handler = on_stop_signal;
        sigemptyset(&act.sa_mask);
        act.sa_flags = SA_RESTART | SA_RESETHAND;
        ::sigaction(sig, &act, nullptr);
    }
}

int stop_signal() { return stop_requested.load(std::memory_order_relaxed); }

std::string signal_name(int sig) {
    if (sig == SIGTERM) return "SIGTERM";
    if (sig == SIGINT) return "SIGINT";
    return "signal " + std::to_string(sig);
}

}  // namespace decree::cli
