/* fuzz_statefile — the simulator's state file (linkrole-sim --state,
 * sim/statefile.c).
 *
 * The whole input is the file's text, read into a fresh account.  It is
 * loaded or refused with a message naming the file; what loads is saved
 * again, and that saved text loads into another fresh account and saves
 * to the very same text (the file is a faithful round trip). */
#include "config.h"

#include "core/buf.h"
#include "core/catalog.h"
#include "sim/internal.h"
#include "sim/sim.h"
#include "fuzz.h"

#define TEXT_MAX (32u << 20)

static const char catalog_text[] =
    "{\"schema\": 1, \"services\": ["
    "{\"service_name\": \"polardb.aliyuncs.com\","
    " \"role_name\": \"AliyunServiceRoleForPolarDB\","
    " \"product\": \"PolarDB\", \"custom_suffix\": null},"
    "{\"service_name\": \"dbs.aliyuncs.com\","
    " \"role_name\": \"AliyunServiceRoleForDBS\", \"product\": \"DBS\"}"
    "]}";

static const struct catalog *catalog_once(void)
{
    static struct catalog catalog;
    static bool done;

    if (!done) {
        struct buf err;

        buf_init(&err, 4096);
        if (catalog_parse(&catalog, catalog_text, sizeof(catalog_text) - 1,
                          "fuzz", &err)) {
            fprintf(stderr, "fuzz_statefile: %s\n", buf_str(&err));
            abort();
        }
        buf_free(&err);
        done = true;
    }
    return &catalog;
}

static struct sim_account *account_make(void)
{
    struct sim_config cfg;
    struct buf err;
    struct sim_account *a;

    memset(&cfg, 0, sizeof(cfg));
    cfg.catalog = catalog_once();
    buf_init(&err, 4096);
    a = sim_account_new(&cfg, &err);
    buf_free(&err);
    return a;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct sim_account *a = account_make(), *b = NULL;
    struct buf err, once, twice;

    if (!a)
        return 0;
    buf_init(&err, 4096);
    buf_init(&once, TEXT_MAX);
    buf_init(&twice, TEXT_MAX);
    if (statefile_parse(a, (const char *)data, size, "fuzz.json", &err)) {
        /* Refused, and the message says which file. */
        FUZZ_CHECK(strncmp(buf_str(&err), "fuzz.json", 9) == 0);
        goto out;
    }
    if (statefile_write(a, &once))
        goto out;       /* out of memory */
    b = account_make();
    if (!b)
        goto out;
    buf_reset(&err);
    if (statefile_parse(b, buf_str(&once), buf_len(&once), "saved.json",
                        &err)) {
        fprintf(stderr, "fuzz_statefile: the saved state does not load: "
                "%s\n", buf_str(&err));
        FUZZ_CHECK(!"the saved state loads again");
    }
    if (statefile_write(b, &twice))
        goto out;
    FUZZ_CHECK(buf_len(&once) == buf_len(&twice));
    FUZZ_CHECK(memcmp(buf_str(&once), buf_str(&twice), buf_len(&once)) == 0);
out:
    sim_account_free(a);
    sim_account_free(b);
    buf_free(&err);
    buf_free(&once);
    buf_free(&twice);
    return 0;
}
