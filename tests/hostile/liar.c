/* liar — the hostile tests' lying HTTP server, and a flaky gateway.
 *
 * Raw sockets, no HTTP library, so an answer can break HTTP itself: each
 * request is answered by the next step of a script (the last step repeats).
 * A step is a file whose bytes are written as they are, or one of:
 *   hang        never answer; keep the socket until the client closes it
 *   close       close without sending a byte
 *   drip:FILE   FILE, one byte every 50 ms
 * With --upstream PORT the liar is a gateway in front of a linkrole-sim:
 * every request is first forwarded there (so a create really happens), and
 * the step then says what the client gets:
 *   pass        the simulator's answer
 *   502, 504    an HTML error page of a proxy
 *   500         an InternalError in the API's JSON
 * or any of the steps above.
 *
 *   liar --port-file FILE --log FILE [--upstream PORT] [--lifetime S] STEP...
 *
 * It listens on 127.0.0.1, on a free port it writes to --port-file once it
 * accepts connections, and logs one line per request: method, path, and the
 * API action (the Action parameter of the query or form body, or the
 * x-acs-action header) — never another header or the query, which hold
 * signatures and tokens.  It exits when killed, and on its own after
 * --lifetime seconds (60), so it never outlives a test. */
#define _POSIX_C_SOURCE 200809L

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define LIAR_MAX_REQUEST (4u << 20)
#define LIAR_DRIP_NS 50000000L

struct liar {
    const char *log_path;
    int upstream;
    char **steps;
    int nsteps;
    int next;
};

static void die(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    fputs("liar: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(2);
}

static int write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);

        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* A whole file in memory; NULL (and a message) when it cannot be read. */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *data = NULL;
    long size;

    if (!f)
        goto fail;
    if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 ||
        fseek(f, 0, SEEK_SET) != 0)
        goto fail;
    data = malloc((size_t)size + 1);
    if (!data)
        goto fail;
    if (fread(data, 1, (size_t)size, f) != (size_t)size)
        goto fail;
    fclose(f);
    *len = (size_t)size;
    return data;
fail:
    fprintf(stderr, "liar: cannot read %s: %s\n", path, strerror(errno));
    free(data);
    if (f)
        fclose(f);
    return NULL;
}

/* Finds the end of the head ("\r\n\r\n"), or 0. */
static size_t head_end(const char *buf, size_t len)
{
    for (size_t i = 3; i < len; i++)
        if (memcmp(buf + i - 3, "\r\n\r\n", 4) == 0)
            return i + 1;
    return 0;
}

/* The value of header NAME in the head, copied into out (cut to size). */
static int header_value(const char *head, size_t hlen, const char *name,
                        char *out, size_t size)
{
    size_t nlen = strlen(name);
    const char *p = memchr(head, '\n', hlen), *end = head + hlen;

    while (p && p < end) {
        const char *line = p + 1, *eol = memchr(line, '\n', (size_t)(end - line));

        if (!eol)
            break;
        if ((size_t)(eol - line) > nlen && line[nlen] == ':' &&
            strncasecmp(line, name, nlen) == 0) {
            const char *v = line + nlen + 1;
            size_t n;

            while (v < eol && (*v == ' ' || *v == '\t'))
                v++;
            n = (size_t)(eol - v);
            while (n > 0 && (v[n - 1] == '\r' || v[n - 1] == ' '))
                n--;
            if (n >= size)
                n = size - 1;
            memcpy(out, v, n);
            out[n] = '\0';
            return 0;
        }
        p = eol;
    }
    return -1;
}

/* Action=VALUE in a query string or form body, copied (cut) into out. */
static int param_action(const char *s, size_t len, char *out, size_t size)
{
    size_t i = 0;

    while (i < len) {
        size_t j = i;

        while (j < len && s[j] != '&' && s[j] != ' ' && s[j] != '\r')
            j++;
        if (j - i > 7 && memcmp(s + i, "Action=", 7) == 0) {
            size_t n = j - i - 7;

            if (n >= size)
                n = size - 1;
            memcpy(out, s + i + 7, n);
            out[n] = '\0';
            return 0;
        }
        if (j < len && (s[j] == ' ' || s[j] == '\r'))
            break;
        i = j + 1;
    }
    return -1;
}

/* Keeps only bytes that are safe in a one-line log: the log is read by
 * people and by the secrets check, never by a terminal blindly. */
static void log_safe(char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x21 || (unsigned char)*s > 0x7e)
            *s = '?';
}

static void log_request(const struct liar *l, const char *req, size_t hlen,
                        const char *body, size_t blen)
{
    char method[16] = "", path[256] = "", action[128] = "-";
    const char *sp = memchr(req, ' ', hlen), *q, *pend;
    FILE *f;

    if (sp) {
        size_t n = (size_t)(sp - req);

        memcpy(method, req, n < sizeof(method) - 1 ? n : sizeof(method) - 1);
        method[n < sizeof(method) - 1 ? n : sizeof(method) - 1] = '\0';
        pend = sp + 1;
        while (pend < req + hlen && *pend != ' ' && *pend != '?' &&
               *pend != '\r')
            pend++;
        {
            size_t m = (size_t)(pend - sp - 1);

            if (m >= sizeof(path))
                m = sizeof(path) - 1;
            memcpy(path, sp + 1, m);
            path[m] = '\0';
        }
        if (*pend == '?') {
            q = pend + 1;
            param_action(q, hlen - (size_t)(q - req), action, sizeof(action));
        }
    }
    if (strcmp(action, "-") == 0)
        param_action(body, blen, action, sizeof(action));
    if (strcmp(action, "-") == 0)
        header_value(req, hlen, "x-acs-action", action, sizeof(action));
    log_safe(method);
    log_safe(path);
    log_safe(action);
    f = fopen(l->log_path, "a");
    if (!f)
        return;
    fprintf(f, "%s %s %s\n", method[0] ? method : "?", path[0] ? path : "?",
            action);
    fclose(f);
}

/* Reads one request (head and Content-Length body) into a new buffer;
 * NULL when the client closed first or sent too much. */
static char *read_request(int fd, size_t *len, size_t *hlen)
{
    size_t cap = 8192, n = 0, want = 0;
    char *buf = malloc(cap);

    if (!buf)
        return NULL;
    *hlen = 0;
    for (;;) {
        ssize_t r;

        if (*hlen && n >= want)
            break;
        if (n == cap) {
            char *bigger;

            if (cap >= LIAR_MAX_REQUEST)
                goto fail;
            bigger = realloc(buf, cap * 2);
            if (!bigger)
                goto fail;
            buf = bigger;
            cap *= 2;
        }
        r = read(fd, buf + n, cap - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            goto fail;
        n += (size_t)r;
        if (!*hlen && (*hlen = head_end(buf, n)) != 0) {
            char cl[32];

            want = *hlen;
            if (header_value(buf, *hlen, "content-length", cl, sizeof(cl)) == 0)
                want += (size_t)strtoul(cl, NULL, 10);
            if (want > LIAR_MAX_REQUEST)
                goto fail;
        }
    }
    *len = n;
    return buf;
fail:
    free(buf);
    return NULL;
}

/* Waits until the client closes its end (or the lifetime alarm ends us). */
static void hang(int fd)
{
    char sink[4096];

    for (;;) {
        ssize_t r = read(fd, sink, sizeof(sink));

        if (r == 0 || (r < 0 && errno != EINTR))
            return;
    }
}

static void drip(int fd, const char *data, size_t len)
{
    struct timespec pause = { 0, LIAR_DRIP_NS };

    for (size_t i = 0; i < len; i++) {
        if (write_all(fd, data + i, 1) != 0)
            return;
        nanosleep(&pause, NULL);
    }
}

/* Sends the request to the simulator and reads its whole answer (the
 * request asks it to close the connection after answering). */
static char *forward(const struct liar *l, const char *req, size_t len,
                     size_t hlen, size_t *alen)
{
    struct sockaddr_in sa = { 0 };
    const char *eol = memchr(req, '\n', hlen);
    static const char closing[] = "Connection: close\r\n";
    size_t cap = 65536, n = 0;
    char *ans = NULL;
    int fd;

    if (!eol)
        return NULL;
    fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return NULL;
    sa.sin_family = AF_INET;
    sa.sin_port = htons((unsigned short)l->upstream);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0)
        goto fail;
    /* Connection is no signed header: adding it leaves the signature
     * valid and makes the end of the answer the end of the stream. */
    if (write_all(fd, req, (size_t)(eol + 1 - req)) != 0 ||
        write_all(fd, closing, sizeof(closing) - 1) != 0 ||
        write_all(fd, eol + 1, len - (size_t)(eol + 1 - req)) != 0)
        goto fail;
    ans = malloc(cap);
    if (!ans)
        goto fail;
    for (;;) {
        ssize_t r;

        if (n == cap) {
            char *bigger = cap < (64u << 20) ? realloc(ans, cap * 2) : NULL;

            if (!bigger)
                goto fail;
            ans = bigger;
            cap *= 2;
        }
        r = read(fd, ans + n, cap - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            goto fail;
        if (r == 0)
            break;
        n += (size_t)r;
    }
    close(fd);
    *alen = n;
    return ans;
fail:
    free(ans);
    close(fd);
    return NULL;
}

static void send_canned(int fd, const char *step)
{
    char out[1024];
    const char *body, *status, *type;
    int n;

    if (strcmp(step, "500") == 0) {
        status = "500 Internal Server Error";
        type = "application/json;charset=utf-8";
        body = "{\"RequestId\":\"6A1B2C3D-0000-4000-8000-00000000CAFE\","
               "\"HostId\":\"ram.aliyuncs.com\",\"Code\":\"InternalError\","
               "\"Message\":\"The request processing has failed due to some "
               "unknown error.\"}";
    } else {
        status = strcmp(step, "502") == 0 ? "502 Bad Gateway"
                                          : "504 Gateway Time-out";
        type = "text/html";
        body = strcmp(step, "502") == 0
                   ? "<html><head><title>502 Bad Gateway</title></head>"
                     "<body><center><h1>502 Bad Gateway</h1></center>"
                     "</body></html>\n"
                   : "<html><head><title>504 Gateway Time-out</title></head>"
                     "<body><center><h1>504 Gateway Time-out</h1></center>"
                     "</body></html>\n";
    }
    n = snprintf(out, sizeof(out),
                 "HTTP/1.1 %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n"
                 "Connection: close\r\n\r\n%s",
                 status, type, strlen(body), body);
    if (n > 0 && (size_t)n < sizeof(out))
        write_all(fd, out, (size_t)n);
}

/* One connection: one request, one step, then the connection is closed
 * (a client that keeps connections alive just opens another). */
static void serve(struct liar *l, int fd)
{
    size_t len, hlen, alen = 0;
    char *req = read_request(fd, &len, &hlen), *ans = NULL;
    const char *step;

    if (!req)
        return;
    log_request(l, req, hlen, req + hlen, len - hlen);
    step = l->steps[l->next];
    if (l->next + 1 < l->nsteps)
        l->next++;
    if (l->upstream) {
        ans = forward(l, req, len, hlen, &alen);
        if (!ans)
            fprintf(stderr, "liar: the upstream gave no answer\n");
    }
    if (strcmp(step, "pass") == 0) {
        if (ans)
            write_all(fd, ans, alen);
    } else if (strcmp(step, "500") == 0 || strcmp(step, "502") == 0 ||
               strcmp(step, "504") == 0) {
        send_canned(fd, step);
    } else if (strcmp(step, "hang") == 0) {
        hang(fd);
    } else if (strcmp(step, "close") == 0) {
        /* nothing */
    } else {
        int dripping = strncmp(step, "drip:", 5) == 0;
        char *data = slurp(dripping ? step + 5 : step, &alen);

        if (data) {
            if (dripping)
                drip(fd, data, alen);
            else
                write_all(fd, data, alen);
        }
        free(data);
    }
    free(ans);
    free(req);
}

/* Ends the answer, then waits (a little) for the client to close first:
 * closing with its bytes unread would reset the connection and could
 * lose the answer on the client's side. */
static void linger(int fd)
{
    struct pollfd p = { fd, POLLIN, 0 };
    char sink[4096];

    shutdown(fd, SHUT_WR);
    while (poll(&p, 1, 1000) > 0 && read(fd, sink, sizeof(sink)) > 0)
        ;
    close(fd);
}

static void usage(void)
{
    die("usage: liar --port-file FILE --log FILE [--upstream PORT] "
        "[--lifetime SECONDS] STEP...");
}

int main(int argc, char **argv)
{
    struct liar l = { 0 };
    const char *port_file = NULL;
    unsigned lifetime = 60;
    struct sockaddr_in sa = { 0 };
    socklen_t salen = sizeof(sa);
    char tmp[4096];
    FILE *pf;
    int lfd, one = 1, i;

    for (i = 1; i < argc && strncmp(argv[i], "--", 2) == 0; i += 2) {
        if (i + 1 >= argc)
            usage();
        if (strcmp(argv[i], "--port-file") == 0)
            port_file = argv[i + 1];
        else if (strcmp(argv[i], "--log") == 0)
            l.log_path = argv[i + 1];
        else if (strcmp(argv[i], "--upstream") == 0)
            l.upstream = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--lifetime") == 0)
            lifetime = (unsigned)atoi(argv[i + 1]);
        else
            usage();
    }
    if (!port_file || !l.log_path || i >= argc)
        usage();
    l.steps = argv + i;
    l.nsteps = argc - i;
    for (int s = 0; s < l.nsteps; s++)
        if (strcmp(l.steps[s], "pass") == 0 && !l.upstream)
            die("the step pass needs --upstream");

    /* A client that closes mid-answer must not kill the liar. */
    signal(SIGPIPE, SIG_IGN);
    alarm(lifetime ? lifetime : 60);

    lfd = socket(AF_INET, SOCK_STREAM, 0);
    if (lfd < 0)
        die("socket: %s", strerror(errno));
    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(lfd, (struct sockaddr *)&sa, sizeof(sa)) != 0 ||
        listen(lfd, 16) != 0 ||
        getsockname(lfd, (struct sockaddr *)&sa, &salen) != 0)
        die("cannot listen on 127.0.0.1: %s", strerror(errno));

    /* Written whole, then renamed: a test never reads half a port. */
    snprintf(tmp, sizeof(tmp), "%s.tmp", port_file);
    pf = fopen(tmp, "w");
    if (!pf || fprintf(pf, "%d\n", ntohs(sa.sin_port)) < 0 || fclose(pf) != 0 ||
        rename(tmp, port_file) != 0)
        die("cannot write %s", port_file);

    for (;;) {
        int fd = accept(lfd, NULL, NULL);

        if (fd < 0) {
            if (errno == EINTR)
                continue;
            die("accept: %s", strerror(errno));
        }
        serve(&l, fd);
        linger(fd);
    }
}
