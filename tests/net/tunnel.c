/* tunnel — the proxy tests' logging HTTP proxy, and a plain forwarder.
 *
 *   tunnel --log FILE --upstream PORT [--listen ADDR:PORT]
 *          [--port-file FILE] [--cert FILE --key FILE [--refuse]]
 *          [--lifetime S]
 *
 * With --cert and --key it is an HTTP proxy: a CONNECT request is logged
 * ("CONNECT host:port"), answered 200 (403 with --refuse, as a proxy
 * that does not allow the host), and the tunnel it opens is taken
 * as TLS with that certificate, whatever host was asked for, and its
 * plain text passed to 127.0.0.1:PORT (a linkrole-sim); the request line
 * (without its query, which holds signatures) and the Accept header of
 * each request through it are logged too.  Any other request (the
 * absolute-form GET a proxy gets for a plain http:// URL) is logged as
 * its method and URL up to the query, and answered 502.
 *
 * Without --cert it forwards every connection, as bytes, to
 * 127.0.0.1:PORT, logging "forward" once per connection: it gives the
 * simulator's metadata service the address 100.100.100.200:80 inside a
 * network namespace a test made for itself.
 *
 *   tunnel --lo-up ADDR
 *
 * brings the loopback interface up and gives it ADDR as well (lo:1, /32),
 * then exits: in a fresh network namespace, without needing ip(8).
 *
 * It listens on ADDR:PORT (default 127.0.0.1:0), writes the port to
 * --port-file once it accepts connections, serves each connection in a
 * child process, and ends after --lifetime seconds (60) at the latest.
 * Nothing it logs is a header other than Accept. */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE /* struct ifreq, for --lo-up */

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#define HEAD_MAX 16384
#define LINE_MAX_LOGGED 512

struct tunnel {
    int log_fd;
    int upstream;
    SSL_CTX *tls;           /* NULL: plain forwarder */
    bool refuse;            /* answer every CONNECT 403 */
};

static void die(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    fputs("tunnel: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(2);
}

static int write_all(int fd, const void *data, size_t n)
{
    const char *p = data;

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

/* One line into the log, in one write (children share the file). */
static void log_line(const struct tunnel *t, const char *fmt, ...)
{
    char line[LINE_MAX_LOGGED + 2];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(line, sizeof(line) - 1, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n > sizeof(line) - 2)
        n = (int)sizeof(line) - 2;
    line[n++] = '\n';
    (void)write_all(t->log_fd, line, (size_t)n);
}

static int connect_upstream(int port)
{
    struct sockaddr_in a;
    int fd = socket(AF_INET, SOCK_STREAM, 0);

    if (fd < 0)
        return -1;
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_port = htons((unsigned short)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&a, sizeof(a)) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* Reads up to the blank line that ends a request head; returns its
 * length (the head is NUL-terminated) or -1. */
static ssize_t read_head(int fd, char *head, size_t size)
{
    size_t len = 0;

    while (len + 1 < size) {
        ssize_t r = read(fd, head + len, 1);

        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return -1;
        len++;
        head[len] = '\0';
        if (len >= 4 && memcmp(head + len - 4, "\r\n\r\n", 4) == 0)
            return (ssize_t)len;
    }
    return -1;
}

/* What the client sends through the tunnel, watched line by line: the
 * request line (up to its query) and the Accept header are logged. */
struct watch {
    char line[LINE_MAX_LOGGED];
    size_t len;
    bool overflow;
};

static void watch_line(const struct tunnel *t, struct watch *w)
{
    static const char *const methods[] = { "GET ", "POST ", "PUT " };
    char *end;

    w->line[w->len] = '\0';
    if (w->len && w->line[w->len - 1] == '\r')
        w->line[--w->len] = '\0';
    if (w->overflow)
        return;
    if (strncasecmp(w->line, "accept:", 7) == 0) {
        const char *v = w->line + 7;

        v += strspn(v, " \t");
        log_line(t, "accept: %s", v);
        return;
    }
    for (size_t i = 0; i < sizeof(methods) / sizeof(methods[0]); i++) {
        size_t m = strlen(methods[i]);

        if (strncmp(w->line, methods[i], m) == 0) {
            end = w->line + m + strcspn(w->line + m, "? ");
            *end = '\0';
            log_line(t, "request %s", w->line);
            return;
        }
    }
}

static void watch(const struct tunnel *t, struct watch *w, const char *p,
                  size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (p[i] == '\n') {
            watch_line(t, w);
            w->len = 0;
            w->overflow = false;
        } else if (w->len + 1 < sizeof(w->line)) {
            w->line[w->len++] = p[i];
        } else {
            w->overflow = true;
        }
    }
}

/* Passes bytes both ways between the TLS tunnel and the upstream until
 * either side closes. */
static void relay_tls(const struct tunnel *t, SSL *ssl, int client, int up)
{
    struct watch w = { .len = 0, .overflow = false };
    char buf[16384];

    for (;;) {
        struct pollfd p[2] = { { client, POLLIN, 0 }, { up, POLLIN, 0 } };

        if (SSL_pending(ssl) == 0 && poll(p, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            return;
        }
        if (SSL_pending(ssl) > 0 || (p[0].revents & (POLLIN | POLLHUP))) {
            int r = SSL_read(ssl, buf, sizeof(buf));

            if (r <= 0)
                return;
            watch(t, &w, buf, (size_t)r);
            if (write_all(up, buf, (size_t)r))
                return;
        }
        if (p[1].revents & (POLLIN | POLLHUP)) {
            ssize_t r = read(up, buf, sizeof(buf));

            if (r <= 0 || SSL_write(ssl, buf, (int)r) != (int)r)
                return;
        }
    }
}

static void relay_plain(int a, int b)
{
    char buf[16384];

    for (;;) {
        struct pollfd p[2] = { { a, POLLIN, 0 }, { b, POLLIN, 0 } };

        if (poll(p, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            return;
        }
        for (int i = 0; i < 2; i++)
            if (p[i].revents & (POLLIN | POLLHUP)) {
                ssize_t r = read(p[i].fd, buf, sizeof(buf));

                if (r <= 0 || write_all(p[1 - i].fd, buf, (size_t)r))
                    return;
            }
    }
}

static void serve_proxy(const struct tunnel *t, int client)
{
    static const char established[] =
        "HTTP/1.1 200 Connection established\r\n\r\n";
    static const char forbidden[] =
        "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n"
        "Connection: close\r\n\r\n";
    static const char refused[] =
        "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n"
        "Connection: close\r\n\r\n";
    char head[HEAD_MAX], target[LINE_MAX_LOGGED];
    SSL *ssl;
    int up;

    if (read_head(client, head, sizeof(head)) < 0)
        return;
    if (sscanf(head, "CONNECT %255s HTTP/1.%*c", target) != 1) {
        /* A plain request sent to the proxy: its method and URL, up to
         * the query. */
        char *sp;

        head[strcspn(head, "\r\n")] = '\0';
        sp = strchr(head, ' ');
        if (sp)
            sp[1 + strcspn(sp + 1, "? ")] = '\0';
        log_line(t, "%s", head);
        (void)write_all(client, refused, sizeof(refused) - 1);
        return;
    }
    log_line(t, "CONNECT %s", target);
    if (t->refuse) {
        (void)write_all(client, forbidden, sizeof(forbidden) - 1);
        return;
    }
    if (write_all(client, established, sizeof(established) - 1))
        return;
    ssl = SSL_new(t->tls);
    if (!ssl)
        return;
    SSL_set_fd(ssl, client);
    if (SSL_accept(ssl) != 1) {
        log_line(t, "tls-failed %s", target);
        SSL_free(ssl);
        return;
    }
    up = connect_upstream(t->upstream);
    if (up >= 0) {
        relay_tls(t, ssl, client, up);
        close(up);
    }
    SSL_shutdown(ssl);
    SSL_free(ssl);
}

static void serve_forward(const struct tunnel *t, int client)
{
    int up = connect_upstream(t->upstream);

    log_line(t, "forward");
    if (up < 0)
        return;
    relay_plain(client, up);
    close(up);
}

static int listen_on(const char *spec, int *port)
{
    struct sockaddr_in a;
    socklen_t len = sizeof(a);
    char addr[64];
    const char *colon = strrchr(spec, ':');
    int fd, one = 1;

    if (!colon || (size_t)(colon - spec) >= sizeof(addr))
        die("--listen wants ADDR:PORT");
    memcpy(addr, spec, (size_t)(colon - spec));
    addr[colon - spec] = '\0';
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_port = htons((unsigned short)atoi(colon + 1));
    if (inet_pton(AF_INET, addr, &a.sin_addr) != 1)
        die("--listen: not an IPv4 address: %s", addr);
    fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        die("socket: %s", strerror(errno));
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (bind(fd, (struct sockaddr *)&a, sizeof(a)) != 0 ||
        listen(fd, 16) != 0)
        die("cannot listen on %s: %s", spec, strerror(errno));
    if (getsockname(fd, (struct sockaddr *)&a, &len) != 0)
        die("getsockname: %s", strerror(errno));
    *port = ntohs(a.sin_port);
    return fd;
}

/* lo up, and addr on it as the alias lo:1 with a /32 mask. */
static int lo_up(const char *addr)
{
    struct ifreq ifr;
    struct sockaddr_in *sin = (struct sockaddr_in *)&ifr.ifr_addr;
    int fd = socket(AF_INET, SOCK_DGRAM, 0);

    if (fd < 0)
        die("socket: %s", strerror(errno));
    memset(&ifr, 0, sizeof(ifr));
    snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "lo");
    if (ioctl(fd, SIOCGIFFLAGS, &ifr) != 0)
        die("lo: %s", strerror(errno));
    ifr.ifr_flags |= IFF_UP;
    if (ioctl(fd, SIOCSIFFLAGS, &ifr) != 0)
        die("cannot bring lo up: %s", strerror(errno));
    memset(&ifr, 0, sizeof(ifr));
    snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "lo:1");
    sin->sin_family = AF_INET;
    if (inet_pton(AF_INET, addr, &sin->sin_addr) != 1)
        die("--lo-up: not an IPv4 address: %s", addr);
    if (ioctl(fd, SIOCSIFADDR, &ifr) != 0)
        die("cannot add %s to lo: %s", addr, strerror(errno));
    inet_pton(AF_INET, "255.255.255.255", &sin->sin_addr);
    if (ioctl(fd, SIOCSIFNETMASK, &ifr) != 0)
        die("cannot set the mask of %s: %s", addr, strerror(errno));
    close(fd);
    return 0;
}

int main(int argc, char **argv)
{
    const char *log_path = NULL, *port_file = NULL, *cert = NULL,
               *key = NULL, *listen_spec = "127.0.0.1:0";
    struct tunnel t = { -1, 0, NULL, false };
    unsigned lifetime = 60;
    int lfd, port;

    if (argc == 3 && strcmp(argv[1], "--lo-up") == 0)
        return lo_up(argv[2]);
    for (int i = 1; i < argc; i++) {
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;

        if (strcmp(argv[i], "--refuse") == 0) {
            t.refuse = true;
            continue;
        }
        if (!v)
            die("%s wants a value", argv[i]);
        if (strcmp(argv[i], "--log") == 0)
            log_path = v;
        else if (strcmp(argv[i], "--port-file") == 0)
            port_file = v;
        else if (strcmp(argv[i], "--upstream") == 0)
            t.upstream = atoi(v);
        else if (strcmp(argv[i], "--listen") == 0)
            listen_spec = v;
        else if (strcmp(argv[i], "--cert") == 0)
            cert = v;
        else if (strcmp(argv[i], "--key") == 0)
            key = v;
        else if (strcmp(argv[i], "--lifetime") == 0)
            lifetime = (unsigned)atoi(v);
        else
            die("unknown option %s", argv[i]);
        i++;
    }
    if (!log_path || t.upstream <= 0 || !!cert != !!key)
        die("usage: tunnel --log FILE --upstream PORT [--listen ADDR:PORT] "
            "[--port-file FILE] [--cert FILE --key FILE [--refuse]] "
            "[--lifetime S]");
    t.log_fd = open(log_path, O_WRONLY | O_CREAT | O_APPEND, 0600);
    if (t.log_fd < 0)
        die("%s: %s", log_path, strerror(errno));
    if (cert) {
        t.tls = SSL_CTX_new(TLS_server_method());
        if (!t.tls || SSL_CTX_use_certificate_chain_file(t.tls, cert) != 1 ||
            SSL_CTX_use_PrivateKey_file(t.tls, key, SSL_FILETYPE_PEM) != 1)
            die("cannot load %s and %s", cert, key);
    }
    /* Children are reaped by the system; the lifetime bounds them all. */
    signal(SIGCHLD, SIG_IGN);
    signal(SIGPIPE, SIG_IGN);
    alarm(lifetime);
    lfd = listen_on(listen_spec, &port);
    if (port_file) {
        char tmp[4096];
        FILE *f;

        snprintf(tmp, sizeof(tmp), "%s.tmp", port_file);
        f = fopen(tmp, "w");
        if (!f || fprintf(f, "%d\n", port) < 0 || fclose(f) != 0 ||
            rename(tmp, port_file) != 0)
            die("cannot write %s", port_file);
    }
    for (;;) {
        int c = accept(lfd, NULL, NULL);
        pid_t pid;

        if (c < 0) {
            if (errno == EINTR)
                continue;
            die("accept: %s", strerror(errno));
        }
        pid = fork();
        if (pid == 0) {
            /* An alarm is not inherited across fork: each child gets
             * the same bound. */
            alarm(lifetime);
            close(lfd);
            if (t.tls)
                serve_proxy(&t, c);
            else
                serve_forward(&t, c);
            close(c);
            _exit(0);
        }
        close(c);
    }
}
