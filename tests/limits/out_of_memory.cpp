// Out of memory through the C API: run with an address-space limit (tests/limits/out_of_memory.sh),
// loading a decree too large for it must return DECREE_ERROR_INTERNAL with one diagnostic
// saying so, and the library must stay usable for a small decree afterwards.
#include <cstdio>
#include <cstring>
#include <string>

#include "decree/decree_c.h"

int main(int argc, char** argv) {
    if (argc != 2) return 64;
    std::FILE* f = std::fopen(argv[1], "rb");
    if (f == nullptr) return 74;
    std::string text;
    char buf[1 << 16];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) text.append(buf, n);
    std::fclose(f);
    decree_program* p = nullptr;
    char* diags = nullptr;
    const auto status = decree_program_load_text("big.decree", text.data(), text.size(), &p, &diags);
    std::printf("status %d\n", static_cast<int>(status));
    std::printf("diagnostics %s\n", diags != nullptr ? diags : "(null)");
    const bool said = diags != nullptr && std::strstr(diags, "\"message\":\"out of memory\"") != nullptr;
    decree_string_free(diags);
    text.clear();
    text.shrink_to_fit();
    const char small[] =
        "decree \"Small\"\nrecord r { id : string }\ninput case : r\narticle 1\n  text \"x\"\n  requires true\n";
    decree_program* q = nullptr;
    char* small_diags = nullptr;
    const auto again = decree_program_load_text("small.decree", small, sizeof small - 1, &q, &small_diags);
    std::printf("small %d %s\n", static_cast<int>(again), small_diags != nullptr ? small_diags : "(null)");
    decree_string_free(small_diags);
    decree_program_free(q);
    return status == DECREE_ERROR_INTERNAL && said && again == DECREE_OK ? 0 : 1;
}
