/* rollout_fixture — see rollout_fixture.h. */
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
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "app/journal.h"
#include "core/clock.h"
#include "core/file.h"
#include "core/json.h"
#include "rollout_fixture.h"

static const char catalog_text[] =
    "{\"schema\": 1, \"services\": ["
    "{\"service_name\": \"polardb.aliyuncs.com\","
    " \"role_name\": \"" POLARDB_ROLE "\", \"product\": \"PolarDB\"},"
    "{\"service_name\": \"dbs.aliyuncs.com\","
    " \"role_name\": \"" DBS_ROLE "\", \"product\": \"DBS\"}"
    "]}";

struct wrap {
    struct transport t;
    struct transport *inner;
    struct world *w;
};

static char member_id[MEMBERS + 1][20];

const char *member(unsigned i)
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
        if (take(w, &w->gateway_getrole))
            return answer(resp, 502, "<html>Bad gateway</html>");
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
    if (strcmp(action, "AssumeRole") == 0 &&
        take(w, &w->gateway_assume))
        return answer(resp, 500, "{\"Code\":\"\",\"RequestId\":\"R\"}");
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

int setup(void **state)
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

int teardown(void **state)
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



void config(struct rollout_config *c, bool plan)
{
    memset(c, 0, sizeof(*c));
    c->target.service = "polardb.aliyuncs.com";
    c->scope.all = true;
    c->concurrency = 4;
    c->plan = plan;
}

void run(struct world *w, struct rollout_config *c, struct run *out)
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

const struct rollout_row *row_of(struct run *ru, const char *acct,
                                        struct rollout_row *row)
{
    for (size_t i = 0; rollout_row(ru->r, i, row) == 0; i++)
        if (strcmp(row->account_id, acct) == 0)
            return row;
    fail_msg("no row for %s", acct);
    return NULL;
}

/* How many roles named role each member holds, from the state file. */
void roles_in_state(struct world *w, const char *role,
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

bool has_polardb(unsigned i)
{
    return i % 7 == 3;
}

void check_all_hold(struct world *w, const char *role)
{
    int counts[MEMBERS + 1];

    roles_in_state(w, role, counts);
    for (unsigned i = 1; i <= MEMBERS; i++)
        assert_int_equal(counts[i], i % 25 == 0 ? 0 : 1);
}

void make_role(struct world *w, unsigned i)
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
int journal_lines(const char *const *words, size_t n)
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
