/* fuzz_statefile — the simulator's state file (linkrole-sim --state,
 * sim/statefile.c).
 *
 * The whole input is the file's text, read into a fresh account.  It is
 * loaded or refused with a message naming the file; what loads is saved,
 * the saved text loads again, and from then on loading and saving is a
 * fixed point (the file is a faithful round trip). */
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

/* Loads text into a fresh account and saves it into out.  Returns 0, 1
 * when the text is refused (err says why), -1 when out of memory. */
static int load_save(const char *text, size_t len, const char *name,
                     struct buf *out, struct buf *err)
{
    struct sim_account *a = account_make();
    int rc = -1;

    if (!a)
        return -1;
    buf_reset(err);
    if (statefile_parse(a, text, len, name, err))
        rc = 1;
    else if (statefile_write(a, out) == 0)
        rc = 0;
    sim_account_free(a);
    return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct buf err, once, twice, thrice;
    int rc;

    buf_init(&err, 4096);
    buf_init(&once, TEXT_MAX);
    buf_init(&twice, TEXT_MAX);
    buf_init(&thrice, TEXT_MAX);
    rc = load_save((const char *)data, size, "fuzz.json", &once, &err);
    if (rc == 1)
        /* Refused, and the message says which file. */
        FUZZ_CHECK(strncmp(buf_str(&err), "fuzz.json", 9) == 0);
    if (rc)
        goto out;
    /* What was saved loads again.  The first save may normalise (an
     * invalid UTF-8 byte is written as U+FFFD); from then on, loading and
     * saving changes nothing. */
    rc = load_save(buf_str(&once), buf_len(&once), "once.json", &twice,
                   &err);
    if (rc == 1)
        fprintf(stderr, "fuzz_statefile: the saved state does not load: "
                "%s\n", buf_str(&err));
    FUZZ_CHECK(rc != 1);
    if (rc || load_save(buf_str(&twice), buf_len(&twice), "twice.json",
                        &thrice, &err))
        goto out;
    if (buf_len(&twice) != buf_len(&thrice) ||
        memcmp(buf_str(&twice), buf_str(&thrice), buf_len(&twice)) != 0) {
        fprintf(stderr, "fuzz_statefile: saved:\n%s\nsaved again:\n%s\n",
                buf_str(&twice), buf_str(&thrice));
        FUZZ_CHECK(!"the saved state saves again the same");
    }
out:
    buf_free(&err);
    buf_free(&once);
    buf_free(&twice);
    buf_free(&thrice);
    return 0;
}
