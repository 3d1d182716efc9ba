/* test_api_rd — the Resource Directory calls read against scripted
 * answers: the documented shapes, members missing or of the wrong type
 * named by their path, pages bigger than asked for, and the pacer's
 * hooks around every attempt (a throttled answer told with its
 * retry-after). */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_fixture.h"
#include "cloud/transport.h"

static const char directory_body[] =
    "{\"RequestId\":\"R1\",\"ResourceDirectory\":{"
    "\"ResourceDirectoryId\":\"rd-k3****\",\"MasterAccountId\":"
    "\"151266687691****\",\"MasterAccountName\":\"admin@example.com\","
    "\"RootFolderId\":\"r-Wm****\",\"CreateTime\":\"2021-01-01T00:00:00Z\"}}";

static const char accounts_body[] =
    "{\"RequestId\":\"R2\",\"TotalCount\":2,\"PageNumber\":1,"
    "\"PageSize\":10,\"Accounts\":{\"Account\":["
    "{\"AccountId\":\"1000000000000001\",\"DisplayName\":\"member-0001\","
    "\"FolderId\":\"fd-1\",\"Status\":\"CreateSuccess\",\"Type\":"
    "\"ResourceAccount\",\"JoinMethod\":\"created\","
    "\"ResourceDirectoryPath\":\"rd-k3****/r-Wm****/fd-1/1000000000000001\"},"
    "{\"AccountId\":\"1000000000000025\",\"JoinMethod\":\"invited\"}]}}";

static void test_directory(void **state)
{
    struct fixture *f = fixture_new(false);
    struct api_directory d;
    struct api_error e;

    (void)state;
    push(f, TRANSPORT_OK, 200, directory_body);
    assert_int_equal(api_get_resource_directory(&f->c, &d, &e), 0);
    assert_string_equal(d.directory_id, "rd-k3****");
    assert_string_equal(d.master_account_id, "151266687691****");
    assert_string_equal(d.root_folder_id, "r-Wm****");
    assert_string_equal(d.r.request_id, "R1");
    assert_string_equal(f->script.actions[0], "GetResourceDirectory");
    api_directory_free(&d);

    push(f, TRANSPORT_OK, 200, "{\"RequestId\":\"R\"}");
    assert_int_equal(api_get_resource_directory(&f->c, &d, &e), -1);
    assert_int_equal(e.kind, API_ERR_RESPONSE);
    assert_int_equal(e.why, API_WHY_MISSING);
    assert_string_equal(e.subject, "ResourceDirectory");

    push(f, TRANSPORT_OK, 200,
         "{\"ResourceDirectory\":{\"ResourceDirectoryId\":7}}");
    assert_int_equal(api_get_resource_directory(&f->c, &d, &e), -1);
    assert_int_equal(e.why, API_WHY_WRONG_TYPE);
    assert_string_equal(e.subject, "ResourceDirectory.ResourceDirectoryId");

    push(f, TRANSPORT_OK, 404,
         "{\"Code\":\"EntityNotExists.ResourceDirectory\",\"Message\":\"no\"}");
    assert_int_equal(api_get_resource_directory(&f->c, &d, &e), -1);
    assert_int_equal(e.kind, API_ERR_CLOUD);
    assert_string_equal(e.code, "EntityNotExists.ResourceDirectory");
    free(f);
}

static void test_accounts(void **state)
{
    struct fixture *f = fixture_new(false);
    struct api_rd_account_page p;
    struct api_error e;

    (void)state;
    push(f, TRANSPORT_OK, 200, accounts_body);
    assert_int_equal(api_list_accounts(&f->c, NULL, 1, 10, &p, &e), 0);
    assert_string_equal(f->script.actions[0], "ListAccounts");
    assert_non_null(strstr(f->script.urls[0], "PageSize=10"));
    assert_int_equal(p.count, 2);
    assert_int_equal(p.total_count, 2);
    assert_string_equal(p.accounts[0].display_name, "member-0001");
    assert_string_equal(p.accounts[0].folder_id, "fd-1");
    assert_string_equal(p.accounts[0].type, "ResourceAccount");
    assert_string_equal(p.accounts[1].join_method, "invited");
    assert_null(p.accounts[1].display_name);
    api_rd_account_page_free(&p);

    /* For a folder: ListAccountsForParent with its id. */
    push(f, TRANSPORT_OK, 200, accounts_body);
    assert_int_equal(api_list_accounts(&f->c, "fd-1", 2, 100, &p, &e), 0);
    assert_string_equal(f->script.actions[1], "ListAccountsForParent");
    assert_non_null(strstr(f->script.urls[1], "ParentFolderId=fd-1"));
    assert_non_null(strstr(f->script.urls[1], "PageNumber=2"));
    api_rd_account_page_free(&p);

    /* No list at all: an empty page. */
    push(f, TRANSPORT_OK, 200, "{\"RequestId\":\"R\",\"TotalCount\":0}");
    assert_int_equal(api_list_accounts(&f->c, NULL, 1, 10, &p, &e), 0);
    assert_int_equal(p.count, 0);
    api_rd_account_page_free(&p);
    free(f);
}

static void expect_bad(const char *body, enum api_why why,
                       const char *subject)
{
    struct fixture *f = fixture_new(false);
    struct api_rd_account_page p;
    struct api_error e;

    push(f, TRANSPORT_OK, 200, body);
    assert_int_equal(api_list_accounts(&f->c, NULL, 1, 2, &p, &e), -1);
    assert_int_equal(e.kind, API_ERR_RESPONSE);
    assert_int_equal(e.why, why);
    assert_string_equal(e.subject, subject);
    assert_string_equal(e.action, "ListAccounts");
    assert_null(p.accounts);
    free(f);
}

static void test_accounts_refused(void **state)
{
    (void)state;
    expect_bad("{\"Accounts\":{\"Account\":{}}}", API_WHY_WRONG_TYPE,
               "Accounts.Account");
    expect_bad("{\"Accounts\":[]}", API_WHY_WRONG_TYPE, "Accounts");
    expect_bad("{\"Accounts\":{\"Account\":[{\"AccountId\":\"1\"},3]}}",
               API_WHY_WRONG_TYPE, "Accounts.Account[1]");
    expect_bad("{\"Accounts\":{\"Account\":[{\"DisplayName\":\"x\"}]}}",
               API_WHY_MISSING, "Accounts.Account[0].AccountId");
    expect_bad("{\"Accounts\":{\"Account\":[{\"AccountId\":1}]}}",
               API_WHY_WRONG_TYPE, "Accounts.Account[0].AccountId");
    expect_bad("{\"TotalCount\":\"many\"}", API_WHY_WRONG_TYPE,
               "TotalCount");
    expect_bad("{\"TotalCount\":-1}", API_WHY_WRONG_TYPE, "TotalCount");
    /* Three accounts in a page of two. */
    expect_bad("{\"Accounts\":{\"Account\":[{\"AccountId\":\"1\"},"
               "{\"AccountId\":\"2\"},{\"AccountId\":\"3\"}]}}",
               API_WHY_WRONG_TYPE, "Accounts.Account");
}

static void test_accounts_usage(void **state)
{
    struct fixture *f = fixture_new(false);
    struct api_rd_account_page p;
    struct api_rd_folder_page fp;
    struct api_error e;

    (void)state;
    assert_int_equal(api_list_accounts(&f->c, NULL, 0, 10, &p, &e), -1);
    assert_int_equal(e.kind, API_ERR_USAGE);
    assert_int_equal(api_list_accounts(&f->c, NULL, 1, 101, &p, &e), -1);
    assert_int_equal(api_list_accounts(&f->c, "", 1, 10, &p, &e), -1);
    assert_int_equal(api_list_folders(&f->c, NULL, 1, 10, &fp, &e), -1);
    assert_int_equal(e.kind, API_ERR_USAGE);
    /* Nothing was sent. */
    assert_int_equal(f->script.used, 0);
    free(f);
}

static void test_folders(void **state)
{
    struct fixture *f = fixture_new(false);
    struct api_rd_folder_page p;
    struct api_error e;

    (void)state;
    push(f, TRANSPORT_OK, 200,
         "{\"RequestId\":\"R\",\"TotalCount\":\"2\",\"Folders\":{\"Folder\":["
         "{\"FolderId\":\"fd-a\",\"FolderName\":\"Production\"},"
         "{\"FolderId\":\"fd-b\",\"FolderName\":\"Development\"}]}}");
    assert_int_equal(api_list_folders(&f->c, "r-Wm****", 1, 10, &p, &e), 0);
    assert_string_equal(f->script.actions[0], "ListFoldersForParent");
    assert_int_equal(p.count, 2);
    assert_int_equal(p.total_count, 2);
    assert_string_equal(p.folders[1].folder_name, "Development");
    api_rd_folder_page_free(&p);

    push(f, TRANSPORT_OK, 200,
         "{\"Folders\":{\"Folder\":[{\"FolderName\":\"x\"}]}}");
    assert_int_equal(api_list_folders(&f->c, "r-1", 1, 10, &p, &e), -1);
    assert_int_equal(e.why, API_WHY_MISSING);
    assert_string_equal(e.subject, "Folders.Folder[0].FolderId");
    free(f);
}

/* --- the pacer's hooks ------------------------------------------------ */

static int befores, afters, throttled_afters;
static unsigned last_wait;
static bool refuse;

static int hook_before(void *ctx, enum api_product p, const char *action)
{
    (void)ctx;
    (void)p;
    (void)action;
    befores++;
    return refuse ? -1 : 0;
}

static void hook_after(void *ctx, enum api_product p, const char *action,
                       bool slowed, unsigned retry_after_ms)
{
    (void)ctx;
    (void)p;
    assert_string_equal(action, "ListAccounts");
    afters++;
    throttled_afters += slowed;
    if (slowed)
        last_wait = retry_after_ms;
}

static void test_pacer_hooks(void **state)
{
    struct fixture *f = fixture_new(false);
    struct api_rd_account_page p;
    struct api_error e;

    (void)state;
    f->c.pacer.before = hook_before;
    f->c.pacer.after = hook_after;
    push_after(f, 400, throttled, "40");
    push(f, TRANSPORT_OK, 503, "{\"Code\":\"ServiceUnavailable\"}");
    push(f, TRANSPORT_OK, 200, accounts_body);
    assert_int_equal(api_list_accounts(&f->c, NULL, 1, 10, &p, &e), 0);
    api_rd_account_page_free(&p);
    assert_int_equal(befores, 3);
    assert_int_equal(afters, 3);
    assert_int_equal(throttled_afters, 2);
    /* No answer, nothing to tell; a refusal that is not a rate limit
     * is told as such. */
    push(f, TRANSPORT_CONNECT, 0, NULL);
    push(f, TRANSPORT_OK, 403, "{\"Code\":\"NoPermission\"}");
    assert_int_equal(api_list_accounts(&f->c, NULL, 1, 10, &p, &e), -1);
    assert_int_equal(befores, 5);
    assert_int_equal(afters, 4);
    assert_int_equal(throttled_afters, 2);
    /* A throttled answer asking for 40 ms, with no retry left. */
    f->c.max_retries = 0;
    push_after(f, 400, throttled, "40");
    assert_int_equal(api_list_accounts(&f->c, NULL, 1, 10, &p, &e), -1);
    assert_int_equal(last_wait, 40);
    free(f);

    /* A pacer that says stop: cancelled, nothing sent. */
    f = fixture_new(false);
    f->c.pacer.before = hook_before;
    refuse = true;
    push(f, TRANSPORT_OK, 200, accounts_body);
    assert_int_equal(api_list_accounts(&f->c, NULL, 1, 10, &p, &e), -1);
    assert_int_equal(e.kind, API_ERR_CANCELLED);
    assert_int_equal(f->script.used, 0);
    refuse = false;
    free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_directory),
        cmocka_unit_test(test_accounts),
        cmocka_unit_test(test_accounts_refused),
        cmocka_unit_test(test_accounts_usage),
        cmocka_unit_test(test_folders),
        cmocka_unit_test(test_pacer_hooks),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
