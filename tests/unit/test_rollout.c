/* test_rollout — the rollout use case (app/rollout) against the
 * in-process simulator with a Resource Directory of 30 members, through
 * a transport that can throttle, lose answers after the work, stop the
 * run, or lie about the directory.  What was made is checked in the
 * simulator's state file, not in the rollout's own report.
 *
 * With 30 members: 25 is invited without the access role (NO_ENTRY), 3,
 * 10, 17 and 24 hold PolarDB's role already, the 25 others lack it. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "app/exit.h"
#include "app/journal.h"
#include "app/rollout.h"
#include "app/session.h"
#include "core/clock.h"
#include "core/file.h"
#include "core/json.h"
#include "sim/sim.h"

#define MEMBERS 30
#define KEY_ID "testowner"
#define KEY_SECRET "testownersecret"
#define POLARDB_ROLE "AliyunServiceRoleForPolarDB"
#define DBS_ROLE "AliyunServiceRoleForDBS"

static const char catalog_text[] =
    "{\"schema\": 1, \"services\": ["
    "{\"service_name\": \"polardb.aliyuncs.com\","
    " \"role_name\": \"" POLARDB_ROLE "\", \"product\": \"PolarDB\"},"
    "{\"service_name\": \"dbs.aliyuncs.com\","
    " \"role_name\": \"" DBS_ROLE "\", \"product\": \"DBS\"}"
    "]}";

enum lie { LIE_NONE, LIE_REPEAT, LIE_ENDLESS, LIE_TOTAL, LIE_CYCLE };

/* The simulated world and what the transports do to its traffic. */
struct world {
    struct catalog cat;
    struct sim_account *a;
    struct session s;
    char dir[64];
    char state[128];
    pthread_mutex_t lock;
    /* Faults, each for its first N requests. */
    int throttle_getrole;
    int lose_create;            /* done, then the connection drops */
    int fail_create_after;      /* done, then a gateway's HTML 500 */
    int cancel_after_getrole;
    bool short_sessions;        /* AssumeRole's Expiration: in 100 s */
    bool echo_token;            /* GetRole's refusal quotes the token */
    char token[2048];           /* the last one echoed */
    int assumes;
    enum lie lie;
    volatile sig_atomic_t cancel;
    /* What reached the simulator. */
    int creates_made;           /* CreateServiceLinkedRole answered 200 */
    int creates_refused;
    int getroles;
};

struct wrap {
    struct transport t;
    struct transport *inner;
    struct world *w;
};

static char member_id[MEMBERS + 1][20];

static const char *member(unsigned i)
{
    snprintf(member_id[i], sizeof(member_id[i]), "1%015u", i);
    return member_id[i];
}

static const char *action_of(const struct http_request *req)
{
    const char *a = req->headers ? kvlist_get_case(req->headers,
                                                   "x-acs-action")
                                 : NULL;

    return a ? a : "";
}

static long page_of(const char *url)
{
    const char *p = strstr(url, "PageNumber=");

    return p ? strtol(p + 11, NULL, 10) : 1;
}

static int answer(struct http_response *resp, long status, const char *body)
{
    resp->status = status;
    buf_reset(&resp->body);
    buf_adds(&resp->body, body);
    resp->retry_after[0] = '\0';
    return TRANSPORT_OK;
}

/* A page of accounts the directory does not have (ids from base). */
static int fake_accounts(struct http_response *resp, unsigned long base,
                         size_t n, long total)
{
    struct buf b;

    buf_init(&b, 1u << 20);
    buf_printf(&b, "{\"RequestId\":\"R-fake\",\"TotalCount\":%ld,"
               "\"PageNumber\":1,\"PageSize\":100,\"Accounts\":"
               "{\"Account\":[", total);
    for (size_t i = 0; i < n; i++)
        buf_printf(&b, "%s{\"AccountId\":\"2%015lu\",\"DisplayName\":"
                   "\"x\",\"JoinMethod\":\"created\"}", i ? "," : "",
                   base + i);
    buf_adds(&b, "]}}");
    answer(resp, 200, buf_str(&b));
    buf_free(&b);
    return TRANSPORT_OK;
}

static int lie_send(struct world *w, const struct http_request *req,
                    struct http_response *resp, const char *action)
{
    long page = page_of(req->url);

    switch (w->lie) {
    case LIE_REPEAT:
        if (strcmp(action, "ListAccounts") == 0)
            return fake_accounts(resp, 1, 100, 1000);
        break;
    case LIE_ENDLESS:
        if (strcmp(action, "ListAccounts") == 0)
            return fake_accounts(resp, (unsigned long)page * 100, 100,
                                 100);
        break;
    case LIE_TOTAL:
        if (strcmp(action, "ListAccounts") == 0)
            return fake_accounts(resp, 1, page == 1 ? 3 : 0, 99999);
        break;
    case LIE_CYCLE:
        if (strcmp(action, "ListFoldersForParent") == 0)
            return answer(resp, 200,
                          "{\"RequestId\":\"R\",\"TotalCount\":2,"
                          "\"Folders\":{\"Folder\":["
                          "{\"FolderId\":\"fd-Loop000001\"},"
                          "{\"FolderId\":\"fd-Loop000002\"}]}}");
        if (strcmp(action, "ListAccountsForParent") == 0)
            return answer(resp, 200,
                          "{\"RequestId\":\"R\",\"TotalCount\":0,"
                          "\"Accounts\":{\"Account\":[]}}");
        break;
    default:
        break;
    }
    return -1;
}

/* The session's Expiration, moved to 100 s from now. */
static void shorten(struct http_response *resp)
{
    cJSON *root = cJSON_ParseWithLength(buf_str(&resp->body),
                                        buf_len(&resp->body));
    cJSON *cred = cJSON_GetObjectItem(root, "Credentials");
    char when[CLOCK_UTC_LEN + 1], *text;

    assert_non_null(cred);
    clock_format_utc(time(NULL) + 100, when);
    cJSON_ReplaceItemInObject(cred, "Expiration", cJSON_CreateString(when));
    text = cJSON_PrintUnformatted(root);
    assert_non_null(text);
    buf_reset(&resp->body);
    buf_adds(&resp->body, text);
    free(text);
    cJSON_Delete(root);
}

static struct api_sts_credentials *direct_sts;

static int direct_creds(void *ctx, struct sign_creds *c, struct buf *err)
{
    (void)ctx;
    (void)err;
    c->access_key_id = direct_sts->access_key_id;
    c->access_key_secret = direct_sts->access_key_secret;
    c->security_token = direct_sts->security_token;
    return 0;
}

static bool take(struct world *w, int *n)
{
    bool hit;

    pthread_mutex_lock(&w->lock);
    hit = *n > 0;
    if (hit)
        (*n)--;
    pthread_mutex_unlock(&w->lock);
    return hit;
}

static int wrap_send(struct transport *t, const struct http_request *req,
                     struct http_response *resp, struct buf *err)
{
    struct wrap *x = t->ctx;
    struct world *w = x->w;
    const char *action = action_of(req);
    int rc;
    bool create = strcmp(action, "CreateServiceLinkedRole") == 0;

    rc = lie_send(w, req, resp, action);
    if (rc >= 0)
        return rc;
    if (strcmp(action, "GetRole") == 0) {
        pthread_mutex_lock(&w->lock);
        w->getroles++;
        pthread_mutex_unlock(&w->lock);
        if (take(w, &w->cancel_after_getrole) &&
            w->cancel_after_getrole == 0)
            w->cancel = 1;
        if (take(w, &w->throttle_getrole)) {
            answer(resp, 400, "{\"RequestId\":\"R-throttled\",\"Code\":"
                              "\"Throttling.User\",\"Message\":\"slow\"}");
            snprintf(resp->retry_after, sizeof(resp->retry_after), "20");
            return TRANSPORT_OK;
        }
    }
    if (strcmp(action, "GetRole") == 0 && w->echo_token) {
        const char *tok = kvlist_get_case(req->headers,
                                          "x-acs-security-token");
        struct buf b;

        assert_non_null(tok);
        pthread_mutex_lock(&w->lock);
        snprintf(w->token, sizeof(w->token), "%s", tok);
        pthread_mutex_unlock(&w->lock);
        buf_init(&b, 8192);
        buf_printf(&b, "{\"RequestId\":\"R-echo\",\"Code\":"
                   "\"InvalidParameter\",\"Message\":\"bad token %s\"}",
                   tok);
        answer(resp, 400, buf_str(&b));
        buf_free(&b);
        return TRANSPORT_OK;
    }
    rc = transport_send(x->inner, req, resp, err);
    if (strcmp(action, "AssumeRole") == 0 && rc == TRANSPORT_OK) {
        pthread_mutex_lock(&w->lock);
        w->assumes++;
        pthread_mutex_unlock(&w->lock);
        if (w->short_sessions && resp->status == 200)
            shorten(resp);
    }
    if (create && rc == TRANSPORT_OK) {
        pthread_mutex_lock(&w->lock);
        if (resp->status == 200)
            w->creates_made++;
        else
            w->creates_refused++;
        pthread_mutex_unlock(&w->lock);
        if (take(w, &w->lose_create))
            return TRANSPORT_AMBIGUOUS;
        if (take(w, &w->fail_create_after))
            return answer(resp, 500, "<html>Bad gateway</html>");
    }
    return rc;
}

static void wrap_destroy(struct transport *t)
{
    struct wrap *x = t->ctx;

    transport_destroy(x->inner);
    free(x);
}

static const struct transport_ops wrap_ops = { wrap_send, wrap_destroy };

static struct transport *wrap_new(struct world *w)
{
    struct wrap *x = calloc(1, sizeof(*x));

    assert_non_null(x);
    x->inner = sim_transport_new(w->a, 0);
    assert_non_null(x->inner);
    x->w = w;
    x->t.ops = &wrap_ops;
    x->t.ctx = x;
    return &x->t;
}

static int plug_transport(void *handle, struct transport **t,
                          struct buf *err)
{
    (void)err;
    *t = wrap_new(handle);
    return 0;
}

static const struct session_demo plug = { NULL, NULL, plug_transport };

static int owner_creds(void *ctx, struct sign_creds *c, struct buf *err)
{
    (void)ctx;
    (void)err;
    c->access_key_id = KEY_ID;
    c->access_key_secret = KEY_SECRET;
    c->security_token = NULL;
    return 0;
}

static int setup(void **state)
{
    struct world *w = calloc(1, sizeof(*w));
    struct sim_config cfg;
    struct journal_setup js;
    struct buf err;

    assert_non_null(w);
    pthread_mutex_init(&w->lock, NULL);
    buf_init(&err, 4096);
    snprintf(w->dir, sizeof(w->dir), "/tmp/test_rollout.XXXXXX");
    assert_non_null(mkdtemp(w->dir));
    snprintf(w->state, sizeof(w->state), "%s/state.json", w->dir);
    setenv("XDG_STATE_HOME", w->dir, 1);
    assert_int_equal(catalog_parse(&w->cat, catalog_text,
                                   strlen(catalog_text), "test", &err), 0);
    memset(&cfg, 0, sizeof(cfg));
    cfg.catalog = &w->cat;
    cfg.state_path = w->state;
    cfg.directory_members = MEMBERS;
    w->a = sim_account_new(&cfg, &err);
    if (!w->a)
        fail_msg("sim_account_new: %s", buf_str(&err));
    assert_int_equal(sim_account_add_key(w->a, KEY_ID, KEY_SECRET), 0);

    api_client_init(&w->s.client);
    w->s.transport = wrap_new(w);
    w->s.client.transport = w->s.transport;
    w->s.client.creds.get = owner_creds;
    w->s.client.retry_base_ms = 5;
    for (int p = 0; p < API_PRODUCT_COUNT; p++)
        w->s.client.endpoint[p] = "http://127.0.0.1:9";
    w->s.catalog = w->cat;
    w->s.have_catalog = true;
    w->s.demo = w;
    session_set_demo(&plug);

    memset(&js, 0, sizeof(js));
    js.region = "cn-hangzhou";
    js.identity = "test";
    assert_int_equal(journal_begin(&js, &err), 0);
    buf_free(&err);
    *state = w;
    return 0;
}

static int teardown(void **state)
{
    struct world *w = *state;
    char cmd[200];

    journal_end();
    transport_destroy(w->s.transport);
    sim_account_free(w->a);
    catalog_free(&w->cat);
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", w->dir);
    assert_int_equal(system(cmd), 0);
    pthread_mutex_destroy(&w->lock);
    free(w);
    return 0;
}

/* --- helpers -------------------------------------------------------- */

struct run {
    struct rollout *r;
    struct rollout_progress p;
};

static void config(struct rollout_config *c, bool plan)
{
    memset(c, 0, sizeof(*c));
    c->target.service = "polardb.aliyuncs.com";
    c->scope.all = true;
    c->concurrency = 4;
    c->plan = plan;
}

static void run(struct world *w, struct rollout_config *c, struct run *out)
{
    struct api_error err;
    struct buf msg;

    c->cancel = &w->cancel;
    buf_init(&msg, 4096);
    if (rollout_new(&w->s, c, &out->r, &err))
        fail_msg("rollout_new: %d %s %s", err.kind, err.code, err.detail);
    if (rollout_start(out->r, &msg))
        fail_msg("rollout_start: %s", buf_str(&msg));
    rollout_wait(out->r);
    rollout_progress(out->r, &out->p);
    assert_true(out->p.ended);
    buf_free(&msg);
}

static const struct rollout_row *row_of(struct run *ru, const char *acct,
                                        struct rollout_row *row)
{
    for (size_t i = 0; rollout_row(ru->r, i, row) == 0; i++)
        if (strcmp(row->account_id, acct) == 0)
            return row;
    fail_msg("no row for %s", acct);
    return NULL;
}

/* How many roles named role each member holds, from the state file. */
static void roles_in_state(struct world *w, const char *role,
                           int counts[MEMBERS + 1])
{
    char *text = NULL;
    size_t len = 0;
    int errnum = 0;
    cJSON *root;
    const cJSON *m;

    memset(counts, 0, sizeof(int) * (MEMBERS + 1));
    assert_int_equal(sim_account_save(w->a), 0);
    assert_int_equal(file_read_nofollow(w->state, 64u << 20, &text, &len,
                                        NULL, &errnum), FILE_READ_OK);
    root = cJSON_ParseWithLength(text, len);
    assert_non_null(root);
    cJSON_ArrayForEach(m, cJSON_GetObjectItem(root, "members")) {
        const char *id = cJSON_GetStringValue(cJSON_GetObjectItem(m,
                                                             "account_id"));
        const cJSON *r;
        unsigned i;

        assert_non_null(id);
        i = (unsigned)strtoul(id + 1, NULL, 10);
        assert_true(i >= 1 && i <= MEMBERS);
        cJSON_ArrayForEach(r, cJSON_GetObjectItem(m, "roles")) {
            const char *name = cJSON_GetStringValue(
                cJSON_GetObjectItem(r, "role_name"));

            if (name && strcmp(name, role) == 0)
                counts[i]++;
        }
    }
    cJSON_Delete(root);
    free(text);
}

static bool has_polardb(unsigned i)
{
    return i % 7 == 3;
}

/* --- tests ---------------------------------------------------------- */

static void test_plan(void **state)
{
    struct world *w = *state;
    struct rollout_config c;
    struct rollout_row row;
    struct run ru;

    config(&c, true);
    run(w, &c, &ru);
    assert_int_equal(ru.p.total, MEMBERS);
    assert_int_equal(ru.p.counts[ROLLOUT_EXISTS], 4);
    assert_int_equal(ru.p.counts[ROLLOUT_WOULD_CREATE], 25);
    assert_int_equal(ru.p.counts[ROLLOUT_NO_ENTRY], 1);
    assert_int_equal(ru.p.finished, MEMBERS);
    for (unsigned i = 1; i <= MEMBERS; i++) {
        row_of(&ru, member(i), &row);
        assert_int_equal(row.state == ROLLOUT_EXISTS, has_polardb(i));
    }
    row_of(&ru, member(25), &row);
    assert_int_equal(row.state, ROLLOUT_NO_ENTRY);
    assert_string_equal(row.code, "EntityNotExist.Role");
    assert_string_equal(row.join_method, "invited");
    row_of(&ru, member(3), &row);
    assert_int_equal(row.state, ROLLOUT_EXISTS);
    assert_true(row.role_id[0] != '\0');
    assert_string_equal(row.role_name, POLARDB_ROLE);
    row_of(&ru, member(12), &row);
    assert_int_equal(row.state, ROLLOUT_WOULD_CREATE);
    assert_string_equal(rollout_role_name(ru.r), POLARDB_ROLE);
    assert_string_equal(rollout_master_account(ru.r),
                        SIM_DEMO_ACCOUNT_ID);
    assert_true(strncmp(ru.p.rollout_id, "ro-", 3) == 0);
    assert_int_equal(rollout_exit_code(&ru.p, true), EXIT_REFUSED);
    rollout_free(ru.r);
    /* A plan makes nothing. */
    assert_int_equal(w->creates_made, 0);
}

static void check_all_hold(struct world *w, const char *role)
{
    int counts[MEMBERS + 1];

    roles_in_state(w, role, counts);
    for (unsigned i = 1; i <= MEMBERS; i++)
        assert_int_equal(counts[i], i % 25 == 0 ? 0 : 1);
}

static void test_run_once(void **state)
{
    struct world *w = *state;
    struct rollout_config c;
    struct rollout_row row;
    struct run ru;
    char *text = NULL;
    size_t len = 0;
    int errnum = 0;
    char path[4200];

    config(&c, false);
    run(w, &c, &ru);
    assert_int_equal(ru.p.counts[ROLLOUT_CREATED], 25);
    assert_int_equal(ru.p.counts[ROLLOUT_EXISTED], 4);
    assert_int_equal(ru.p.counts[ROLLOUT_NO_ENTRY], 1);
    assert_int_equal(w->creates_made, 25);
    assert_int_equal(w->creates_refused, 0);
    row_of(&ru, member(1), &row);
    assert_int_equal(row.state, ROLLOUT_CREATED);
    assert_true(row.role_id[0] != '\0');
    assert_true(row.attempts >= 3);     /* AssumeRole, GetRole, create */
    assert_true(row.request_ids[0] != '\0');
    assert_int_equal(rollout_exit_code(&ru.p, false), EXIT_REFUSED);
    check_all_hold(w, POLARDB_ROLE);
    /* The journal names the member and the rollout. */
    journal_file(path, sizeof(path));
    assert_int_equal(file_read_nofollow(path, 64u << 20, &text, &len, NULL,
                                        &errnum), FILE_READ_OK);
    assert_non_null(strstr(text, ru.p.rollout_id));
    assert_non_null(strstr(text, "\"account\":\"1000000000000001\""));
    assert_null(strstr(text, "\"account\":\"" SIM_DEMO_ACCOUNT_ID "\""));
    free(text);
    rollout_free(ru.r);

    /* Again: nothing more is made. */
    config(&c, false);
    run(w, &c, &ru);
    assert_int_equal(ru.p.counts[ROLLOUT_EXISTED], 29);
    assert_int_equal(ru.p.counts[ROLLOUT_CREATED], 0);
    assert_int_equal(w->creates_made, 25);
    rollout_free(ru.r);
    check_all_hold(w, POLARDB_ROLE);
}

static void test_dbs(void **state)
{
    struct world *w = *state;
    struct rollout_config c;
    struct run ru;

    config(&c, false);
    c.target.dbs = true;
    c.target.service = NULL;
    run(w, &c, &ru);
    assert_int_equal(ru.p.counts[ROLLOUT_CREATED], 29);
    assert_int_equal(ru.p.counts[ROLLOUT_NO_ENTRY], 1);
    assert_string_equal(rollout_role_name(ru.r), DBS_ROLE);
    rollout_free(ru.r);
    check_all_hold(w, DBS_ROLE);
}

static void test_scope(void **state)
{
    struct world *w = *state;
    const char *accounts[] = { member(1), member(2), member(5),
                               "1999999999999999", SIM_DEMO_ACCOUNT_ID };
    const char *exclude[] = { member(2) };
    struct rollout_config c;
    struct rollout_row row;
    struct run ru;

    config(&c, true);
    c.scope.all = false;
    c.scope.accounts = accounts;
    c.scope.naccounts = 5;
    c.scope.exclude = exclude;
    c.scope.nexclude = 1;
    run(w, &c, &ru);
    assert_int_equal(ru.p.total, 3);
    row_of(&ru, member(1), &row);
    assert_int_equal(row.state, ROLLOUT_WOULD_CREATE);
    row_of(&ru, member(5), &row);
    assert_int_equal(row.state, ROLLOUT_WOULD_CREATE);
    row_of(&ru, "1999999999999999", &row);
    assert_int_equal(row.state, ROLLOUT_NO_ENTRY);
    assert_string_equal(row.code, "NotInDirectory");
    rollout_free(ru.r);
}

static void test_folder(void **state)
{
    struct world *w = *state;
    struct api_directory d;
    struct api_rd_folder_page fp;
    struct api_error err;
    struct rollout_config c;
    struct rollout_row row;
    struct run ru;
    char dev[64] = "";

    assert_int_equal(api_get_resource_directory(&w->s.client, &d, &err), 0);
    assert_int_equal(api_list_folders(&w->s.client, d.root_folder_id, 1,
                                      100, &fp, &err), 0);
    for (size_t i = 0; i < fp.count; i++)
        if (strcmp(fp.folders[i].folder_name, "Development") == 0)
            snprintf(dev, sizeof(dev), "%s", fp.folders[i].folder_id);
    api_rd_folder_page_free(&fp);
    api_directory_free(&d);
    assert_true(dev[0] != '\0');

    config(&c, true);
    c.scope.folder = dev;
    run(w, &c, &ru);
    /* Development (i % 3 == 1) and Sandbox inside it (i % 3 == 2). */
    assert_int_equal(ru.p.total, 20);
    for (size_t i = 0; rollout_row(ru.r, i, &row) == 0; i++) {
        unsigned m = (unsigned)strtoul(row.account_id + 1, NULL, 10);

        assert_true(m % 3 != 0);
    }
    rollout_free(ru.r);
}

/* Makes role directly in member i (as a run killed after its create
 * was carried out would leave it). */
static void make_role(struct world *w, unsigned i)
{
    struct api_sts_credentials sts;
    struct api_role_result res;
    struct api_error err;
    struct api_client c = w->s.client;
    char arn[128];

    snprintf(arn, sizeof(arn), "acs:ram::%s:role/%s", member(i),
             ROLLOUT_ACCESS_ROLE);
    assert_int_equal(api_assume_role(&c, arn, "test", 3600, NULL, &sts,
                                     &err), 0);
    direct_sts = &sts;
    c.creds.get = direct_creds;
    assert_int_equal(api_create_service_linked_role(&c,
                                                    "polardb.aliyuncs.com",
                                                    NULL, NULL, &res, &err),
                     0);
    api_role_result_free(&res);
    api_sts_credentials_free(&sts);
}

/* Lines of the journal holding every one of the words. */
static int journal_lines(const char *const *words, size_t n)
{
    char path[4200], *text = NULL, *line, *save = NULL;
    size_t len = 0;
    int errnum = 0, count = 0;

    journal_file(path, sizeof(path));
    assert_int_equal(file_read_nofollow(path, 64u << 20, &text, &len, NULL,
                                        &errnum), FILE_READ_OK);
    for (line = strtok_r(text, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save)) {
        size_t k = 0;

        while (k < n && strstr(line, words[k]))
            k++;
        count += k == n;
    }
    free(text);
    return count;
}

static void test_resume(void **state)
{
    struct world *w = *state;
    const char *first[] = { member(1), member(2) };
    struct journal_entry j, j7;
    struct rollout_config c;
    struct rollout_row row;
    struct run ru;
    struct buf msg;

    config(&c, false);
    c.scope.all = false;
    c.scope.accounts = first;
    c.scope.naccounts = 2;
    run(w, &c, &ru);
    assert_int_equal(ru.p.counts[ROLLOUT_CREATED], 2);
    rollout_free(ru.r);
    /* A create of member 4 in flight when a run died: an intent alone. */
    buf_init(&msg, 1024);
    journal_set_thread(member(4), "ro-crashed");
    assert_int_equal(journal_intent(&j, "CreateServiceLinkedRole",
                                    "polardb.aliyuncs.com", POLARDB_ROLE,
                                    NULL, NULL, &msg), 0);
    /* And one in member 7 that was carried out before the run died. */
    journal_set_thread(member(7), "ro-crashed");
    assert_int_equal(journal_intent(&j7, "CreateServiceLinkedRole",
                                    "polardb.aliyuncs.com", POLARDB_ROLE,
                                    NULL, NULL, &msg), 0);
    journal_set_thread(NULL, NULL);
    make_role(w, 7);
    buf_free(&msg);
    assert_true(journal_done(member(1), "CreateServiceLinkedRole",
                             POLARDB_ROLE));
    assert_false(journal_done(member(4), "CreateServiceLinkedRole",
                              POLARDB_ROLE));

    config(&c, false);
    c.resume = true;
    run(w, &c, &ru);
    assert_int_equal(ru.p.counts[ROLLOUT_SKIPPED], 2);
    row_of(&ru, member(1), &row);
    assert_int_equal(row.state, ROLLOUT_SKIPPED);
    assert_int_equal(row.attempts, 0);
    /* Checked again, and made now. */
    row_of(&ru, member(4), &row);
    assert_int_equal(row.state, ROLLOUT_CREATED);
    row_of(&ru, member(7), &row);
    assert_int_equal(row.state, ROLLOUT_EXISTED);
    assert_int_equal(ru.p.counts[ROLLOUT_CREATED], 22);
    /* 2 by the first run, 1 by the one that died, 22 now. */
    assert_int_equal(w->creates_made, 25);
    rollout_free(ru.r);
    /* The intents in doubt got their outcome: 7's made, 4's not (and
     * then made by this run). */
    {
        char id7[80], id4[80];
        const char *ok7[] = { id7, "\"type\":\"outcome\"", "\"ok\":true" };
        const char *no4[] = { id4, "\"type\":\"outcome\"", "\"ok\":false",
                              "EntityNotExist.Role" };

        snprintf(id7, sizeof(id7), "\"id\":\"%s\"", j7.id);
        snprintf(id4, sizeof(id4), "\"id\":\"%s\"", j.id);
        assert_int_equal(journal_lines(ok7, 3), 1);
        assert_int_equal(journal_lines(no4, 4), 1);
    }
    assert_true(journal_done(member(7), "CreateServiceLinkedRole",
                             POLARDB_ROLE));
    assert_true(journal_done(member(4), "CreateServiceLinkedRole",
                             POLARDB_ROLE));
    check_all_hold(w, POLARDB_ROLE);
}

static void test_throttled(void **state)
{
    struct world *w = *state;
    struct rollout_config c;
    struct run ru;
    size_t attempts = 0;
    struct rollout_row row;

    w->throttle_getrole = 6;
    config(&c, true);
    run(w, &c, &ru);
    /* Every throttled call was told to the shared pacer, and waited
     * for; none ended busy. */
    assert_int_equal(rollout_throttles(ru.r), 6);
    assert_int_equal(ru.p.counts[ROLLOUT_BUSY], 0);
    assert_int_equal(ru.p.counts[ROLLOUT_WOULD_CREATE] +
                     ru.p.counts[ROLLOUT_EXISTS], MEMBERS - 1);
    for (size_t i = 0; rollout_row(ru.r, i, &row) == 0; i++)
        attempts += (size_t)row.attempts;
    /* AssumeRole and GetRole each, the NO_ENTRY one AssumeRole alone,
     * and the six throttled GetRoles sent again (an account throttled
     * past its retries is taken up again: more). */
    assert_true(attempts >= 2 * (MEMBERS - 1) + 1 + 6);
    rollout_free(ru.r);
}

static void test_busy_requeued(void **state)
{
    struct world *w = *state;
    const char *three[] = { member(1), member(2), member(3) };
    struct rollout_config c;
    struct run ru;
    struct rollout_row row;

    /* More throttled answers than one account's retries: it is taken
     * up again later, and ends well. */
    w->s.client.max_retries = 1;
    w->throttle_getrole = 3;
    config(&c, true);
    c.scope.all = false;
    c.scope.accounts = three;
    c.scope.naccounts = 3;
    c.concurrency = 1;
    run(w, &c, &ru);
    assert_int_equal(ru.p.counts[ROLLOUT_BUSY], 0);
    row_of(&ru, member(1), &row);
    assert_int_equal(row.state, ROLLOUT_WOULD_CREATE);
    /* AssumeRole and two GetRoles, then again AssumeRole and GetRole. */
    assert_int_equal(row.attempts, 5);
    rollout_free(ru.r);

    /* Throttled for good: BUSY after every pass, exit code busy. */
    w->throttle_getrole = 1000000;
    config(&c, true);
    c.scope.all = false;
    c.scope.accounts = three;
    c.scope.naccounts = 1;
    run(w, &c, &ru);
    assert_int_equal(ru.p.counts[ROLLOUT_BUSY], 1);
    row_of(&ru, member(1), &row);
    assert_string_equal(row.code, "Throttling.User");
    assert_int_equal(row.attempts, 3 * 3);
    assert_int_equal(rollout_exit_code(&ru.p, true), EXIT_BUSY);
    rollout_free(ru.r);
    w->throttle_getrole = 0;
}

static void test_lost_answers(void **state)
{
    struct world *w = *state;
    struct rollout_config c;
    struct run ru;

    w->lose_create = 3;
    w->fail_create_after = 3;
    config(&c, false);
    run(w, &c, &ru);
    /* Each lost answer was checked with GetRole, never sent again. */
    assert_int_equal(ru.p.counts[ROLLOUT_CREATED], 25);
    assert_int_equal(ru.p.counts[ROLLOUT_FAILED], 0);
    assert_int_equal(w->creates_made, 25);
    assert_int_equal(w->creates_refused, 0);
    rollout_free(ru.r);
    check_all_hold(w, POLARDB_ROLE);
}

static void test_cancel(void **state)
{
    struct world *w = *state;
    struct rollout_config c;
    struct run ru;

    w->cancel_after_getrole = 5;
    config(&c, false);
    c.concurrency = 2;
    run(w, &c, &ru);
    assert_true(w->cancel);
    assert_int_equal(ru.p.counts[ROLLOUT_PENDING], 0);
    assert_int_equal(ru.p.counts[ROLLOUT_RUNNING], 0);
    assert_true(ru.p.counts[ROLLOUT_CANCELLED] > 0);
    assert_true(ru.p.counts[ROLLOUT_CREATED] < 25);
    assert_int_equal(rollout_exit_code(&ru.p, false), 130);
    assert_int_equal(w->creates_made,
                     (int)ru.p.counts[ROLLOUT_CREATED]);
    rollout_free(ru.r);
    w->cancel = 0;
}

/* A member session with less than five minutes left is assumed again
 * before the next call in that account. */
static void test_renewal(void **state)
{
    struct world *w = *state;
    const char *two[] = { member(1), member(2) };
    struct rollout_config c;
    struct run ru;

    config(&c, true);
    c.scope.all = false;
    c.scope.accounts = two;
    c.scope.naccounts = 2;
    run(w, &c, &ru);
    assert_int_equal(w->assumes, 2);
    rollout_free(ru.r);
    w->assumes = 0;
    w->short_sessions = true;
    run(w, &c, &ru);
    assert_int_equal(ru.p.counts[ROLLOUT_WOULD_CREATE], 2);
    assert_int_equal(w->assumes, 4);
    rollout_free(ru.r);
}

/* A refusal that quotes the member session's token: the row never
 * holds it. */
static void test_no_secret_in_rows(void **state)
{
    struct world *w = *state;
    const char *one[] = { member(1) };
    struct rollout_config c;
    struct rollout_row row;
    struct run ru;

    w->echo_token = true;
    config(&c, true);
    c.scope.all = false;
    c.scope.accounts = one;
    c.scope.naccounts = 1;
    c.concurrency = 1;
    run(w, &c, &ru);
    row_of(&ru, member(1), &row);
    assert_int_equal(row.state, ROLLOUT_REFUSED);
    assert_string_equal(row.code, "InvalidParameter");
    assert_true(strlen(w->token) >= 16);
    assert_non_null(strstr(row.message, "bad token"));
    assert_null(strstr(row.message, w->token));
    /* Not even its first 16 characters. */
    w->token[16] = '\0';
    assert_null(strstr(row.message, w->token));
    rollout_free(ru.r);
    w->echo_token = false;
}

static void expect_refused_listing(struct world *w, enum lie lie)
{
    const char *one[] = { member(1) };
    struct rollout_config c;
    struct rollout *r = NULL;
    struct api_error err;

    w->lie = lie;
    config(&c, true);
    c.scope.all = false;
    c.scope.accounts = one;
    c.scope.naccounts = 1;
    assert_int_equal(rollout_new(&w->s, &c, &r, &err), -1);
    assert_null(r);
    assert_int_equal(err.kind, API_ERR_RESPONSE);
    assert_int_equal(err.why, API_WHY_MARKER_REPEATED);
    w->lie = LIE_NONE;
}

static void test_lying_directory(void **state)
{
    struct world *w = *state;
    struct rollout_config c;
    struct rollout *r = NULL;
    struct api_error err;

    /* The same full page again and again. */
    expect_refused_listing(w, LIE_REPEAT);
    /* New accounts on every page, for ever (only one is a target, so
     * the rows stay few; the listing is bounded all the same). */
    expect_refused_listing(w, LIE_ENDLESS);
    /* A TotalCount far above what the pages hold. */
    w->lie = LIE_TOTAL;
    config(&c, true);
    assert_int_equal(rollout_new(&w->s, &c, &r, &err), 0);
    assert_int_equal(rollout_count(r), 3);
    rollout_free(r);
    /* Folders that hold each other. */
    w->lie = LIE_CYCLE;
    config(&c, true);
    c.scope.folder = "fd-Loop000001";
    assert_int_equal(rollout_new(&w->s, &c, &r, &err), 0);
    assert_int_equal(rollout_count(r), 0);
    rollout_free(r);
    w->lie = LIE_NONE;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_plan, setup, teardown),
        cmocka_unit_test_setup_teardown(test_run_once, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dbs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_scope, setup, teardown),
        cmocka_unit_test_setup_teardown(test_folder, setup, teardown),
        cmocka_unit_test_setup_teardown(test_resume, setup, teardown),
        cmocka_unit_test_setup_teardown(test_throttled, setup, teardown),
        cmocka_unit_test_setup_teardown(test_busy_requeued, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_lost_answers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cancel, setup, teardown),
        cmocka_unit_test_setup_teardown(test_renewal, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_secret_in_rows, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_lying_directory, setup,
                                        teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
