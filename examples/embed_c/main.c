/* embed_c DECREE CASE.json: decides one case record with the C API and prints the verdict
 * (eligible / not_eligible / undetermined / error) and the cited reasons. */
#include <decree/decree_c.h>

#include <stdio.h>
#include <stdlib.h>

static char* read_file(const char* path, size_t* length) {
    FILE* f = fopen(path, "rb");
    if (f == NULL) return NULL;
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char* text = malloc((size_t)size + 1);
    if (text != NULL) {
        *length = fread(text, 1, (size_t)size, f);
        text[*length] = '\0';
    }
    fclose(f);
    return text;
}

int main(int argc, char** argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: embed_c DECREE CASE.json\n");
        return 64;
    }
    decree_program* program = NULL;
    char* diagnostics = NULL;
    if (decree_program_load_file(argv[1], &program, &diagnostics) != DECREE_OK) {
        fprintf(stderr, "%s\n", diagnostics != NULL ? diagnostics : "cannot load the decree");
        decree_string_free(diagnostics);
        return 65;
    }
    decree_string_free(diagnostics);
    size_t length = 0;
    char* json = read_file(argv[2], &length);
    if (json == NULL) {
        fprintf(stderr, "%s: cannot read the file\n", argv[2]);
        decree_program_free(program);
        return 74;
    }
    decree_result* result = NULL;
    decree_status status = decree_decide_json(program, json, length, 0, &result);
    printf("%s\n", decree_result_verdict(result));
    for (size_t i = 0; i < decree_result_failed_count(result); ++i) {
        printf("  failed: %s\n", decree_result_failed(result, i));
    }
    for (size_t i = 0; i < decree_result_applied_count(result); ++i) {
        printf("  applied: %s\n", decree_result_applied(result, i));
    }
    for (size_t i = 0; i < decree_result_missing_count(result); ++i) {
        printf("  missing: %s\n", decree_result_missing(result, i));
    }
    if (*decree_result_error(result) != '\0') printf("  error: %s\n", decree_result_error(result));
    for (size_t i = 0; i < decree_result_assumptions_count(result); ++i) {
        printf("  assumption: %s\n", decree_result_assumption(result, i));
    }
    decree_result_free(result);
    decree_program_free(program);
    free(json);
    return status == DECREE_OK ? 0 : 1;
}
