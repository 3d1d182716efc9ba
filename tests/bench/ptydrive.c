/* ptydrive — times the terminal UI as a person meets it: started in a
 * pseudo-terminal, a search typed into the service picker key by key.
 *
 *   ptydrive [-s STARTS] [-w WARMUP] [-n ROUNDS] [-q QUERY] [-g GAP_MS]
 *            [-z COLSxROWS] -- COMMAND [ARG]...
 *
 * COMMAND (linkrole --demo) runs in a new pseudo-terminal of that size
 * with TERM=xterm-256color and LINKROLE_FRAME_FD naming the write end of
 * a pipe: the UI writes "frame N keys K SCREEN" there each time a frame
 * is on the terminal (doc/architecture.md).  For each start it measures
 *
 *   - the time from just before the fork to the first frame line, and to
 *     the first frame of the picker;
 *   - keystroke to redraw: QUERY typed one key at a time, then erased
 *     with Backspace, ROUNDS times; each key's time runs from its write
 *     to the pseudo-terminal to the first frame line that counts it (K
 *     at least the keys sent), so a frame that a background answer
 *     caused in between is not taken for the key's;
 *   - the peak RSS of the session (wait4 after Ctrl-C).
 *
 * The first WARMUP starts are run and not counted.  Between keys it
 * waits GAP_MS (a person types some 5 keys a second; the default, 30 ms,
 * keeps the runs short), draining the terminal all the while.  It
 * prints one line of figures, "key=value ..." (tests/bench/tui.sh makes
 * the table), and asserts nothing; it exits 1 when the UI did not run
 * as expected (ended early, no frame within 30 s). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "bench.h"

/* The descriptor the UI gets for its frame lines. */
#define PTYDRIVE_FRAME_FD 3
/* No frame (or no exit) for this long: the run failed. */
#define PTYDRIVE_TIMEOUT_MS 30000
/* Quiet this long after the picker's first frame: the start-up's
 * background work (the selected service's rules) has settled. */
#define PTYDRIVE_SETTLE_MS 300
#define PTYDRIVE_BACKSPACE '\177'
#define PTYDRIVE_CTRL_C '\003'

struct samples {
    double *v;
    size_t n, cap;
};

static int samples_add(struct samples *s, double x)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 64;
        double *v = realloc(s->v, cap * sizeof(*v));

        if (!v)
            return -1;
        s->v = v;
        s->cap = cap;
    }
    s->v[s->n++] = x;
    return 0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

/* The value below which a fraction q of the samples lie (nearest rank);
 * the median is the mean of the middle two for an even count. */
static double samples_quantile(struct samples *s, double q)
{
    size_t rank;

    if (!s->n)
        return 0;
    qsort(s->v, s->n, sizeof(*s->v), cmp_double);
    if (q == 0.5)
        return s->n % 2 ? s->v[s->n / 2]
                        : (s->v[s->n / 2 - 1] + s->v[s->n / 2]) / 2;
    rank = (size_t)(q * (double)s->n + 0.999999);
    return s->v[rank ? rank - 1 : 0];
}

static double samples_min(struct samples *s)
{
    return s->n ? (qsort(s->v, s->n, sizeof(*s->v), cmp_double), s->v[0])
                : 0;
}

static double samples_max(struct samples *s)
{
    return s->n ? (qsort(s->v, s->n, sizeof(*s->v), cmp_double),
                   s->v[s->n - 1])
                : 0;
}

/* One UI under the driver. */
struct child {
    pid_t pid;
    int master;             /* the pseudo-terminal's master side */
    int frames;             /* the read end of the frame pipe */
    char line[256];         /* a frame line being read */
    size_t line_len;
    unsigned long frames_seen;
    unsigned long last_keys;    /* K of the last frame line */
    bool last_picker;           /* its screen was the picker */
    char tail[1024];        /* the terminal's last bytes, for errors */
    size_t tail_len;
    bool exited;
    int status;
    struct rusage ru;
};

static void child_keep_tail(struct child *c, const char *p, size_t n)
{
    if (n >= sizeof(c->tail)) {
        p += n - sizeof(c->tail);
        n = sizeof(c->tail);
    }
    if (c->tail_len + n > sizeof(c->tail)) {
        size_t drop = c->tail_len + n - sizeof(c->tail);

        memmove(c->tail, c->tail + drop, c->tail_len - drop);
        c->tail_len -= drop;
    }
    memcpy(c->tail + c->tail_len, p, n);
    c->tail_len += n;
}

/* A pseudo-terminal of ws's size whose slave is the child's stdin,
 * stdout and stderr and controlling terminal, so Ctrl-C is SIGINT. */
static int child_start(struct child *c, char **argv, const struct winsize *ws)
{
    int pipefd[2], master;
    char *slave;

    memset(c, 0, sizeof(*c));
    c->master = c->frames = -1;
    master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (master < 0 || grantpt(master) || unlockpt(master) ||
        !(slave = ptsname(master))) {
        fprintf(stderr, "ptydrive: no pseudo-terminal: %s\n",
                strerror(errno));
        return -1;
    }
    if (pipe2(pipefd, O_CLOEXEC)) {
        fprintf(stderr, "ptydrive: pipe: %s\n", strerror(errno));
        close(master);
        return -1;
    }
    c->pid = fork();
    if (c->pid < 0) {
        fprintf(stderr, "ptydrive: fork: %s\n", strerror(errno));
        close(master);
        close(pipefd[0]);
        close(pipefd[1]);
        return -1;
    }
    if (c->pid == 0) {
        int fd;

        setsid();
        fd = open(slave, O_RDWR);
        if (fd < 0 || ioctl(fd, TIOCSCTTY, 0) < 0 ||
            ioctl(fd, TIOCSWINSZ, ws) < 0)
            _exit(126);
        dup2(fd, STDIN_FILENO);
        dup2(fd, STDOUT_FILENO);
        dup2(fd, STDERR_FILENO);
        if (fd > STDERR_FILENO)
            close(fd);
        /* dup2 onto itself would keep close-on-exec: clear it. */
        if (pipefd[1] == PTYDRIVE_FRAME_FD)
            fcntl(PTYDRIVE_FRAME_FD, F_SETFD, 0);
        else
            dup2(pipefd[1], PTYDRIVE_FRAME_FD);
        setenv("TERM", "xterm-256color", 1);
        setenv("LINKROLE_FRAME_FD", "3", 1);
        unsetenv("LINES");
        unsetenv("COLUMNS");
        unsetenv("LINKROLE_TUI_SCRIPT");
        signal(SIGPIPE, SIG_DFL);
        execvp(argv[0], argv);
        _exit(127);
    }
    close(pipefd[1]);
    c->master = master;
    c->frames = pipefd[0];
    fcntl(c->master, F_SETFL, fcntl(c->master, F_GETFL) | O_NONBLOCK);
    fcntl(c->frames, F_SETFL, fcntl(c->frames, F_GETFL) | O_NONBLOCK);
    return 0;
}

/* A frame line: its keys count and screen. */
static void child_frame_line(struct child *c)
{
    unsigned long n, k;
    char screen[64];

    c->line[c->line_len] = '\0';
    if (sscanf(c->line, "frame %lu keys %lu %63s", &n, &k, screen) == 3) {
        c->frames_seen++;
        c->last_keys = k;
        c->last_picker = strcmp(screen, "picker") == 0;
    }
    c->line_len = 0;
}

/* Reads what is there.  Returns the number of frame lines read. */
static int child_read(struct child *c, bool pty_ready, bool frames_ready)
{
    char buf[8192];
    ssize_t n;
    int lines = 0;

    while (pty_ready && (n = read(c->master, buf, sizeof(buf))) > 0)
        child_keep_tail(c, buf, (size_t)n);
    while (frames_ready && (n = read(c->frames, buf, sizeof(buf))) > 0) {
        for (ssize_t i = 0; i < n; i++) {
            if (buf[i] == '\n') {
                child_frame_line(c);
                lines++;
            } else if (c->line_len < sizeof(c->line) - 1) {
                c->line[c->line_len++] = buf[i];
            }
        }
    }
    return lines;
}

/* Polls the terminal and the frame pipe for up to ms (-1: no limit),
 * reading what comes.  Returns the frame lines read, 0 on a timeout,
 * -1 when the child has ended (its exit status kept). */
static int child_poll(struct child *c, int ms)
{
    struct pollfd p[2] = { { c->master, POLLIN, 0 },
                           { c->frames, POLLIN, 0 } };
    int n = poll(p, 2, ms);

    if (n < 0)
        return errno == EINTR ? 0 : -1;
    if (n == 0)
        return 0;
    n = child_read(c, p[0].revents != 0, p[1].revents != 0);
    /* The slave's last holder closed it: the UI is gone. */
    if (n == 0 && (p[0].revents & (POLLHUP | POLLERR)) &&
        !(p[1].revents & POLLIN)) {
        pid_t got = wait4(c->pid, &c->status, WNOHANG, &c->ru);

        if (got == c->pid) {
            c->exited = true;
            return -1;
        }
        /* Still running with no terminal: let time pass. */
        usleep(1000);
    }
    return n;
}

static void child_report(const struct child *c, const char *what)
{
    fprintf(stderr, "ptydrive: %s; the terminal's last bytes:\n", what);
    for (size_t i = 0; i < c->tail_len; i++) {
        unsigned char ch = (unsigned char)c->tail[i];

        if (ch == '\n' || (ch >= 0x20 && ch != 0x7f))
            fputc(ch, stderr);
        else if (ch == 033)
            fputs("\\e", stderr);
    }
    fputc('\n', stderr);
}

/* Waits until pred holds (checked after every read), at most
 * PTYDRIVE_TIMEOUT_MS.  Returns 0, or -1 (the child ended or no frame
 * came). */
static int child_wait(struct child *c, bool (*pred)(const struct child *,
                                                     unsigned long),
                      unsigned long arg)
{
    uint64_t start = bench_now_ns();

    while (!pred(c, arg)) {
        double left = PTYDRIVE_TIMEOUT_MS - bench_us_since(start) / 1e3;

        if (left <= 0 || child_poll(c, (int)left + 1) < 0)
            return -1;
    }
    return 0;
}

static bool pred_any_frame(const struct child *c, unsigned long arg)
{
    (void)arg;
    return c->frames_seen > 0;
}

static bool pred_picker(const struct child *c, unsigned long arg)
{
    (void)arg;
    return c->frames_seen > 0 && c->last_picker;
}

static bool pred_keys(const struct child *c, unsigned long keys)
{
    return c->frames_seen > 0 && c->last_keys >= keys;
}

/* Drains for ms (reading all the while); -1 when the child ended. */
static int child_idle(struct child *c, int ms)
{
    uint64_t start = bench_now_ns();

    for (;;) {
        double left = ms - bench_us_since(start) / 1e3;

        if (left <= 0)
            return 0;
        if (child_poll(c, (int)left + 1) < 0)
            return -1;
    }
}

/* Drains until no frame line came for ms (at most the timeout). */
static int child_settle(struct child *c, int ms)
{
    uint64_t start = bench_now_ns();

    while (bench_us_since(start) / 1e3 < PTYDRIVE_TIMEOUT_MS) {
        unsigned long seen = c->frames_seen;

        if (child_idle(c, ms) < 0)
            return -1;
        if (c->frames_seen == seen)
            return 0;
    }
    return 0;
}

static int child_key(struct child *c, char key)
{
    for (;;) {
        ssize_t n = write(c->master, &key, 1);

        if (n == 1)
            return 0;
        if (n < 0 && errno != EAGAIN && errno != EINTR)
            return -1;
        if (child_poll(c, 10) < 0)
            return -1;
    }
}

/* Ctrl-C, then the exit and its rusage. */
static int child_stop(struct child *c)
{
    uint64_t start = bench_now_ns();

    if (!c->exited)
        (void)child_key(c, PTYDRIVE_CTRL_C);
    while (!c->exited) {
        pid_t got = wait4(c->pid, &c->status, WNOHANG, &c->ru);

        if (got == c->pid) {
            c->exited = true;
            break;
        }
        if (bench_us_since(start) / 1e3 > PTYDRIVE_TIMEOUT_MS) {
            kill(c->pid, SIGKILL);
            waitpid(c->pid, &c->status, 0);
            c->exited = true;
            child_report(c, "the UI did not end on Ctrl-C");
            break;
        }
        child_poll(c, 10);
    }
    close(c->master);
    close(c->frames);
    return 0;
}

struct figures {
    struct samples first, picker, type, erase, all, rss;
};

/* One start: the first frames, ROUNDS of the query, the exit. */
static int drive_once(char **argv, const struct winsize *ws,
                      const char *query, int rounds, int gap_ms,
                      struct figures *f)
{
    struct child c;
    uint64_t t0 = bench_now_ns();
    double first, picker;
    unsigned long keys = 0;
    size_t qlen = strlen(query);
    int rc = -1;

    if (child_start(&c, argv, ws))
        return -1;
    if (child_wait(&c, pred_any_frame, 0)) {
        child_report(&c, "no first frame");
        goto out;
    }
    first = bench_us_since(t0) / 1e3;
    if (child_wait(&c, pred_picker, 0)) {
        child_report(&c, "the picker never came");
        goto out;
    }
    picker = bench_us_since(t0) / 1e3;
    if (f) {
        samples_add(&f->first, first);
        samples_add(&f->picker, picker);
    }
    if (rounds > 0 && child_settle(&c, PTYDRIVE_SETTLE_MS))
        goto ended;
    for (int r = 0; r < rounds; r++) {
        for (size_t i = 0; i < 2 * qlen; i++) {
            bool typing = i < qlen;
            uint64_t k0;
            double ms;

            k0 = bench_now_ns();
            if (child_key(&c, typing ? query[i] : PTYDRIVE_BACKSPACE))
                goto ended;
            keys++;
            if (child_wait(&c, pred_keys, keys)) {
                child_report(&c, "no frame after a key");
                goto out;
            }
            ms = bench_us_since(k0) / 1e3;
            if (f) {
                samples_add(typing ? &f->type : &f->erase, ms);
                samples_add(&f->all, ms);
            }
            if (child_idle(&c, gap_ms))
                goto ended;
        }
    }
    rc = 0;
    goto out;
ended:
    child_report(&c, "the UI ended early");
out:
    child_stop(&c);
    if (rc == 0 && (!WIFEXITED(c.status) || WEXITSTATUS(c.status) != 0) &&
        !(WIFEXITED(c.status) && WEXITSTATUS(c.status) == 128 + SIGINT)) {
        fprintf(stderr, "ptydrive: the UI ended with status %d\n", c.status);
        rc = -1;
    }
    if (rc == 0 && f)
        samples_add(&f->rss, (double)c.ru.ru_maxrss);
    return rc;
}

static void usage(void)
{
    fprintf(stderr, "usage: ptydrive [-s STARTS] [-w WARMUP] [-n ROUNDS] "
            "[-q QUERY] [-g GAP_MS] [-z COLSxROWS] -- COMMAND [ARG]...\n");
}

int main(int argc, char **argv)
{
    struct figures f;
    struct winsize ws = { .ws_row = 24, .ws_col = 80 };
    const char *query = "polardb";
    int starts = 10, warmup = 1, rounds = 3, gap = 30, opt;
    unsigned cols, rows;

    memset(&f, 0, sizeof(f));
    while ((opt = getopt(argc, argv, "+s:w:n:q:g:z:")) != -1) {
        switch (opt) {
        case 's':
            starts = atoi(optarg);
            break;
        case 'w':
            warmup = atoi(optarg);
            break;
        case 'n':
            rounds = atoi(optarg);
            break;
        case 'q':
            query = optarg;
            break;
        case 'g':
            gap = atoi(optarg);
            break;
        case 'z':
            if (sscanf(optarg, "%ux%u", &cols, &rows) != 2 || !cols ||
                !rows || cols > 1000 || rows > 1000) {
                usage();
                return 2;
            }
            ws.ws_col = (unsigned short)cols;
            ws.ws_row = (unsigned short)rows;
            break;
        default:
            usage();
            return 2;
        }
    }
    if (optind >= argc || starts < 1 || warmup < 0 || rounds < 0 ||
        gap < 0 || !*query) {
        usage();
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    for (int i = 0; i < warmup + starts; i++)
        if (drive_once(argv + optind, &ws, query, rounds, gap,
                       i < warmup ? NULL : &f))
            return 1;
    printf("starts=%zu first_ms=%.2f first_min=%.2f first_max=%.2f "
           "picker_ms=%.2f picker_min=%.2f picker_max=%.2f "
           "keys=%zu key_ms=%.3f key_p90=%.3f "
           "type_ms=%.3f type_p90=%.3f erase_ms=%.3f erase_p90=%.3f "
           "rss_kb=%.0f rss_min=%.0f rss_max=%.0f\n",
           f.first.n, samples_quantile(&f.first, 0.5), samples_min(&f.first),
           samples_max(&f.first), samples_quantile(&f.picker, 0.5),
           samples_min(&f.picker), samples_max(&f.picker), f.all.n,
           samples_quantile(&f.all, 0.5), samples_quantile(&f.all, 0.9),
           samples_quantile(&f.type, 0.5), samples_quantile(&f.type, 0.9),
           samples_quantile(&f.erase, 0.5), samples_quantile(&f.erase, 0.9),
           samples_quantile(&f.rss, 0.5), samples_min(&f.rss),
           samples_max(&f.rss));
    free(f.first.v);
    free(f.picker.v);
    free(f.type.v);
    free(f.erase.v);
    free(f.all.v);
    free(f.rss.v);
    return 0;
}
