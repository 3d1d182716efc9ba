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

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/exit.h"
#include "app/journal.h"
#include "app/rollout.h"
#include "app/session.h"
#include "core/file.h"
#include "rollout_fixture.h"

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
    /* A plan's NO_ENTRY is an answer; a run's is a refusal. */
    assert_int_equal(rollout_exit_code(&ru.p, true), EXIT_DONE);
    assert_int_equal(rollout_exit_code(&ru.p, false), EXIT_REFUSED);
    rollout_free(ru.r);
    /* A plan makes nothing. */
    assert_int_equal(w->creates_made, 0);
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

/* A gateway's 5xx after every retry is busy, not a refusal; and an
 * AssumeRole answered so is no reason to call the account closed. */
static void test_server_trouble_is_busy(void **state)
{
    struct world *w = *state;
    const char *one[] = { member(1) };
    struct rollout_config c;
    struct rollout_row row;
    struct run ru;

    w->s.client.max_retries = 0;
    w->gateway_getrole = 1000;
    config(&c, true);
    c.scope.all = false;
    c.scope.accounts = one;
    c.scope.naccounts = 1;
    run(w, &c, &ru);
    row_of(&ru, member(1), &row);
    assert_int_equal(row.state, ROLLOUT_BUSY);
    assert_int_equal(rollout_exit_code(&ru.p, true), EXIT_BUSY);
    rollout_free(ru.r);
    w->gateway_getrole = 0;

    w->gateway_assume = 1000;
    run(w, &c, &ru);
    row_of(&ru, member(1), &row);
    assert_int_equal(row.state, ROLLOUT_BUSY);
    rollout_free(ru.r);
    w->gateway_assume = 0;
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
        cmocka_unit_test_setup_teardown(test_server_trouble_is_busy, setup,
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
