/* rollout's report: the live block on a terminal (stderr), and the
 * summary or the JSON object at the end (stdout). */
#include "config.h"

#include "cli/cli.h"

#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "app/i18n.h"
#include "core/clock.h"
#include "core/json.h"
#include "core/text.h"

#define REPORT_STEP_MS 250
#define REPORT_FAILING 4            /* failing accounts the block shows */
#define REPORT_OUT_MAX (256u << 20)

/* Whether an account in state s has ended without the role. */
static bool report_failed(enum rollout_state s)
{
    return s == ROLLOUT_NO_ENTRY || s == ROLLOUT_REFUSED ||
           s == ROLLOUT_BUSY || s == ROLLOUT_FAILED ||
           s == ROLLOUT_CANCELLED;
}

static size_t report_width(void)
{
    struct winsize ws;

    if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 10)
        return ws.ws_col;
    return 80;
}

/* "created 12  existed 3 ...": the states that have any, in the
 * reader's language. */
static void report_counts(struct buf *out, const struct rollout_progress *p)
{
    bool first = true;

    for (int s = 0; s < ROLLOUT_STATE_COUNT; s++) {
        if (!p->counts[s])
            continue;
        buf_printf(out, _("%s%s: %zu"), first ? "" : _(", "),
                   rollout_state_text((enum rollout_state)s), p->counts[s]);
        first = false;
    }
}

/* One line of the live block, fitted to the terminal, ending the line. */
static void report_line(struct buf *block, const char *text, size_t width)
{
    buf_adds(block, "\r\033[K");
    text_fill(block, text, width - 1, false, false);
    buf_addc(block, '\n');
}

/* The block as it is now; *lines is how many it took last time (the
 * cursor goes back up over them first). */
static void report_draw(struct rollout *r, size_t *lines)
{
    struct rollout_progress p;
    struct rollout_row row;
    struct buf block, line, tmp;
    size_t width = report_width(), shown = 0, idx[REPORT_FAILING];
    size_t n = rollout_count(r), drawn = 0;

    rollout_progress(r, &p);
    buf_init(&block, 1u << 16);
    buf_init(&line, 4096);
    buf_init(&tmp, 4096);
    if (*lines)
        buf_printf(&block, "\033[%zuA", *lines);
    buf_printf(&line, _("%s: %zu of %zu accounts done, %.1f a second, "
                        "%lld.%llds"),
               rollout_role_name(r), p.finished, p.total, p.per_second,
               p.elapsed_ms / 1000, (p.elapsed_ms % 1000) / 100);
    report_line(&block, buf_str(&line), width);
    drawn++;
    buf_reset(&line);
    buf_adds(&line, "  ");
    report_counts(&line, &p);
    report_line(&block, buf_str(&line), width);
    drawn++;
    /* The last failing accounts (by their place in the list). */
    for (size_t i = n; i-- > 0 && shown < REPORT_FAILING;)
        if (rollout_row(r, i, &row) == 0 && report_failed(row.state))
            idx[shown++] = i;
    while (shown-- > 0) {
        if (rollout_row(r, idx[shown], &row))
            continue;
        buf_reset(&line);
        buf_reset(&tmp);
        buf_printf(&line, "  %s %s  %s  %s", row.account_id,
                   row.display_name, row.code,
                   rollout_row_hint(&row, &tmp));
        report_line(&block, buf_str(&line), width);
        drawn++;
    }
    /* Lines left from a taller block before are cleared. */
    for (size_t i = drawn; i < *lines; i++)
        buf_adds(&block, "\r\033[K\n");
    if (*lines > drawn)
        buf_printf(&block, "\033[%zuA", *lines - drawn);
    *lines = drawn;
    fputs(buf_str(&block), stderr);
    fflush(stderr);
    buf_free(&tmp);
    buf_free(&line);
    buf_free(&block);
}

void cli_rollout_follow(struct rollout *r, const struct options *o)
{
    struct rollout_progress p;
    size_t lines = 0;

    (void)o;
    if (!isatty(STDERR_FILENO)) {
        rollout_wait(r);
        return;
    }
    for (;;) {
        rollout_progress(r, &p);
        report_draw(r, &lines);
        if (p.ended)
            break;
        clock_sleep_ms(REPORT_STEP_MS, NULL);
    }
    rollout_wait(r);
}

/* One row of the table: account, name, state, code, hint.  Returns
 * true when an append failed. */
static bool report_row(struct buf *out, const struct rollout_row *row,
                       struct buf *tmp)
{
    const char *hint;
    int bad = 0;

    buf_reset(tmp);
    hint = rollout_row_hint(row, tmp);
    bad |= text_fill(out, row->account_id, 17, true, false);
    bad |= buf_addc(out, ' ');
    bad |= text_fill(out, row->display_name, 16, true, false);
    bad |= buf_addc(out, ' ');
    bad |= text_fill(out, rollout_state_text(row->state), 14, true, false);
    bad |= buf_addc(out, ' ');
    bad |= text_fill(out, row->code, 30, true, false);
    bad |= buf_addc(out, ' ');
    bad |= text_fill(out, hint, text_cols(hint), false, false);
    while (out->len && out->data[out->len - 1] == ' ')
        out->data[--out->len] = '\0';
    bad |= buf_addc(out, '\n');
    return bad != 0;
}

static bool report_header(struct buf *out)
{
    int bad = buf_addc(out, '\n');

    bad |= text_fill(out, _("ACCOUNT"), 17, true, false);
    bad |= buf_addc(out, ' ');
    bad |= text_fill(out, _("NAME"), 16, true, false);
    bad |= buf_addc(out, ' ');
    bad |= text_fill(out, _("STATE"), 14, true, false);
    bad |= buf_addc(out, ' ');
    bad |= text_fill(out, _("CODE"), 30, true, false);
    bad |= buf_addc(out, ' ');
    bad |= buf_adds(out, _("WHAT TO DO"));
    bad |= buf_addc(out, '\n');
    return bad != 0;
}

/* The summary: a headline, the counts, then the table.  Returns true
 * when an append failed. */
static bool report_text(struct buf *out, struct rollout *r,
                        const struct options *o,
                        const struct rollout_progress *p)
{
    struct rollout_row row;
    struct buf tmp;
    size_t n = rollout_count(r), listed = 0;
    bool all = o->verbose || o->plan, bad;

    buf_init(&tmp, 4096);
    bad = buf_printf(out, o->plan ? _("Plan %s for %s in %s: %zu accounts\n")
                                  : _("Rollout %s of %s in %s: %zu "
                                      "accounts\n"),
                     p->rollout_id, rollout_role_name(r),
                     rollout_directory_id(r), p->total) != BUF_OK;
    bad |= buf_adds(out, "  ") != BUF_OK;
    report_counts(out, p);
    bad |= buf_printf(out, _("; %lld.%llds\n"), p->elapsed_ms / 1000,
                      (p->elapsed_ms % 1000) / 100) != BUF_OK;
    for (size_t i = 0; i < n && !bad; i++) {
        if (rollout_row(r, i, &row))
            break;
        if (!all && rollout_state_done(row.state))
            continue;
        /* Stopped ones are counted above; --verbose lists them. */
        if (!o->verbose && row.state == ROLLOUT_CANCELLED)
            continue;
        if (listed++ == 0)
            bad |= report_header(out);
        bad |= report_row(out, &row, &tmp);
    }
    buf_free(&tmp);
    return bad;
}

/* request_ids "a, b" as a JSON array. */
static void report_ids(struct json_writer *w, const char *ids)
{
    char one[256];

    json_begin_array(w);
    while (*ids) {
        size_t len = strcspn(ids, ", ");

        if (len && len < sizeof(one)) {
            memcpy(one, ids, len);
            one[len] = '\0';
            json_string(w, one);
        }
        ids += len;
        ids += strspn(ids, ", ");
    }
    json_end_array(w);
}

static void report_key_string(struct json_writer *w, const char *key,
                              const char *s)
{
    json_key(w, key);
    json_string(w, s && *s ? s : NULL);
}

static int report_json(struct buf *out, struct rollout *r,
                       const struct rollout_config *cfg,
                       const struct rollout_progress *p)
{
    struct json_writer w;
    struct rollout_row row;
    size_t n = rollout_count(r);

    json_writer_init(&w, out, 2);
    json_begin_object(&w);
    report_key_string(&w, "rollout_id", p->rollout_id);
    report_key_string(&w, "directory_id", rollout_directory_id(r));
    json_key(&w, "target");
    json_begin_object(&w);
    report_key_string(&w, "service", cfg->target.dbs ? NULL
                                                     : cfg->target.service);
    report_key_string(&w, "role_name", rollout_role_name(r));
    report_key_string(&w, "suffix", cfg->target.suffix);
    json_key(&w, "dbs");
    json_bool(&w, cfg->target.dbs);
    json_end_object(&w);
    json_key(&w, "plan");
    json_bool(&w, cfg->plan);
    json_key(&w, "counts");
    json_begin_object(&w);
    /* Every state, 0 included: the keys do not depend on the run. */
    for (int s = 0; s < ROLLOUT_STATE_COUNT; s++) {
        json_key(&w, rollout_state_name((enum rollout_state)s));
        json_int(&w, (long long)p->counts[s]);
    }
    json_end_object(&w);
    json_key(&w, "accounts");
    json_begin_array(&w);
    for (size_t i = 0; i < n && rollout_row(r, i, &row) == 0; i++) {
        json_begin_object(&w);
        report_key_string(&w, "account_id", row.account_id);
        report_key_string(&w, "display_name", row.display_name);
        report_key_string(&w, "folder_id", row.folder_id);
        report_key_string(&w, "join_method", row.join_method);
        report_key_string(&w, "state", rollout_state_name(row.state));
        report_key_string(&w, "role_id", row.role_id);
        report_key_string(&w, "error_code", row.code);
        report_key_string(&w, "message", row.message);
        json_key(&w, "attempts");
        json_int(&w, row.attempts);
        json_key(&w, "request_ids");
        report_ids(&w, row.request_ids);
        json_end_object(&w);
    }
    json_end_array(&w);
    json_end_object(&w);
    return json_writer_finish(&w);
}

int cli_rollout_summary(struct rollout *r, const struct options *o,
                        const struct rollout_config *cfg)
{
    struct rollout_progress p;
    struct buf out;
    bool failed;
    int rc;

    rollout_progress(r, &p);
    buf_init(&out, REPORT_OUT_MAX);
    if (o->output == OUTPUT_JSON)
        failed = report_json(&out, r, cfg, &p) != 0;
    else
        failed = report_text(&out, r, o, &p);
    rc = cli_write_buf(&out, failed);
    if (rc != EXIT_DONE)
        return rc;
    return cli_rollout_exit(&p, cfg->plan);
}

int cli_rollout_exit(const struct rollout_progress *p, bool plan)
{
    struct rollout_progress q = *p;

    /* A plan's "cannot be entered" is its answer, not its failure. */
    if (plan)
        q.counts[ROLLOUT_NO_ENTRY] = 0;
    return rollout_exit_code(&q, plan);
}
