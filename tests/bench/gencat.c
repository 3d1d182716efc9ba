/* gencat — writes a service catalogue of N made-up services, valid per
 * doc/catalog.md, for the terminal UI's benchmark at sizes far beyond
 * the bundled one (tests/bench/tui.sh: 10,000 and 100,000).
 *
 *   gencat N > FILE
 *
 * Every entry has the required fields (a unique service_name and
 * role_name, an English product); one in four has a Simplified Chinese
 * product name too.  The products come from a few families, several of
 * which share a prefix ("Polar...", "Data..."), so a query typed key by
 * key narrows the list step by step as it does in the real catalogue.
 * Nothing else is written: 100,000 such entries stay under the loader's
 * 16 MiB (CATALOG_FILE_MAX).  Deterministic: the same N, the same file. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

/* Made-up families of products: an English name, a Chinese one, and
 * the word their service names start with. */
static const struct {
    const char *en, *zh, *code;
} gencat_family[] = {
    { "PolarDB for MySQL", "云原生数据库PolarDB MySQL版", "polardb" },
    { "PolarDB for PostgreSQL", "云原生数据库PolarDB PostgreSQL版",
      "polardbpg" },
    { "PolarDB-X", "云原生分布式数据库PolarDB-X", "polardbx" },
    { "PolarSearch", "PolarSearch检索服务", "polarsearch" },
    { "ApsaraDB for Redis", "云数据库Redis版", "kvstore" },
    { "Data Transmission", "数据传输服务", "dts" },
    { "Data Management", "数据管理服务", "dms" },
    { "DataWorks", "大数据开发治理平台", "dataworks" },
    { "Elastic Compute", "云服务器", "ecs" },
    { "Object Storage", "对象存储", "oss" },
    { "Log Service", "日志服务", "sls" },
    { "Function Compute", "函数计算", "fc" },
    { "Container Registry", "容器镜像服务", "cr" },
    { "Load Balancer", "负载均衡", "slb" },
    { "Cloud Monitor", "云监控", "cms" },
    { "Message Queue", "消息队列", "mq" },
};

#define GENCAT_FAMILIES (sizeof(gencat_family) / sizeof(gencat_family[0]))

static const char *const gencat_edition[] = {
    "Standard", "Enterprise", "Serverless", "Analytics", "Edge", "Global",
    "Lite"
};

#define GENCAT_EDITIONS (sizeof(gencat_edition) / sizeof(gencat_edition[0]))

int main(int argc, char **argv)
{
    char *end;
    unsigned long n;

    n = argc == 2 ? strtoul(argv[1], &end, 10) : 0;
    if (argc != 2 || *end || n == 0 || n > 100000) {
        fprintf(stderr, "usage: gencat N > FILE (N from 1 to 100000)\n");
        return 2;
    }
    printf("{\"schema\": 1, \"about\": \"made up by tests/bench/gencat: "
           "%lu services\", \"services\": [\n", n);
    for (unsigned long i = 0; i < n; i++) {
        unsigned long fam = i % GENCAT_FAMILIES;
        unsigned long ed = (i / GENCAT_FAMILIES) % GENCAT_EDITIONS;

        /* A service name of lower-case letters, digits and dots; a role
         * name of letters and digits, both unique through i. */
        printf("{\"service_name\":\"%s%lu.aliyuncs.com\","
               "\"role_name\":\"AliyunServiceRoleFor%c%s%lu\","
               "\"product\":\"%s %s %lu\"",
               gencat_family[fam].code, i,
               gencat_family[fam].code[0] - 'a' + 'A',
               gencat_family[fam].code + 1, i, gencat_family[fam].en,
               gencat_edition[ed], i);
        if (i % 4 == 0)
            printf(",\"product_zh\":\"%s %lu\"", gencat_family[fam].zh, i);
        printf("}%s\n", i + 1 < n ? "," : "");
    }
    printf("]}\n");
    return ferror(stdout) || fflush(stdout) ? 1 : 0;
}
