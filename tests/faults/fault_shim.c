/* A fault injector for the tests of tests/faults (Linux, LD_PRELOAD; built, never installed).
 * It makes one kind of system call fail as a full or broken disk would:
 *
 *   FAULT_CALL=write|fsync|rename|close  FAULT_AT=N   the N-th such call (from 1) fails
 *   FAULT_CALL=write  FAULT_BYTES=K                   writes succeed for K bytes, the one that
 *                                                     crosses K writes what fits, later ones fail
 *   FAULT_ERRNO=ENOSPC|EIO|EPIPE                      the error (default ENOSPC)
 *   FAULT_FD=N                                        count only writes and closes of fd N
 *                                                     (default: fds from 3, so not the standard
 *                                                     streams; closes only of fds open for writing)
 *   FAULT_FIRED=PATH                                  created when a failure is injected
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

static long counter;    /* calls of the chosen kind so far */
static long long bytes; /* bytes written so far (FAULT_BYTES) */

static const char* setting(const char* name) {
    const char* v = getenv(name);
    return v != NULL && *v != '\0' ? v : NULL;
}

static int chosen(const char* call) {
    const char* c = setting("FAULT_CALL");
    return c != NULL && strcmp(c, call) == 0;
}

static int error_number(void) {
    const char* e = setting("FAULT_ERRNO");
    if (e == NULL || strcmp(e, "ENOSPC") == 0) return ENOSPC;
    if (strcmp(e, "EIO") == 0) return EIO;
    if (strcmp(e, "EPIPE") == 0) return EPIPE;
    return atoi(e);
}

static int counted_fd(int fd) {
    const char* f = setting("FAULT_FD");
    return f != NULL ? fd == atoi(f) : fd > 2;
}

static void fired(void) {
    const char* path = setting("FAULT_FIRED");
    if (path == NULL) return;
    /* Raw system calls: neither counted nor failed here. */
    const long fd = syscall(SYS_openat, AT_FDCWD, path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
    if (fd >= 0) syscall(SYS_close, fd);
}

/* True when this call (the next of its kind) is the one to fail. */
static int fail_now(void) {
    const char* at = setting("FAULT_AT");
    if (at == NULL) return 0;
    const long n = __atomic_add_fetch(&counter, 1, __ATOMIC_SEQ_CST);
    if (n != atol(at)) return 0;
    fired();
    return 1;
}

ssize_t write(int fd, const void* data, size_t size) {
    static ssize_t (*real)(int, const void*, size_t);
    if (real == NULL) real = (ssize_t(*)(int, const void*, size_t))dlsym(RTLD_NEXT, "write");
    if (chosen("write") && counted_fd(fd)) {
        const char* limit = setting("FAULT_BYTES");
        if (limit != NULL) {
            const long long room = atoll(limit) - bytes;
            if (room <= 0) {
                fired();
                errno = error_number();
                return -1;
            }
            if ((long long)size > room) size = (size_t)room;
            const ssize_t n = real(fd, data, size);
            if (n > 0) bytes += n;
            return n;
        }
        if (fail_now()) {
            errno = error_number();
            return -1;
        }
    }
    return real(fd, data, size);
}

int fsync(int fd) {
    static int (*real)(int);
    if (real == NULL) real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
    if (chosen("fsync") && fail_now()) {
        errno = error_number();
        return -1;
    }
    return real(fd);
}

int rename(const char* from, const char* to) {
    static int (*real)(const char*, const char*);
    if (real == NULL) real = (int (*)(const char*, const char*))dlsym(RTLD_NEXT, "rename");
    if (chosen("rename") && fail_now()) {
        errno = error_number();
        return -1;
    }
    return real(from, to);
}

int close(int fd) {
    static int (*real)(int);
    if (real == NULL) real = (int (*)(int))dlsym(RTLD_NEXT, "close");
    if (chosen("close") && counted_fd(fd)) {
        const int flags = fcntl(fd, F_GETFL);
        if (flags >= 0 && (flags & O_ACCMODE) != O_RDONLY && fail_now()) {
            /* As a file system reporting a failed write at close: the descriptor is closed. */
            real(fd);
            errno = error_number();
            return -1;
        }
    }
    return real(fd);
}
