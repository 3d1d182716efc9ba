/* creds_external — a config.json External profile: its process_command
 * is run, without a shell, and prints the keys as a profile JSON
 * ({"mode": "StsToken", "access_key_id": ..., "access_key_secret": ...,
 * "sts_token": ...}).
 *
 * The command is split into words as the aliyun CLI splits it (POSIX
 * shell quoting: '...' literal; "..." where \ escapes only " \ $ and `;
 * \ outside quotes escapes the next character; backslash-newline joins
 * lines), and looked up in PATH.  It gets no stdin (/dev/null) and its
 * stderr goes to /dev/null: what a helper says there may hold a secret,
 * and would tear the TUI's screen.  It runs in a process group of its own
 * and is bounded: CREDS_EXT_TIMEOUT_S (or $LINKROLE_EXTERNAL_TIMEOUT
 * seconds), CREDS_EXT_OUTPUT_MAX bytes of output; past either the whole
 * group is killed.  Problems name the program (argv[0]), never its
 * arguments, which may carry a secret. */
#include "config.h"

#include "cloud/creds_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/clock.h"
#include "core/json.h"
#include "core/wipe.h"

#define CREDS_EXT_TIMEOUT_S 10L
#define CREDS_EXT_TIMEOUT_MAX_S 600L
#define CREDS_EXT_OUTPUT_MAX (64u << 10)
#define CREDS_EXT_ARGS_MAX 256
/* How often the wait looks at the cancel flag. */
#define CREDS_EXT_TICK_MS 100

/* --- splitting ----------------------------------------------------------- */

static bool is_space(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' ||
           ch == '\v' || ch == '\f';
}

static void argv_free(char **argv)
{
    for (size_t i = 0; argv && argv[i]; i++)
        wipe_free(argv[i]);
    free(argv);
}

/* Ends the word in w (if one was started) as argv[*n].  Returns 0, 1
 * when there are too many words, -1 when out of memory. */
static int word_end(struct buf *w, bool *started, char **argv, size_t *n)
{
    if (!*started)
        return 0;
    if (*n >= CREDS_EXT_ARGS_MAX)
        return 1;
    argv[*n] = strndup(w->data ? w->data : "", w->len);
    if (!argv[*n])
        return -1;
    (*n)++;
    buf_reset(w);
    *started = false;
    return 0;
}

/* Splits cmd into a NULL-ended argv.  Returns 0, 1 when it cannot be
 * split (an open quote, a trailing backslash, no words, too many), or -1
 * when out of memory. */
static int split_command(const char *cmd, char ***out)
{
    char **argv = calloc(CREDS_EXT_ARGS_MAX + 1, sizeof(*argv));
    struct buf w;
    bool started = false;
    char quote = 0;
    size_t n = 0;
    int rc = -1, st = 0;

    *out = NULL;
    buf_init(&w, CREDS_FIELD_MAX + 1);
    if (!argv)
        goto out;
    for (const char *s = cmd; *s && st == 0; s++) {
        if (quote == '\'') {
            if (*s == '\'')
                quote = 0;
            else
                st = buf_addc(&w, *s) == BUF_OK ? 0 : -1;
        } else if (quote == '"') {
            if (*s == '"')
                quote = 0;
            else if (*s == '\\' && s[1] == '\n')
                s++;
            else if (*s == '\\' && s[1] && strchr("\"\\$`", s[1]))
                st = buf_addc(&w, *++s) == BUF_OK ? 0 : -1;
            else
                st = buf_addc(&w, *s) == BUF_OK ? 0 : -1;
        } else if (*s == '\\') {
            if (!s[1]) {
                st = 1;
            } else if (s[1] == '\n') {
                s++;
            } else {
                started = true;
                st = buf_addc(&w, *++s) == BUF_OK ? 0 : -1;
            }
        } else if (*s == '\'' || *s == '"') {
            quote = *s;
            started = true;
        } else if (is_space(*s)) {
            st = word_end(&w, &started, argv, &n);
        } else {
            started = true;
            st = buf_addc(&w, *s) == BUF_OK ? 0 : -1;
        }
    }
    if (st == 0 && !quote)
        st = word_end(&w, &started, argv, &n);
    if (st < 0)
        goto out;
    if (st > 0 || quote || n == 0) {
        rc = 1;
        goto out;
    }
    *out = argv;
    argv = NULL;
    rc = 0;
out:
    argv_free(argv);
    buf_wipe(&w);
    return rc;
}

/* --- running ------------------------------------------------------------- */

static int ext_problem(const struct creds *c, struct creds_problem *p,
                       enum creds_problem_code code)
{
    struct creds_at at = { c->file_shown, c->origin, c->profile, c->mode };
    char nm[CREDS_NAME_BUF];

    creds_problem(p, code, &at);
    if (c->argv && code != CREDS_E_EXT_MODE)
        CREDS_PUT(p->value, creds_show(nm, c->argv[0]));
    return -1;
}

/* The bound on its time: $LINKROLE_EXTERNAL_TIMEOUT (whole seconds, for
 * tests), else the default. */
static long ext_timeout_s(void)
{
    const char *v = creds_env("LINKROLE_EXTERNAL_TIMEOUT");
    char *end;
    long s;

    if (!v)
        return CREDS_EXT_TIMEOUT_S;
    errno = 0;
    s = strtol(v, &end, 10);
    if (errno || *end || s < 1 || s > CREDS_EXT_TIMEOUT_MAX_S)
        return CREDS_EXT_TIMEOUT_S;
    return s;
}

/* In the child: stdin and stderr from/to /dev/null, stdout the pipe, no
 * other descriptor of ours, then the program; on failure errno goes up
 * the close-on-exec pipe `err`.  Every descriptor is first copied above
 * 2, so none is lost to the dup2s when linkrole itself was started with
 * 0, 1 or 2 closed. */
static void ext_child(const char *path, char **argv, int out, int err)
{
    int null = open("/dev/null", O_RDWR);
    long maxfd = sysconf(_SC_OPEN_MAX);
    int e;

    setpgid(0, 0);
    err = fcntl(err, F_DUPFD_CLOEXEC, 3);
    out = fcntl(out, F_DUPFD, 3);
    null = null < 0 ? -1 : fcntl(null, F_DUPFD, 3);
    if (err < 0)
        _exit(127);
    if (out < 0 || null < 0 || dup2(null, 0) < 0 || dup2(out, 1) < 0 ||
        dup2(null, 2) < 0)
        goto fail;
    if (maxfd < 0 || maxfd > 65536)
        maxfd = 65536;
    for (int fd = 3; fd < maxfd; fd++)
        if (fd != err)
            close(fd);
    signal(SIGPIPE, SIG_DFL);
    execv(path, argv);
fail:
    e = errno;
    if (write(err, &e, sizeof(e)) < 0)
        _exit(127);
    _exit(127);
}

static int pipe_cloexec(int fd[2])
{
    if (pipe(fd))
        return -1;
    if (fcntl(fd[0], F_SETFD, FD_CLOEXEC) || fcntl(fd[1], F_SETFD,
                                                    FD_CLOEXEC)) {
        close(fd[0]);
        close(fd[1]);
        fd[0] = fd[1] = -1;
        return -1;
    }
    return 0;
}

/* The program's path, looked up in PATH as execvp would, but before the
 * fork (a child of a threaded program should do no more than it must).
 * Returns a path to free, or NULL with errno set. */
static char *ext_which(const char *prog)
{
    const char *path = getenv("PATH"), *dir;
    int last = ENOENT;
    struct buf b;

    if (strchr(prog, '/')) {
        struct stat st;

        if (access(prog, X_OK) != 0)
            return NULL;
        if (stat(prog, &st) != 0 || !S_ISREG(st.st_mode)) {
            errno = EACCES;
            return NULL;
        }
        return strdup(prog);
    }
    if (!path)
        path = "/usr/local/bin:/usr/bin:/bin";
    buf_init(&b, 8192);
    for (dir = path;; dir += strcspn(dir, ":") + 1) {
        size_t len = strcspn(dir, ":");

        buf_reset(&b);
        /* An empty entry is the current directory, as for execvp. */
        if ((len ? buf_add(&b, dir, len) : buf_addc(&b, '.')) != BUF_OK ||
            buf_printf(&b, "/%s", prog) != BUF_OK) {
            buf_free(&b);
            errno = ENOMEM;
            return NULL;
        }
        if (access(buf_str(&b), X_OK) == 0) {
            struct stat st;

            if (stat(buf_str(&b), &st) == 0 && S_ISREG(st.st_mode))
                return buf_take(&b);
            last = EACCES;
        } else if (errno != ENOENT && errno != ENOTDIR) {
            last = errno;
        }
        if (!dir[len])
            break;
    }
    buf_free(&b);
    errno = last;
    return NULL;
}

/* Kills the command's whole group and reaps it. */
static void ext_kill(pid_t pid)
{
    kill(-pid, SIGKILL);
    kill(pid, SIGKILL);
    while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
        ;
}

/* Runs c's command, its stdout into out.  Returns 0 with *status from
 * waitpid, or -1 with a problem. */
static int ext_run(struct creds *c, struct buf *out, int *status,
                   struct creds_problem *p)
{
    const volatile sig_atomic_t *cancel = c->client ? c->client->cancel
                                                    : NULL;
    long limit_s = ext_timeout_s();
    long long deadline = clock_mono_ms() + limit_s * 1000;
    int pout[2] = { -1, -1 }, perr[2] = { -1, -1 };
    int rc = -1, e = 0;
    bool eof = false;
    char *path = ext_which(c->argv[0]);
    pid_t pid;
    ssize_t n;

    if (!path) {
        ext_problem(c, p, CREDS_E_EXT_START);
        p->errnum = errno;
        return -1;
    }
    if (pipe_cloexec(pout) || pipe_cloexec(perr)) {
        ext_problem(c, p, CREDS_E_EXT_START);
        p->errnum = errno;
        goto out;
    }
    pid = fork();
    if (pid < 0) {
        ext_problem(c, p, CREDS_E_EXT_START);
        p->errnum = errno;
        goto out;
    }
    if (pid == 0)
        ext_child(path, c->argv, pout[1], perr[1]);
    setpgid(pid, pid);
    close(pout[1]);
    close(perr[1]);
    pout[1] = perr[1] = -1;
    /* exec worked when the error pipe closes empty. */
    while ((n = read(perr[0], &e, sizeof(e))) < 0 && errno == EINTR)
        ;
    if (n == (ssize_t)sizeof(e)) {
        while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
            ;
        ext_problem(c, p, CREDS_E_EXT_START);
        p->errnum = e;
        goto out;
    }
    for (;;) {
        long long left = deadline - clock_mono_ms();
        struct pollfd pfd = { pout[0], POLLIN, 0 };
        char chunk[4096];
        pid_t done;

        if (cancel && *cancel) {
            ext_kill(pid);
            ext_problem(c, p, CREDS_E_EXT_TIMEOUT);
            p->limit = 0;
            goto out;
        }
        if (left <= 0) {
            ext_kill(pid);
            ext_problem(c, p, CREDS_E_EXT_TIMEOUT);
            p->limit = (size_t)limit_s;
            goto out;
        }
        if (eof) {
            /* Its stdout is closed; it may still be running. */
            done = waitpid(pid, status, WNOHANG);
            if (done == pid)
                break;
            if (done < 0 && errno != EINTR) {
                ext_kill(pid);
                ext_problem(c, p, CREDS_E_EXT_START);
                p->errnum = errno;
                goto out;
            }
            clock_sleep_ms(CREDS_EXT_TICK_MS / 10, cancel);
            continue;
        }
        if (poll(&pfd, 1, left < CREDS_EXT_TICK_MS ? (int)left
                                                   : CREDS_EXT_TICK_MS) < 0) {
            if (errno == EINTR)
                continue;
            ext_kill(pid);
            ext_problem(c, p, CREDS_E_EXT_START);
            p->errnum = errno;
            goto out;
        }
        if (!pfd.revents) {
            /* Nothing to read for a while: if the command has ended, a
             * process it left behind may hold its stdout open; what it
             * printed is all there is. */
            done = waitpid(pid, status, WNOHANG);
            if (done == pid) {
                kill(-pid, SIGKILL);
                break;
            }
            continue;
        }
        n = read(pout[0], chunk, sizeof(chunk));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            eof = true;
            continue;
        }
        if (buf_len(out) + (size_t)n > CREDS_EXT_OUTPUT_MAX ||
            buf_add(out, chunk, (size_t)n) != BUF_OK) {
            wipe_mem(chunk, sizeof(chunk));
            ext_kill(pid);
            ext_problem(c, p, CREDS_E_EXT_TOO_BIG);
            p->limit = CREDS_EXT_OUTPUT_MAX;
            goto out;
        }
        wipe_mem(chunk, sizeof(chunk));
    }
    rc = 0;
out:
    free(path);
    for (int i = 0; i < 2; i++) {
        if (pout[i] >= 0)
            close(pout[i]);
        if (perr[i] >= 0)
            close(perr[i]);
    }
    return rc;
}

/* A string field of the output; absent, null and "" are not given. */
static const char *out_str(const cJSON *o, const char *key)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, key);

    return cJSON_IsString(it) && *it->valuestring ? it->valuestring : NULL;
}

/* Takes the keys from the command's output. */
static int ext_take(struct creds *c, const struct buf *text,
                    struct creds_problem *p)
{
    static const char *const need[] = { "access_key_id",
                                        "access_key_secret" };
    const char *mode, *v[3];
    char nm[CREDS_NAME_BUF];
    cJSON *root = NULL;
    time_t expires = 0;
    int rc = -1;

    if (!memchr(buf_str(text), '\0', buf_len(text)))
        root = json_parse(buf_str(text), buf_len(text), NULL);
    if (!cJSON_IsObject(root)) {
        ext_problem(c, p, CREDS_E_EXT_NOT_JSON);
        goto out;
    }
    mode = out_str(root, "mode");
    if (mode && strcasecmp(mode, "AK") != 0 &&
        strcasecmp(mode, "StsToken") != 0) {
        ext_problem(c, p, CREDS_E_EXT_MODE);
        CREDS_PUT(p->value, creds_show(nm, mode));
        goto out;
    }
    for (size_t i = 0; i < 2; i++)
        if (!(v[i] = out_str(root, need[i])) ||
            strlen(v[i]) > CREDS_FIELD_MAX) {
            ext_problem(c, p, CREDS_E_EXT_NO_FIELD);
            CREDS_PUT(p->field, need[i]);
            goto out;
        }
    v[2] = out_str(root, "sts_token");
    if (((mode && strcasecmp(mode, "StsToken") == 0) && !v[2]) ||
        (v[2] && strlen(v[2]) > CREDS_FIELD_MAX)) {
        ext_problem(c, p, CREDS_E_EXT_NO_FIELD);
        CREDS_PUT(p->field, "sts_token");
        goto out;
    }
    /* An AK answer's token, if any, is not used, as by the CLI. */
    if (mode && strcasecmp(mode, "AK") == 0)
        v[2] = NULL;
    /* The SDKs' "expiration": when given, the command is run again
     * before it; without it, the keys are kept as long as linkrole
     * runs. */
    if (out_str(root, "expiration")) {
        expires = clock_parse_utc(out_str(root, "expiration"));
        if (expires == (time_t)-1)
            expires = 0;
    }
    if (creds_install(c, v[0], v[1], v[2], expires)) {
        creds_oom(p);
        goto out;
    }
    rc = 0;
out:
    json_delete_wiped(root);
    return rc;
}

int creds_external_fetch(struct creds *c, struct creds_problem *p)
{
    struct buf out;
    int status = 0, rc = -1;

    buf_init(&out, CREDS_EXT_OUTPUT_MAX + 1);
    if (c->client && c->client->dry_run) {
        /* --dry-run runs nothing: say so, without the arguments. */
        buf_printf(c->client->dry_run, "run %s (process_command of %s)\n\n",
                   c->argv[0], c->source);
        ext_problem(c, p, CREDS_E_EXT_START);
        goto out;
    }
    if (ext_run(c, &out, &status, p))
        goto out;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        ext_problem(c, p, CREDS_E_EXT_STATUS);
        p->min = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        p->max = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
        goto out;
    }
    rc = ext_take(c, &out, p);
    if (rc == 0) {
        struct creds_note n;

        memset(&n, 0, sizeof(n));
        n.code = CREDS_N_RAN;
        n.role = c->argv[0];
        n.origin = c->origin;
        n.profile = c->profile;
        n.mode = c->mode;
        creds_tell(c, &n);
    }
out:
    buf_wipe(&out);
    return rc;
}

int creds_build_external(struct creds_ctx *x, const char *source,
                         const struct creds_at *at, const char *region,
                         const char *command, struct creds **out)
{
    const char *dis = creds_env("ALIBABA_CLOUD_DISABLE_EXTERNAL_PROCESS");
    struct creds *c;
    int st;

    *out = NULL;
    if (!command)
        return creds_field_problem(x->p, CREDS_E_FIELD_MISSING, at,
                                   "process_command");
    if ((dis && (strcmp(dis, "1") == 0 || strcasecmp(dis, "true") == 0)) ||
        x->o->no_commands)
        return creds_problem(x->p, CREDS_E_EXT_TURNED_OFF, at);
    c = creds_new(KIND_EXTERNAL, x);
    if (!c)
        return creds_oom(x->p);
    c->origin = at->origin;
    if (creds_sdup(&c->source, source) ||
        creds_sdup(&c->profile, at->profile) ||
        creds_sdup(&c->mode, at->mode) || creds_sdup(&c->region, region) ||
        creds_sdup(&c->file_shown, at->file)) {
        creds_free(c);
        return creds_oom(x->p);
    }
    st = split_command(command, &c->argv);
    if (st) {
        creds_free(c);
        if (st < 0)
            return creds_oom(x->p);
        return creds_field_problem(x->p, CREDS_E_EXT_SPLIT, at,
                                   "process_command");
    }
    if (creds_fetch(c, x->p)) {
        creds_free(c);
        return -1;
    }
    *out = c;
    return 0;
}
