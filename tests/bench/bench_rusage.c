/* bench_rusage — runs one command and writes what it cost: wall time and
 * peak resident set size.
 *
 *   bench_rusage OUTFILE COMMAND [ARG]...
 *
 * OUTFILE gets one line, "WALL_MS MAXRSS_KB STATUS": the wall time in
 * milliseconds (CLOCK_MONOTONIC, to the microsecond: a ratio of two runs
 * of a few milliseconds needs more than tenths), the largest RSS of the
 * command or of any descendant it waited for (wait4's ru_maxrss, in KiB
 * on Linux), and the command's exit status (128+N when signal N ended
 * it, as a shell says).  The command's own output is left alone.  Used
 * by tests/bench/rollout.sh and tests/bench/lib.sh, so that the figures
 * do not depend on GNU time being installed; asserts nothing.  Exits 0
 * when the figures were written, 2 when they could not be. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"

int main(int argc, char **argv)
{
    struct rusage ru;
    uint64_t start;
    double wall_ms;
    int status = 0, code;
    pid_t pid, got;
    FILE *f;

    if (argc < 3) {
        fprintf(stderr, "usage: bench_rusage OUTFILE COMMAND [ARG]...\n");
        return 2;
    }
    start = bench_now_ns();
    pid = fork();
    if (pid < 0) {
        fprintf(stderr, "bench_rusage: fork: %s\n", strerror(errno));
        return 2;
    }
    if (pid == 0) {
        execvp(argv[2], argv + 2);
        fprintf(stderr, "bench_rusage: %s: %s\n", argv[2], strerror(errno));
        _exit(127);
    }
    memset(&ru, 0, sizeof(ru));
    do
        got = wait4(pid, &status, 0, &ru);
    while (got < 0 && errno == EINTR);
    wall_ms = bench_us_since(start) / 1e3;
    if (got < 0) {
        fprintf(stderr, "bench_rusage: wait4: %s\n", strerror(errno));
        return 2;
    }
    if (WIFEXITED(status))
        code = WEXITSTATUS(status);
    else if (WIFSIGNALED(status))
        code = 128 + WTERMSIG(status);
    else
        code = 255;
    f = fopen(argv[1], "w");
    if (!f) {
        fprintf(stderr, "bench_rusage: %s: %s\n", argv[1], strerror(errno));
        return 2;
    }
    fprintf(f, "%.3f %ld %d\n", wall_ms, (long)ru.ru_maxrss, code);
    if (fclose(f) != 0) {
        fprintf(stderr, "bench_rusage: %s: %s\n", argv[1], strerror(errno));
        return 2;
    }
    return 0;
}
