/* Decree: the C API over the embedding library.
 *
 * Opaque handles, result codes, and strings owned by the library (free them with
 * decree_string_free). No C++ exception and no abort crosses this boundary, whatever the input:
 * every entry point returns DECREE_ERROR_INTERNAL if something unexpected happens.
 *
 *   decree_program* p = NULL;
 *   char* diagnostics = NULL;
 *   if (decree_program_load_file("dot2_2025.decree", &p, &diagnostics) != DECREE_OK) { ... }
 *   decree_result* r = NULL;
 *   decree_decide_json(p, json, strlen(json), 1, &r);
 *   printf("%s\n", decree_result_verdict(r));        // "eligible", ...
 *   decree_result_free(r); decree_program_free(p); decree_string_free(diagnostics);
 */
#ifndef DECREE_C_H
#define DECREE_C_H

#include <stddef.h>

/* What the library exports: the functions declared here, nothing else. */
#ifndef DECREE_API
#define DECREE_API __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
extern "C" {
#endif

typedef enum decree_status {
    DECREE_OK = 0,
    DECREE_ERROR_COMPILE = 1,  /* the decree has errors; see the diagnostics */
    DECREE_ERROR_RUNTIME = 2,  /* the record could not be decided; see the result's error */
    DECREE_ERROR_IO = 3,       /* a file could not be read */
    DECREE_ERROR_ARGUMENT = 4, /* a null pointer or an invalid argument */
    DECREE_ERROR_INTERNAL = 5  /* anything else; the library stays usable */
} decree_status;

typedef struct decree_program decree_program; /* a checked decree; thread-safe */
typedef struct decree_result decree_result;   /* the decision on one record */

/* The library's version, "0.1.0" (static storage, do not free). */
DECREE_API const char* decree_version(void);

/* Loads and checks the decree in the file at [path]. On success *[out] is the program. In every
 * case, when [diagnostics] is not NULL, *[diagnostics] receives the diagnostics as a JSON array
 * (free with decree_string_free). Out of memory is DECREE_ERROR_INTERNAL, with one diagnostic
 * whose message is "out of memory" (NULL when even that cannot be allocated). */
DECREE_API decree_status decree_program_load_file(const char* path, decree_program** out, char** diagnostics);
/* The same for decree text [text] of [length] bytes, named [name] in diagnostics. */
DECREE_API decree_status decree_program_load_text(const char* name, const char* text, size_t length,
                                       decree_program** out, char** diagnostics);
/* Releases [program] (NULL is allowed). */
DECREE_API void decree_program_free(decree_program* program);

/* Decides one case record given as JSON text of [length] bytes. [explain] non-zero fills the
 * explanation. *[out] receives the result even when the record is an error (its verdict is then
 * "error"); returns DECREE_ERROR_RUNTIME in that case. Safe from many threads at once. */
DECREE_API decree_status decree_decide_json(const decree_program* program, const char* json, size_t length,
                                 int explain, decree_result** out);
/* Flags of decree_decide_json_flags. */
#define DECREE_DECIDE_EXPLAIN 1u        /* fill the explanation */
#define DECREE_DECIDE_NO_ASSUMPTIONS 2u /* withhold verdicts that rest on assumptions (`eval --no-assumptions`) */
#define DECREE_DECIDE_ENGLISH 4u        /* the explanation and displayed values in English (default: Vietnamese) */
/* decree_decide_json with [flags], a combination of DECREE_DECIDE_*; any other bit is
 * DECREE_ERROR_ARGUMENT. With DECREE_DECIDE_NO_ASSUMPTIONS a verdict that rests on an assumption
 * is "undetermined" and decree_result_provisional gives the verdict it would have been. */
DECREE_API decree_status decree_decide_json_flags(const decree_program* program, const char* json, size_t length,
                                       unsigned flags, decree_result** out);
/* "eligible", "not_eligible", "undetermined" or "error" (owned by the result). */
DECREE_API const char* decree_result_verdict(const decree_result* result);
/* The result as one JSON object, the format of `decreec eval --format json` (owned by the
 * result). */
DECREE_API const char* decree_result_json(const decree_result* result);
/* The human explanation (owned by the result; empty without explain). */
DECREE_API const char* decree_result_text(const decree_result* result);
/* The number of failed citations, and the i-th one (owned by the result; NULL out of range). */
DECREE_API size_t decree_result_failed_count(const decree_result* result);
DECREE_API const char* decree_result_failed(const decree_result* result, size_t i);
/* The number of exceptions that applied, and the i-th one's citation (owned by the result; NULL
 * out of range). */
DECREE_API size_t decree_result_applied_count(const decree_result* result);
DECREE_API const char* decree_result_applied(const decree_result* result, size_t i);
/* For an undetermined verdict, the number of facts that would decide it, and the i-th one's
 * field path, "$.special.serious_illness" (owned by the result; NULL out of range). */
DECREE_API size_t decree_result_missing_count(const decree_result* result);
DECREE_API const char* decree_result_missing(const decree_result* result, size_t i);
/* Why the record could not be decided, for the verdict "error" (owned by the result); "" else. */
DECREE_API const char* decree_result_error(const decree_result* result);
/* The language of decree_result_text: "vi", or "en" with DECREE_DECIDE_ENGLISH (static storage). */
DECREE_API const char* decree_result_language(const decree_result* result);
/* The number of assumptions the verdict rests on, and the i-th one's identifier (owned by the
 * result; NULL out of range): "Điều 4 khoản 7", "luat.served_fraction", ... */
DECREE_API size_t decree_result_assumptions_count(const decree_result* result);
DECREE_API const char* decree_result_assumption(const decree_result* result, size_t i);
/* For a verdict withheld by DECREE_DECIDE_NO_ASSUMPTIONS, the verdict it would have been
 * ("eligible" or "not_eligible", static storage); NULL otherwise. */
DECREE_API const char* decree_result_provisional(const decree_result* result);
/* Releases [result] (NULL is allowed). */
DECREE_API void decree_result_free(decree_result* result);

/* Releases a string returned by the library (NULL is allowed). */
DECREE_API void decree_string_free(char* s);

#ifdef __cplusplus
}
#endif

#endif /* DECREE_C_H */
