// Fuzz target: the language server on a stream of bytes, as an editor would send it: framed
// JSON-RPC messages (`Content-Length: N`, a blank line, N bytes of JSON), with whatever framing
// and JSON the bytes hold. The server runs in-process (lsp::serve) on a memory file as its input
// and /dev/null as its output; it must answer, resynchronise on wrong lengths and end at the end
// of the input, never crash, hang or hold more than its bounds. Messages are bounded at 1 MiB here
// so that the skipping of larger bodies is reached.
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <string>

#include "cli/lsp/server.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const int in = memfd_create("decree-fuzz-lsp", MFD_CLOEXEC);
    const int out = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (in < 0 || out < 0) std::abort();
    for (std::size_t done = 0; done < size;) {
        const auto n = ::write(in, data + done, size - done);
        if (n <= 0) std::abort();
        done += static_cast<std::size_t>(n);
    }
    if (::lseek(in, 0, SEEK_SET) != 0) std::abort();
    const int code = decree::lsp::serve(in, out, [](const std::string&) {}, std::size_t{1} << 20);
    if (code != 0 && code != 1) std::abort();  // exit codes of the protocol only
    ::close(in);
    ::close(out);
    return 0;
}
