/* bench_catalog — is the catalogue fast enough to search on every
 * keystroke?
 *
 * The picker runs catalog_search on each key the user types, so the worst
 * search has to fit in one frame.  The bundled list has a few hundred
 * entries; this builds a synthetic one of 10,000, far beyond any real
 * catalogue, so the figures show the headroom.  It prints figures and
 * asserts nothing about speed: machines differ too much for a threshold
 * to mean anything in a test suite. */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "core/buf.h"
#include "core/catalog.h"
#include "core/json.h"

#include "bench.h"

#define ENTRIES 10000u
#define RUNS 200
#define BUDGET_MS 16.0 /* one frame at 60 Hz, rounded down */

/* Product families, with the Chinese names some entries carry; three of
 * them start with "Polar" so the typed queries below narrow gradually. */
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

/* What a user types, one key at a time, then a two-word query. */
static const char *const queries[] = {
    "p", "po", "pol", "pola", "polar", "polardb", "polardb mysql"
};

#define QUERIES (sizeof(queries) / sizeof(queries[0]))

/* One entry shaped like those in data/services.json. */
static void write_entry(struct json_writer *w, unsigned i)
{
    char text[256];
    const char *const *family = families[i % FAMILIES];

    json_begin_object(w);
    snprintf(text, sizeof(text), "svc%04u.aliyuncs.com", i);
    json_key(w, "service_name");
    json_string(w, text);
    snprintf(text, sizeof(text), "AliyunServiceRoleForSvc%04u", i);
    json_key(w, "role_name");
    json_string(w, text);
    snprintf(text, sizeof(text), "%s %s %u", family[0],
             editions[(i / FAMILIES) % EDITIONS], i);
    json_key(w, "product");
    json_string(w, text);
    json_key(w, "product_zh");
    json_string(w, i % 3 == 0 ? family[1] : NULL);
    snprintf(text, sizeof(text), "Preset SLR (\"svc%04u\"): lets the "
             "service access your resources in other cloud services", i);
    json_key(w, "purpose");
    json_string(w, text);
    snprintf(text, sizeof(text), "Service Linked Role for svc%04u. It "
             "will use this role to access your resources.", i);
    json_key(w, "description_en");
    json_string(w, text);
    snprintf(text, sizeof(text), "AliyunServiceRolePolicyForSvc%04u", i);
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
    json_end_object(w);
}

static int build_catalog(struct buf *text)
{
    struct json_writer w;

    json_writer_init(&w, text, 2);
    json_begin_object(&w);
    json_key(&w, "schema");
    json_int(&w, 1);
    json_key(&w, "services");
    json_begin_array(&w);
    for (unsigned i = 0; i < ENTRIES; i++)
        write_entry(&w, i);
    json_end_array(&w);
    json_end_object(&w);
    return json_writer_finish(&w);
}

/* Peak resident set so far, in KiB (Linux reports ru_maxrss in KiB). */
static long peak_rss_kib(void)
{
    struct rusage ru;

    if (getrusage(RUSAGE_SELF, &ru) != 0)
        return -1;
    return ru.ru_maxrss;
}

/* Times RUNS searches for query; returns the worst in microseconds. */
static double time_search(const struct catalog *c, const char *query,
                          struct catalog_hit *hits)
{
    double total = 0, worst = 0;
    size_t matches;

    /* One untimed run, so the first timed one pays no cold caches. */
    matches = catalog_search(c, query, hits);
    for (int r = 0; r < RUNS; r++) {
        uint64_t start = bench_now_ns();
        double us;

        catalog_search(c, query, hits);
        us = bench_us_since(start);
        total += us;
        if (us > worst)
            worst = us;
    }
    printf("bench_catalog: search \"%s\" over %zu entries: %.1f us/search "
           "(worst %.1f us), %zu matches\n", query, c->count,
           total / RUNS, worst, matches);
    return worst;
}

int main(void)
{
    struct buf text, err;
    struct catalog cat = { NULL, 0 };
    struct catalog_hit *hits = NULL;
    double worst = 0, parse_ms;
    uint64_t start;
    int rc = 1;

    buf_init(&text, CATALOG_FILE_MAX);
    buf_init(&err, 4096);
    if (build_catalog(&text) != 0) {
        fprintf(stderr, "bench_catalog: cannot build the catalogue\n");
        goto out;
    }
    printf("bench_catalog: synthetic catalogue: %u entries, %zu bytes of "
           "JSON\n", ENTRIES, buf_len(&text));

    start = bench_now_ns();
    if (catalog_parse(&cat, buf_str(&text), buf_len(&text), "synthetic",
                      &err) != 0) {
        fprintf(stderr, "bench_catalog: %s\n", buf_str(&err));
        goto out;
    }
    parse_ms = bench_us_since(start) / 1e3;
    printf("bench_catalog: catalog_parse %zu entries: %.1f ms\n", cat.count,
           parse_ms);
    /* The peak includes the JSON text and cJSON's tree during the parse,
     * which is what loading really costs. */
    printf("bench_catalog: peak RSS after loading: %ld KiB\n",
           peak_rss_kib());

    hits = calloc(cat.count, sizeof(*hits));
    if (!hits) {
        fprintf(stderr, "bench_catalog: out of memory\n");
        goto out;
    }
    for (size_t q = 0; q < QUERIES; q++) {
        double w = time_search(&cat, queries[q], hits);

        if (w > worst)
            worst = w;
    }
    printf("bench_catalog: per-keystroke budget %.0f ms (60 Hz): worst "
           "search %.3f ms, %s\n", BUDGET_MS, worst / 1e3,
           worst / 1e3 <= BUDGET_MS ? "fits" : "does NOT fit");
    rc = 0;
out:
    free(hits);
    catalog_free(&cat);
    buf_free(&text);
    buf_free(&err);
    return rc;
}
