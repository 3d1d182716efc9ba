/* test_pace — the rollout's shared pacer on a fake clock: a bucket per
 * action, a throttled answer holding every client of that action back
 * for its retry-after and halving the rate, the slow growth after,
 * cancellation; and --resume's one-pass reading of the journal. */
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

#include "app/journal.h"
#include "app/pace.h"

/* The fake clock: sleeping moves it on. */
struct fake {
    long long now;
    long long slept;
    volatile sig_atomic_t *cancel_at_sleep;
};

static long long fake_now(void *ctx)
{
    return ((struct fake *)ctx)->now;
}

static void fake_sleep(void *ctx, long ms)
{
    struct fake *f = ctx;

    f->now += ms > 0 ? ms : 1;
    f->slept += ms > 0 ? ms : 1;
    if (f->cancel_at_sleep)
        *f->cancel_at_sleep = 1;
}

static struct pace *fake_pace(struct fake *f,
                              const volatile sig_atomic_t *cancel)
{
    struct pace_clock c = { fake_now, fake_sleep, f };
    struct pace *p;

    memset(f, 0, sizeof(*f));
    f->now = 1000000;
    p = pace_new(&c, cancel);
    assert_non_null(p);
    return p;
}

static void test_burst_then_rate(void **state)
{
    struct fake f;
    struct pace *p = fake_pace(&f, NULL);
    int sent = 0;

    (void)state;
    /* The bucket's burst goes at once; then one call per 1/rate s. */
    while (f.slept == 0 && sent < 10000) {
        assert_int_equal(pace_before(p, API_RAM, "GetRole"), 0);
        sent++;
    }
    assert_true(sent >= 2);
    assert_true(sent < 10000);
    f.slept = 0;
    for (int i = 0; i < 100; i++)
        assert_int_equal(pace_before(p, API_RAM, "GetRole"), 0);
    /* 100 calls at PACE_RATE_START a second take about 0.5 s. */
    assert_true(f.slept >= (long long)(100 * 1000 / PACE_RATE_START) - 10);
    assert_true(f.slept <= (long long)(100 * 1000 / PACE_RATE_START) + 250);
    pace_free(p);
}

static void test_throttle_holds_everyone(void **state)
{
    struct fake f;
    struct pace *p = fake_pace(&f, NULL);
    long long t;
    double before;

    (void)state;
    for (int i = 0; i < 20; i++)
        assert_int_equal(pace_before(p, API_STS, "AssumeRole"), 0);
    before = pace_rate(p, API_STS, "AssumeRole");
    t = f.now;
    pace_after(p, API_STS, "AssumeRole", true, 700);
    assert_true(pace_rate(p, API_STS, "AssumeRole") <= before / 2 + 0.001);
    assert_int_equal(pace_throttles(p), 1);
    /* Any client's next call of the action waits out the retry-after. */
    assert_int_equal(pace_before(p, API_STS, "AssumeRole"), 0);
    assert_true(f.now >= t + 700);
    /* Another action is not held. */
    t = f.now;
    assert_int_equal(pace_before(p, API_RAM, "GetRole"), 0);
    assert_true(f.now == t);
    pace_free(p);
}

static void test_one_cut_per_episode(void **state)
{
    struct fake f;
    struct pace *p = fake_pace(&f, NULL);
    double r1, r2;

    (void)state;
    for (int i = 0; i < 40; i++)
        assert_int_equal(pace_before(p, API_RAM, "GetRole"), 0);
    pace_after(p, API_RAM, "GetRole", true, 0);
    r1 = pace_rate(p, API_RAM, "GetRole");
    /* The other calls in flight come back throttled too: no new cut. */
    for (int i = 0; i < 10; i++)
        pace_after(p, API_RAM, "GetRole", true, 0);
    r2 = pace_rate(p, API_RAM, "GetRole");
    assert_true(r2 == r1);
    assert_int_equal(pace_throttles(p), 11);
    /* Past the episode, a new refusal cuts again. */
    f.now += PACE_PAUSE_MS + 2000;
    pace_after(p, API_RAM, "GetRole", true, 0);
    assert_true(pace_rate(p, API_RAM, "GetRole") < r1);
    pace_free(p);
}

static void test_grows_back(void **state)
{
    struct fake f;
    struct pace *p = fake_pace(&f, NULL);
    double low, later;

    (void)state;
    for (int k = 0; k < 12; k++) {
        f.now += 5000;
        pace_after(p, API_RAM, "GetRole", true, 0);
    }
    low = pace_rate(p, API_RAM, "GetRole");
    assert_true(low >= PACE_RATE_MIN);
    assert_true(low <= PACE_RATE_MIN + 0.001);
    for (int i = 0; i < 50; i++)
        pace_after(p, API_RAM, "GetRole", false, 0);
    later = pace_rate(p, API_RAM, "GetRole");
    assert_true(later > low);
    /* Slowly: additive, not back to the start at once. */
    assert_true(later < PACE_RATE_START / 2);
    pace_free(p);
}

static void test_cancel(void **state)
{
    struct fake f;
    volatile sig_atomic_t cancel = 0;
    struct pace *p = fake_pace(&f, &cancel);

    (void)state;
    pace_after(p, API_STS, "AssumeRole", true, 60000);
    f.cancel_at_sleep = &cancel;
    assert_int_equal(pace_before(p, API_STS, "AssumeRole"), -1);
    /* It gave up at once, not after the minute. */
    assert_true(f.slept < 1000);
    pace_free(p);
}

/* The hook an api_client takes calls the same pacer. */
static void test_hook(void **state)
{
    struct fake f;
    struct pace *p = fake_pace(&f, NULL);
    struct api_pacer h = pace_hook(p);

    (void)state;
    assert_int_equal(h.before(h.ctx, API_RAM, "GetRole"), 0);
    h.after(h.ctx, API_RAM, "GetRole", true, 300);
    assert_int_equal(pace_throttles(p), 1);
    pace_free(p);
}

/* Real clock, several threads: nothing lost, nothing deadlocks. */
static void *hammer(void *arg)
{
    struct pace *p = arg;

    for (int i = 0; i < 200; i++) {
        if (pace_before(p, API_RAM, "GetRole"))
            return (void *)1;
        pace_after(p, API_RAM, "GetRole", false, 0);
    }
    return NULL;
}

static void test_threads(void **state)
{
    struct pace *p = pace_new(NULL, NULL);
    pthread_t t[4];

    (void)state;
    assert_non_null(p);
    for (int i = 0; i < 4; i++)
        assert_int_equal(pthread_create(&t[i], NULL, hammer, p), 0);
    for (int i = 0; i < 4; i++) {
        void *rc;

        pthread_join(t[i], &rc);
        assert_null(rc);
    }
    pace_free(p);
}

/* --- --resume's reading of the journal ------------------------------- */

static const char resume_journal[] =
    "{\"id\":\"1\",\"type\":\"intent\",\"account\":\"1000000000000001\","
    "\"rollout\":\"ro-a\",\"action\":\"CreateServiceLinkedRole\","
    "\"role\":\"AliyunServiceRoleForPolarDB\"}\n"
    "{\"id\":\"1\",\"type\":\"outcome\",\"account\":\"1000000000000001\","
    "\"ok\":true}\n"
    /* In flight when it stopped: no outcome. */
    "{\"id\":\"2\",\"type\":\"intent\",\"account\":\"1000000000000002\","
    "\"action\":\"CreateServiceLinkedRole\","
    "\"role\":\"AliyunServiceRoleForPolarDB\"}\n"
    /* Failed, then done by a later run. */
    "{\"id\":\"3\",\"type\":\"intent\",\"account\":\"1000000000000003\","
    "\"action\":\"CreateServiceLinkedRole\","
    "\"role\":\"AliyunServiceRoleForPolarDB\"}\n"
    "{\"id\":\"3\",\"type\":\"outcome\",\"ok\":false,\"error\":\"x\"}\n"
    "{\"id\":\"4\",\"type\":\"intent\",\"account\":\"1000000000000003\","
    "\"action\":\"CreateServiceLinkedRole\","
    "\"role\":\"AliyunServiceRoleForPolarDB\"}\n"
    "{\"id\":\"4\",\"type\":\"outcome\",\"ok\":true}\n"
    /* Abandoned when a run was stopped: perhaps made. */
    "{\"id\":\"7\",\"type\":\"intent\",\"account\":\"1000000000000006\","
    "\"action\":\"CreateServiceLinkedRole\","
    "\"role\":\"AliyunServiceRoleForPolarDB\"}\n"
    "{\"id\":\"7\",\"type\":\"outcome\",\"ok\":false,"
    "\"error\":\"cancelled\"}\n"
    /* Another role, another action. */
    "{\"id\":\"5\",\"type\":\"intent\",\"account\":\"1000000000000004\","
    "\"action\":\"CreateServiceLinkedRole\",\"role\":\"Other\"}\n"
    "{\"id\":\"5\",\"type\":\"outcome\",\"ok\":true}\n"
    "{\"id\":\"6\",\"type\":\"intent\",\"account\":\"1000000000000005\","
    "\"action\":\"DeleteServiceLinkedRole\","
    "\"role\":\"AliyunServiceRoleForPolarDB\"}\n"
    "{\"id\":\"6\",\"type\":\"outcome\",\"ok\":true}\n"
    "not json\n";

static void test_done_set(void **state)
{
    char path[] = "/tmp/test_pace_journal.XXXXXX";
    struct journal_done_set *s = NULL;
    struct buf msg;
    int fd = mkstemp(path);

    (void)state;
    assert_true(fd >= 0);
    assert_int_equal(write(fd, resume_journal, strlen(resume_journal)),
                     (ssize_t)strlen(resume_journal));
    close(fd);
    buf_init(&msg, 4096);
    assert_int_equal(journal_done_read(path, "CreateServiceLinkedRole",
                                       "AliyunServiceRoleForPolarDB", &s,
                                       &msg), 0);
    assert_true(journal_done_has(s, "1000000000000001"));
    assert_false(journal_done_unsure(s, "1000000000000001"));
    assert_false(journal_done_has(s, "1000000000000002"));
    assert_true(journal_done_unsure(s, "1000000000000002"));
    assert_string_equal(journal_done_intent(s, "1000000000000002"), "2");
    assert_null(journal_done_intent(s, "1000000000000001"));
    assert_true(journal_done_unsure(s, "1000000000000006"));
    assert_string_equal(journal_done_intent(s, "1000000000000006"), "7");
    assert_false(journal_done_unsure(s, "1000000000000003"));
    assert_true(journal_done_has(s, "1000000000000003"));
    assert_false(journal_done_has(s, "1000000000000004"));
    assert_false(journal_done_has(s, "1000000000000005"));
    assert_false(journal_done_has(s, "9"));
    assert_int_equal(journal_done_count(s), 2);
    journal_done_free(s);
    unlink(path);
    /* No journal yet: nothing is done. */
    assert_int_equal(journal_done_read(path, "CreateServiceLinkedRole",
                                       "AliyunServiceRoleForPolarDB", &s,
                                       &msg), 0);
    assert_int_equal(journal_done_count(s), 0);
    journal_done_free(s);
    buf_free(&msg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_burst_then_rate),
        cmocka_unit_test(test_throttle_holds_everyone),
        cmocka_unit_test(test_one_cut_per_episode),
        cmocka_unit_test(test_grows_back),
        cmocka_unit_test(test_cancel),
        cmocka_unit_test(test_hook),
        cmocka_unit_test(test_threads),
        cmocka_unit_test(test_done_set),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
