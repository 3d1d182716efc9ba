/* bench_catalog — what the service catalogue costs: loading it, filtering
 * it on every keystroke of the picker, and writing it as JSON.
 *
 *   bench_catalog            every figure below
 *   bench_catalog --load F   (internal) loads F once, prints the time
 *   bench_catalog --generate N F   writes the generated catalogue of N
 *                            services to F (to profile a load by hand)
 *
 * Loading is timed in a fresh process per run (this program again, with
 * --load), so that the peak RSS it reports is the load's alone: the
 * bundled catalogue, and generated ones of 10,000 and 100,000 services.
 * The keystroke figure types a query into a 10,000-service catalogue key
 * by key, then deletes some of it, as a user does in the picker, and
 * times each keystroke's search, ranked in the picker's order; and what
 * the picker does once before its first frame (the filter, the order of
 * the user's language).  The JSON
 * figures are json_quote's throughput, the writer over the whole
 * catalogue as `services -o json` writes it, and that command itself.
 * It prints figures and asserts nothing: machines differ too much for a
 * threshold to mean anything. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/catalog.h"
#include "core/json.h"

#include "bench.h"

#define LOAD_RUNS 9
#define LOAD_RUNS_BIG 5
#define TYPE_RUNS 40
#define JSON_RUNS 15
#define PROCESS_RUNS 7
#define SAMPLES_MAX 4096

/* Product families, with the Chinese names some entries carry; three of
 * them start with "Polar" so the typed query narrows gradually. */
static const char *const families[][2] = {
    { "PolarDB for MySQL", "云原生数据库PolarDB MySQL版" },
    { "PolarDB for PostgreSQL", "云原生数据库PolarDB PostgreSQL版" },
    { "PolarDB-X", "云原生分布式数据库PolarDB-X" },
    { "ApsaraDB RDS", "云数据库RDS" },
    { "Elastic Compute Service", "云服务器ECS" },
    { "Object Storage Service", "对象存储" },
    { "Simple Log Service", "日志服务" },
    { "Function Compute", "函数计算" },
    { "Container Registry", "容器镜像服务" },
    { "Server Load Balancer", "负载均衡" },
    { "CloudMonitor", "云监控" },
    { "Data Transmission Service", "数据传输服务" },
    { "Database Backup", "数据库备份" },
    { "MaxCompute", "大数据计算服务" },
    { "Hologres", "实时数仓Hologres" },
    { "Lindorm", "云原生多模数据库Lindorm" },
};

#define FAMILIES (sizeof(families) / sizeof(families[0]))

static const char *const editions[] = {
    "Standard", "Enterprise", "Serverless", "Analytics", "Gateway"
};

#define EDITIONS (sizeof(editions) / sizeof(editions[0]))

/* What a user types, one key at a time ('\b' is a Backspace). */
static const char typed[] = "polardb mysql\b\b\b\b\b\b";

/* One entry shaped like those in data/services.json, every field given
 * (rich) or only the names and a Chinese product for one in three, so
 * that 100,000 of them fit under CATALOG_FILE_MAX. */
static void write_entry(struct json_writer *w, unsigned i, bool rich)
{
    char text[256];
    const char *const *family = families[i % FAMILIES];

    json_begin_object(w);
    snprintf(text, sizeof(text), "svc%05u.aliyuncs.com", i);
    json_key(w, "service_name");
    json_string(w, text);
    snprintf(text, sizeof(text), "AliyunServiceRoleForSvc%05u", i);
    json_key(w, "role_name");
    json_string(w, text);
    snprintf(text, sizeof(text), "%s %s %u", family[0],
             editions[(i / FAMILIES) % EDITIONS], i);
    json_key(w, "product");
    json_string(w, text);
    if (rich || i % 3 == 0) {
        json_key(w, "product_zh");
        json_string(w, i % 3 == 0 ? family[1] : NULL);
    }
    if (rich) {
        snprintf(text, sizeof(text), "Preset SLR (\"svc%05u\"): lets the "
                 "service access your resources in other cloud services", i);
        json_key(w, "purpose");
        json_string(w, text);
        snprintf(text, sizeof(text), "Service Linked Role for svc%05u. It "
                 "will use this role to access your resources.", i);
        json_key(w, "description_en");
        json_string(w, text);
        snprintf(text, sizeof(text), "AliyunServiceRolePolicyForSvc%05u", i);
        json_key(w, "policy_name");
        json_string(w, text);
        json_key(w, "custom_suffix");
        if (i % 4 == 0)
            json_null(w);
        else
            json_bool(w, i % 4 != 1);
        json_key(w, "source");
        json_string(w, "synthetic (bench_catalog)");
        json_key(w, "note");
        json_null(w);
    }
    json_end_object(w);
}

static int build_catalog(struct buf *text, unsigned entries, bool rich)
{
    struct json_writer w;

    json_writer_init(&w, text, rich ? 2 : 0);
    json_begin_object(&w);
    json_key(&w, "schema");
    json_int(&w, 1);
    json_key(&w, "services");
    json_begin_array(&w);
    for (unsigned i = 0; i < entries; i++)
        write_entry(&w, i, rich);
    json_end_array(&w);
    json_end_object(&w);
    return json_writer_finish(&w);
}

/* Writes a generated catalogue to a new temporary file; returns its
 * name (free it) or NULL. */
static char *write_catalog(unsigned entries, bool rich, size_t *bytes)
{
    struct buf text;
    char *path = strdup("/tmp/linkrole-bench-catalog-XXXXXX");
    int fd = -1;
    bool ok = false;

    buf_init(&text, CATALOG_FILE_MAX);
    if (!path || build_catalog(&text, entries, rich) != 0)
        goto out;
    fd = mkstemp(path);
    if (fd < 0)
        goto out;
    ok = write(fd, buf_str(&text), buf_len(&text)) == (ssize_t)buf_len(&text);
    *bytes = buf_len(&text);
out:
    if (fd >= 0)
        close(fd);
    if (!ok && path && fd >= 0)
        unlink(path);
    if (!ok) {
        free(path);
        path = NULL;
    }
    buf_free(&text);
    return path;
}

static int generate(const char *path, unsigned entries)
{
    struct buf text;
    FILE *f = fopen(path, "wb");
    int rc = 1;

    buf_init(&text, CATALOG_FILE_MAX);
    if (f && build_catalog(&text, entries, entries <= 10000) == 0 &&
        fwrite(buf_str(&text), 1, buf_len(&text), f) == buf_len(&text))
        rc = 0;
    if (f && fclose(f) != 0)
        rc = 1;
    if (rc)
        fprintf(stderr, "bench_catalog: cannot write %s\n", path);
    buf_free(&text);
    return rc;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

/* The q-quantile (0.5 the median) of v[0..n), sorted in place; the
 * nearest rank, so it is always one of the samples. */
static double quantile(double *v, size_t n, double q)
{
    size_t i;

    if (n == 0)
        return 0;
    qsort(v, n, sizeof(*v), cmp_double);
    i = (size_t)(q * (double)n + 0.999999);
    return v[i ? i - 1 : 0];
}

/* --- loading ----------------------------------------------------------- */

/* This process's peak RSS in KiB, from /proc/self/status (VmHWM): that
 * of its own memory since exec, where wait4's ru_maxrss would also count
 * the forked copy of the parent before it. */
static long peak_rss_kib(void)
{
    char line[256];
    long kib = -1;
    FILE *f = fopen("/proc/self/status", "r");

    if (!f)
        return -1;
    while (fgets(line, sizeof(line), f))
        if (sscanf(line, "VmHWM: %ld kB", &kib) == 1)
            break;
    fclose(f);
    return kib;
}

/* CPU time (user and system) this process has used, in milliseconds: on
 * a shared machine the wall time also counts the waits for a core. */
static double cpu_ms(void)
{
    struct rusage ru;

    if (getrusage(RUSAGE_SELF, &ru) != 0)
        return 0;
    return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
           (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
}

/* The child's side: load path ("-" for nothing: the baseline), print
 * the time in milliseconds and the number of entries. */
static int load_once(const char *path)
{
    struct catalog c = { NULL, 0 };
    struct buf err;
    uint64_t start;
    double ms, cpu0;
    int rc = 0;

    buf_init(&err, 4096);
    cpu0 = cpu_ms();
    start = bench_now_ns();
    if (strcmp(path, "-") != 0 && catalog_load(&c, path, &err) != 0) {
        fprintf(stderr, "bench_catalog: %s\n", buf_str(&err));
        rc = 1;
    }
    ms = bench_us_since(start) / 1e3;
    printf("%.3f %zu %ld %.3f\n", ms, c.count, peak_rss_kib(),
           cpu_ms() - cpu0);
    catalog_free(&c);
    buf_free(&err);
    return rc;
}

/* Runs `self --load path` once: its load time (wall and CPU), entries
 * and peak RSS. */
static int load_child(const char *self, const char *path, double *ms,
                      double *cpu, size_t *count, long *rss_kib)
{
    int fds[2], status = 0;
    char line[128];
    ssize_t n;
    pid_t pid;

    if (pipe(fds) != 0)
        return -1;
    pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return -1;
    }
    if (pid == 0) {
        dup2(fds[1], STDOUT_FILENO);
        close(fds[0]);
        close(fds[1]);
        execl(self, self, "--load", path, (char *)NULL);
        _exit(127);
    }
    close(fds[1]);
    n = read(fds[0], line, sizeof(line) - 1);
    close(fds[0]);
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (n <= 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return -1;
    line[n] = '\0';
    if (sscanf(line, "%lf %zu %ld %lf", ms, count, rss_kib, cpu) != 4)
        return -1;
    return 0;
}

static void bench_load(const char *self, const char *label,
                       const char *path, size_t bytes, int runs)
{
    double ms[16], cpu[16], rss[16], lo, hi;
    size_t count = 0;
    int n = 0;

    for (int r = 0; r < runs && r < 16; r++) {
        long kib;

        if (load_child(self, path, &ms[n], &cpu[n], &count, &kib) != 0) {
            printf("  %-20s did not load\n", label);
            return;
        }
        rss[n++] = (double)kib / 1024.0;
    }
    qsort(ms, (size_t)n, sizeof(*ms), cmp_double);
    lo = ms[0];
    hi = ms[n - 1];
    printf("  %-20s %7zu %9.1f KB %8.2f ms (%.2f-%.2f) %8.2f ms %7.1f MB\n",
           label, count, (double)bytes / 1024.0,
           quantile(ms, (size_t)n, 0.5), lo, hi,
           quantile(cpu, (size_t)n, 0.5), quantile(rss, (size_t)n, 0.5));
}

/* --- keystrokes and the picker's set-up --------------------------------- */

/* The filter the picker keeps, ordered as the picker orders it (the
 * product as the user reads it, English here, then the service: see
 * catalog_sort_by); the time that takes (once per language) in *ms. */
static struct catalog_filter *picker_filter(const struct catalog *c,
                                            double *ms)
{
    struct catalog_filter *f = NULL;
    const char **products = calloc(c->count + 1, sizeof(*products));
    size_t *order = calloc(c->count + 1, sizeof(*order));
    uint64_t start = bench_now_ns();

    if (!products || !order)
        goto out;
    f = catalog_filter_new(c);
    if (!f)
        goto out;
    for (size_t i = 0; i < c->count; i++)
        products[i] = c->entries[i].product;
    if (catalog_sort_by(c, products, order) != 0 ||
        catalog_filter_order(f, order) != 0) {
        catalog_filter_free(f);
        f = NULL;
    }
    *ms = bench_us_since(start) / 1e3;
out:
    free(products);
    free(order);
    return f;
}

/* What the picker does before its first frame, past loading: the
 * filter, its order, the empty query. */
static void bench_setup(const char *label, const char *path)
{
    struct catalog c = { NULL, 0 };
    struct catalog_filter *f;
    const struct catalog_hit *hits;
    double ms[5], cpu[5], setup = 0;
    struct buf err;
    int n = 0;

    buf_init(&err, 4096);
    if (catalog_load(&c, path, &err) != 0) {
        printf("  %s: %s\n", label, buf_str(&err));
        goto out;
    }
    for (int r = 0; r < 5; r++) {
        double cpu0 = cpu_ms();
        uint64_t start = bench_now_ns();

        f = picker_filter(&c, &setup);
        if (!f)
            break;
        catalog_filter_run(f, "", &hits);
        ms[n] = bench_us_since(start) / 1e3;
        cpu[n++] = cpu_ms() - cpu0;
        catalog_filter_free(f);
    }
    if (n)
        printf("  %-20s %7zu services: %7.2f ms (CPU %.2f ms), medians of "
               "%d\n", label, c.count, quantile(ms, (size_t)n, 0.5),
               quantile(cpu, (size_t)n, 0.5), n);
out:
    catalog_free(&c);
    buf_free(&err);
}

struct typing {
    struct catalog_filter *f;
};

/* One keystroke's work: the picker's search, ranked. */
static size_t keystroke(struct typing *t, const char *query)
{
    const struct catalog_hit *hits;

    return catalog_filter_run(t->f, query, &hits);
}

static void bench_keys(const struct catalog *c)
{
    enum { KEYS = sizeof(typed) - 1 };
    static double per_key[KEYS][TYPE_RUNS], all[KEYS * TYPE_RUNS];
    size_t hits_at[KEYS], scanned_at[KEYS];
    char query[64];
    struct typing t = { NULL };
    size_t nall = 0;
    double rank_ms = 0;

    t.f = picker_filter(c, &rank_ms);
    if (!t.f) {
        printf("  out of memory\n");
        goto out;
    }
    printf("  the filter and its order, once per language: %.1f ms\n",
           rank_ms);
    keystroke(&t, "");
    for (int r = -1; r < TYPE_RUNS; r++) {
        size_t len = 0;

        query[0] = '\0';
        keystroke(&t, query);
        for (size_t k = 0; k < KEYS; k++) {
            uint64_t start;
            double us;
            size_t n;

            if (typed[k] == '\b')
                len--;
            else
                query[len++] = typed[k];
            query[len] = '\0';
            start = bench_now_ns();
            n = keystroke(&t, query);
            us = bench_us_since(start);
            /* The first pass warms the caches and is not counted. */
            if (r >= 0) {
                per_key[k][r] = us;
                all[nall++] = us;
            }
            hits_at[k] = n;
            scanned_at[k] = catalog_filter_scanned(t.f);
        }
    }
    printf("  %-20s %7s %6s %10s %10s\n", "query", "scanned", "hits",
           "median", "p90");
    {
        size_t len = 0;

        for (size_t k = 0; k < KEYS; k++) {
            char shown[64];

            if (typed[k] == '\b')
                len--;
            else
                query[len++] = typed[k];
            query[len] = '\0';
            snprintf(shown, sizeof(shown), "\"%s\"%s", query,
                     typed[k] == '\b' ? " (BS)" : "");
            printf("  %-20s %7zu %6zu %7.0f us %7.0f us\n", shown,
                   scanned_at[k], hits_at[k],
                   quantile(per_key[k], TYPE_RUNS, 0.5),
                   quantile(per_key[k], TYPE_RUNS, 0.9));
        }
    }
    printf("  every keystroke:  median %.0f us, p90 %.0f us (%zu samples)\n",
           quantile(all, nall, 0.5), quantile(all, nall, 0.9), nall);
out:
    catalog_filter_free(t.f);
}

/* --- JSON -------------------------------------------------------------- */

/* One entry as `services -o json` writes it. */
static void entry_json(struct json_writer *j, const struct catalog_entry *e)
{
    const char *const fields[][2] = {
        { "service_name", e->service_name }, { "role_name", e->role_name },
        { "product", e->product }, { "product_zh", e->product_zh },
        { "product_zh_tw", e->product_zh_tw }, { "purpose", e->purpose },
        { "purpose_zh", e->purpose_zh },
        { "purpose_zh_tw", e->purpose_zh_tw },
        { "description_en", e->description_en },
        { "description_zh", e->description_zh },
        { "description_zh_tw", e->description_zh_tw },
        { "policy_name", e->policy_name }
    };

    json_begin_object(j);
    for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
        json_key(j, fields[i][0]);
        json_string(j, fields[i][1]);
    }
    json_key(j, "custom_suffix");
    if (e->custom_suffix == CATALOG_SUFFIX_UNKNOWN)
        json_null(j);
    else
        json_bool(j, e->custom_suffix == CATALOG_SUFFIX_ACCEPTED);
    json_key(j, "source");
    json_string(j, e->source);
    json_key(j, "note");
    json_string(j, e->note);
    json_end_object(j);
}

/* `linkrole services -o json` with the catalogue file, its output
 * thrown away, under bench_rusage: wall time, peak RSS and exit code. */
static int command_cost(const char *rusage, const char *linkrole,
                        const char *file, double *ms, long *kib, int *code)
{
    char out[] = "/tmp/linkrole-bench-rusage-XXXXXX";
    int fd = mkstemp(out), status = 0, rc = -1;
    FILE *f = NULL;
    pid_t pid;

    if (fd < 0)
        return -1;
    close(fd);
    pid = fork();
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);

        if (null >= 0)
            dup2(null, STDOUT_FILENO);
        setenv("LINKROLE_CATALOG", file, 1);
        setenv("LC_ALL", "C.UTF-8", 1);
        execl(rusage, rusage, out, linkrole, "services", "-o", "json",
              (char *)NULL);
        _exit(127);
    }
    if (pid < 0)
        goto out;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        goto out;
    f = fopen(out, "r");
    if (f && fscanf(f, "%lf %ld %d", ms, kib, code) == 3)
        rc = 0;
out:
    if (f)
        fclose(f);
    unlink(out);
    return rc;
}

static void bench_json(const struct catalog *c, const char *bundled,
                       const char *path10k)
{
    double ms[JSON_RUNS];
    size_t bytes = 0, strings = 0;
    struct buf out;
    const char *linkrole = BENCH_BUILDDIR "/linkrole";
    const char *rusage = BENCH_BUILDDIR "/tests/bench/bench_rusage";

    buf_init(&out, 256u << 20);
    /* json_quote alone, over every text of the catalogue. */
    for (int r = 0; r < JSON_RUNS; r++) {
        uint64_t start;

        buf_reset(&out);
        strings = 0;
        start = bench_now_ns();
        for (size_t i = 0; i < c->count; i++) {
            const struct catalog_entry *e = &c->entries[i];
            const char *const s[] = { e->service_name, e->role_name,
                                      e->product, e->product_zh,
                                      e->purpose, e->description_en,
                                      e->policy_name, e->source };

            for (size_t k = 0; k < sizeof(s) / sizeof(s[0]); k++)
                if (s[k]) {
                    json_quote(&out, s[k]);
                    strings++;
                }
        }
        ms[r] = bench_us_since(start) / 1e3;
    }
    bytes = buf_len(&out);
    {
        double med = quantile(ms, JSON_RUNS, 0.5);

        printf("  json_quote: %zu strings, %.1f MB out: %.2f ms, %.0f MB/s\n",
               strings, (double)bytes / 1e6, med,
               (double)bytes / 1e6 / (med / 1e3));
    }
    /* The whole document, as `services -o json` writes it. */
    for (int r = 0; r < JSON_RUNS; r++) {
        struct json_writer j;
        uint64_t start;

        buf_reset(&out);
        start = bench_now_ns();
        json_writer_init(&j, &out, 2);
        json_begin_array(&j);
        for (size_t i = 0; i < c->count; i++)
            entry_json(&j, &c->entries[i]);
        json_end_array(&j);
        json_writer_finish(&j);
        ms[r] = bench_us_since(start) / 1e3;
    }
    {
        double med = quantile(ms, JSON_RUNS, 0.5);

        printf("  the writer, %zu entries as services -o json: %.1f MB, "
               "%.2f ms, %.0f MB/s\n", c->count,
               (double)buf_len(&out) / 1e6, med,
               (double)buf_len(&out) / 1e6 / (med / 1e3));
    }
    buf_free(&out);

    /* The command itself, a process per run, through bench_rusage (its
     * peak RSS is the command's own: see peak_rss_kib). */
    if (access(linkrole, X_OK) != 0 || access(rusage, X_OK) != 0) {
        printf("  linkrole services -o json: skipped (no %s or %s)\n",
               linkrole, rusage);
        return;
    }
    for (int pass = 0; pass < 2; pass++) {
        const char *file = pass ? path10k : bundled;
        double wall[PROCESS_RUNS], rss[PROCESS_RUNS];
        int n = 0;

        for (int r = 0; r < PROCESS_RUNS; r++) {
            long kib;
            int code;

            if (command_cost(rusage, linkrole, file, &wall[n], &kib,
                             &code) != 0 || code != 0)
                break;
            rss[n++] = (double)kib / 1024.0;
        }
        if (n == 0) {
            printf("  linkrole services -o json: failed\n");
            return;
        }
        printf("  linkrole services -o json, %s: %.1f ms, peak RSS %.1f MB "
               "(medians of %d)\n", pass ? "10,000 services" : "bundled",
               quantile(wall, (size_t)n, 0.5), quantile(rss, (size_t)n, 0.5),
               n);
    }
}

int main(int argc, char **argv)
{
    const char *bundled = BENCH_SRCDIR "/data/services.json";
    char *path10k = NULL, *path100k = NULL;
    size_t bytes10k = 0, bytes100k = 0, bundled_bytes = 0;
    struct catalog cat = { NULL, 0 };
    struct buf err;
    FILE *f;
    int rc = 1;

    if (argc == 3 && strcmp(argv[1], "--load") == 0)
        return load_once(argv[2]);
    if (argc == 4 && strcmp(argv[1], "--generate") == 0)
        return generate(argv[3], (unsigned)strtoul(argv[2], NULL, 10));

    buf_init(&err, 4096);
    f = fopen(bundled, "rb");
    if (f) {
        fseek(f, 0, SEEK_END);
        bundled_bytes = (size_t)ftell(f);
        fclose(f);
    }
    path10k = write_catalog(10000, true, &bytes10k);
    path100k = write_catalog(100000, false, &bytes100k);
    if (!path10k || !path100k) {
        fprintf(stderr, "bench_catalog: cannot write the generated "
                "catalogues\n");
        goto out;
    }

    printf("bench catalog: load (read, parse, check), a fresh process per "
           "run\n");
    printf("  %-20s %7s %12s %-26s %11s %10s\n", "catalogue", "entries",
           "file", " wall: median (min-max)", "CPU: median", "peak RSS");
    bench_load(argv[0], "(nothing: baseline)", "-", 0, LOAD_RUNS);
    bench_load(argv[0], "bundled", bundled, bundled_bytes, LOAD_RUNS);
    bench_load(argv[0], "generated 10,000", path10k, bytes10k, LOAD_RUNS);
    bench_load(argv[0], "generated 100,000", path100k, bytes100k,
               LOAD_RUNS_BIG);

    if (catalog_load(&cat, path10k, &err) != 0) {
        fprintf(stderr, "bench_catalog: %s\n", buf_str(&err));
        goto out;
    }
    printf("bench catalog: keystrokes in the picker over %zu services: "
           "the search, ranked in the picker's order (%d runs)\n", cat.count,
           TYPE_RUNS);
    bench_keys(&cat);

    printf("bench catalog: the picker's set-up before its first frame, "
           "past loading (the filter, its order, the empty query)\n");
    bench_setup("bundled", bundled);
    bench_setup("generated 10,000", path10k);
    bench_setup("generated 100,000", path100k);

    printf("bench catalog: JSON\n");
    bench_json(&cat, bundled, path10k);
    rc = 0;
out:
    if (path10k)
        unlink(path10k);
    if (path100k)
        unlink(path100k);
    free(path10k);
    free(path100k);
    catalog_free(&cat);
    buf_free(&err);
    return rc;
}
