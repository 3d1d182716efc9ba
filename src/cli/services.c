/* linkrole services — the catalogue, searched, as a table, JSON or one
 * service's details. */
#include "config.h"

#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "app/i18n.h"
#include "app/slr.h"
#include "app/tplcache.h"
#include "core/clock.h"
#include "core/buf.h"
#include "core/json.h"
#include "core/text.h"

#define OUT_MAX (64u << 20)
#define GAP 2

static const char *suffix_word(enum catalog_suffix s)
{
    switch (s) {
    case CATALOG_SUFFIX_ACCEPTED:
        return _("accepted");
    case CATALOG_SUFFIX_REFUSED:
        return _("refused");
    case CATALOG_SUFFIX_UNKNOWN:
        break;
    }
    return _("unknown (no source says; the cloud answers when you try)");
}

/* Columns of the terminal on stdout, or 0 when it is not a terminal. */
static size_t terminal_width(void)
{
    struct winsize ws;

    if (!isatty(STDOUT_FILENO))
        return 0;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        return ws.ws_col;
    return 80;
}

static int add_cell(struct buf *out, const char *s, size_t cols, bool last)
{
    if (last)
        return text_fill(out, s, text_cols(s) < cols ? text_cols(s) : cols,
                         false, false);
    if (text_fill(out, s, cols, true, false) != BUF_OK)
        return -1;
    for (int i = 0; i < GAP; i++)
        if (buf_addc(out, ' ') != BUF_OK)
            return -1;
    return 0;
}

static int table(struct buf *out, const struct catalog *c,
                 const struct catalog_hit *hits, size_t n,
                 enum lang lang)
{
    /* TRANSLATORS: the headings of the services table, aligned by their
     * display width. */
    const char *const head[3] = { _("PRODUCT"), _("SERVICE NAME"),
                                  _("ROLE NAME") };
    size_t w[3], width = terminal_width();

    for (int k = 0; k < 3; k++)
        w[k] = text_cols(head[k]);
    for (size_t i = 0; i < n; i++) {
        const struct catalog_entry *e = &c->entries[hits[i].index];
        size_t cols[3] = { text_cols(slr_product(e, lang)),
                           text_cols(e->service_name),
                           text_cols(e->role_name) };

        for (int k = 0; k < 3; k++)
            if (cols[k] > w[k])
                w[k] = cols[k];
    }
    /* On a terminal the product (prose) gives way first, then the wider
     * of the two names, one column at a time down to a floor; in a pipe
     * nothing is ever cut. */
    if (width) {
        static const size_t floor_cols[3] = { 12, 16, 16 };

        while (w[0] + w[1] + w[2] + 2 * GAP > width) {
            int k = w[0] > floor_cols[0] ? 0 : w[1] >= w[2] ? 1 : 2;

            if (w[k] <= floor_cols[k])
                break;
            w[k]--;
        }
    }
    for (size_t i = 0; i <= n; i++) {
        const char *cell[3];

        if (i == 0) {
            memcpy(cell, head, sizeof(cell));
        } else {
            const struct catalog_entry *e = &c->entries[hits[i - 1].index];

            cell[0] = slr_product(e, lang);
            cell[1] = e->service_name;
            cell[2] = e->role_name;
        }
        for (int k = 0; k < 3; k++)
            if (add_cell(out, cell[k], w[k], k == 2))
                return -1;
        if (buf_addc(out, '\n') != BUF_OK)
            return -1;
    }
    return 0;
}

/* The cloud's template (--live), as the "template" member. */
static void template_json(struct json_writer *j,
                          const struct api_slr_template *t)
{
    json_key(j, "template");
    json_begin_object(j);
    json_key(j, "service_name");
    json_string(j, t->service_name);
    json_key(j, "multiple_roles_allowed");
    json_bool(j, t->multiple_roles_allowed);
    json_key(j, "role_name_prefix");
    json_string(j, t->role_name_prefix);
    json_key(j, "system_policy_name");
    json_string(j, t->system_policy_name);
    json_key(j, "descriptions");
    json_begin_object(j);
    for (size_t i = 0; i < t->ndescriptions; i++) {
        json_key(j, t->descriptions[i].language);
        json_string(j, t->descriptions[i].description);
    }
    json_end_object(j);
    json_key(j, "request_id");
    json_string(j, t->r.request_id);
    json_end_object(j);
}

/* One row; with t (--live), the cloud's template too. */
static void entry_json(struct json_writer *j, const struct catalog_entry *e,
                       const struct api_slr_template *t)
{
    json_begin_object(j);
    json_key(j, "service_name");
    json_string(j, e->service_name);
    json_key(j, "role_name");
    json_string(j, e->role_name);
    json_key(j, "product");
    json_string(j, e->product);
    json_key(j, "product_zh");
    json_string(j, e->product_zh);
    json_key(j, "product_zh_tw");
    json_string(j, e->product_zh_tw);
    json_key(j, "purpose");
    json_string(j, e->purpose);
    json_key(j, "purpose_zh");
    json_string(j, e->purpose_zh);
    json_key(j, "purpose_zh_tw");
    json_string(j, e->purpose_zh_tw);
    json_key(j, "description_en");
    json_string(j, e->description_en);
    json_key(j, "description_zh");
    json_string(j, e->description_zh);
    json_key(j, "description_zh_tw");
    json_string(j, e->description_zh_tw);
    json_key(j, "policy_name");
    json_string(j, e->policy_name);
    json_key(j, "custom_suffix");
    if (e->custom_suffix == CATALOG_SUFFIX_UNKNOWN)
        json_null(j);
    else
        json_bool(j, e->custom_suffix == CATALOG_SUFFIX_ACCEPTED);
    json_key(j, "source");
    json_string(j, e->source);
    json_key(j, "note");
    json_string(j, e->note);
    if (t)
        template_json(j, t);
    json_end_object(j);
}

static int detail_line(struct buf *out, const char *label, const char *value)
{
    if (!value)
        return 0;
    if (text_fill(out, label, 18, true, false) != BUF_OK ||
        text_fill(out, value, text_cols(value), false, false) != BUF_OK ||
        buf_addc(out, '\n') != BUF_OK)
        return -1;
    return 0;
}

/* One service for people: the name and purpose in lang; the Chinese
 * name beside the English one only in English (in Chinese it is the
 * name already), the English description and the Chinese one in the
 * reader's script (Traditional for zh_TW when the catalogue has it). */
static int details(struct buf *out, const struct catalog_entry *e,
                   enum lang lang)
{
    const char *suffix = suffix_word(e->custom_suffix);
    const char *desc_zh = lang == LANG_ZH_TW && e->description_zh_tw &&
                                  *e->description_zh_tw
                              ? e->description_zh_tw
                              : e->description_zh;

    /* TRANSLATORS: the labels of 'linkrole services NAME': at most 17
     * columns (a CJK character takes 2); the values start at column 19. */
    if (detail_line(out, _("Product"), slr_product(e, lang)) ||
        detail_line(out, _("Product (zh)"),
                    lang == LANG_EN ? e->product_zh : NULL) ||
        detail_line(out, _("Service name"), e->service_name) ||
        detail_line(out, _("Role name"), e->role_name) ||
        detail_line(out, _("Policy"), e->policy_name) ||
        detail_line(out, _("Custom suffix"), suffix) ||
        detail_line(out, _("Purpose"), slr_purpose(e, lang)) ||
        detail_line(out, _("Description"), e->description_en) ||
        detail_line(out, _("Description (zh)"), desc_zh) ||
        detail_line(out, _("Source"), e->source) ||
        detail_line(out, _("Note"), e->note))
        return -1;
    return 0;
}

/* The cloud's own rules (--live), for people: what the form needs.
 * fetched is when a cached template was fetched, NULL for a fresh one. */
static int template_details(struct buf *out, const struct catalog_entry *e,
                            const struct api_slr_template *t,
                            enum lang lang, const time_t *fetched)
{
    const char *desc = slr_template_description(t, lang);
    char when[CLOCK_UTC_LEN + 1], source[160];

    if (fetched && clock_format_utc(*fetched, when) == 0)
        snprintf(source, sizeof(source), _("the cloud, as fetched at %s "
                 "(cached)"), when);
    else
        snprintf(source, sizeof(source), "%s",
                 _("the cloud (RAM GetServiceLinkedRoleTemplate)"));

    /* TRANSLATORS: at most 17 columns, as the labels above. */
    if (detail_line(out, _("Product"), slr_product(e, lang)) ||
        detail_line(out, _("Service name"), e->service_name) ||
        detail_line(out, _("Suffix accepted"),
                    t->multiple_roles_allowed
                        ? _("yes (MultipleRolesAllowed)")
                        : _("no (MultipleRolesAllowed is false: no suffix "
                            "and no description)")) ||
        detail_line(out, _("Role name prefix"), t->role_name_prefix) ||
        detail_line(out, _("System policy"), t->system_policy_name[0]
                                                 ? t->system_policy_name
                                                 : NULL) ||
        detail_line(out, _("Description"), desc) ||
        detail_line(out, _("Source"), source) ||
        detail_line(out, _("RequestId"),
                    t->r.request_id && *t->r.request_id ? t->r.request_id
                                                        : NULL))
        return -1;
    return 0;
}

/* --live: the template of e into t, *got set when it came.  Otherwise
 * returns the exit code of a failure already reported (its words on
 * stderr, and its error object on stdout under --output json), or of
 * --dry-run, which printed the request instead. */
static int live_template(const struct options *o,
                         const struct catalog_entry *e,
                         struct api_slr_template *t, bool *got)
{
    struct session s;
    struct api_error err;
    int rc;

    *got = false;
    if (!cli_open(&s, o, false, &rc))
        return rc;
    if (slr_template(&s.client, e->service_name, t, &err) == 0) {
        *got = true;
        rc = EXIT_DONE;
    } else {
        rc = cli_report_error(o, &s, &err, e->service_name, NULL);
    }
    session_close(&s);
    return rc;
}

/* services NAME --live: the template, fresh from the cloud and then
 * remembered (app/tplcache), or on failure the last one remembered, else
 * the catalogue's view. */
static int services_live(const struct options *o,
                         const struct catalog_entry *e, struct buf *out)
{
    struct api_slr_template t;
    struct tplcache cache;
    const struct tplcache_entry *ce;
    bool got;
    int live, errnum, rc;

    if (tplcache_load(&cache) != TPLCACHE_OK) {
        char path[4300];

        tplcache_path(path, sizeof(path));
        report_error(_("warning: the template cache %s is not all usable; "
                    "what is not was ignored"), path);
    }
    live = live_template(o, e, &t, &got);
    if (got) {
        /* A cache: when it cannot be written, linkrole knows less. */
        if (tplcache_put(&cache, e->service_name, &t, time(NULL)) == 0)
            (void)tplcache_save(&cache, &errnum);
        if (o->output == OUTPUT_JSON) {
            struct json_writer j;

            json_writer_init(&j, out, 2);
            entry_json(&j, e, &t);
            rc = json_writer_finish(&j) ? -1 : 0;
        } else {
            rc = template_details(out, e, &t, o->lang, NULL);
        }
        api_slr_template_free(&t);
        live = EXIT_DONE;
    } else if (live == EXIT_DONE || o->output == OUTPUT_JSON) {
        /* --dry-run printed the request; under --output json the
         * error object is the answer, as for every command. */
        tplcache_free(&cache);
        return live;
    } else if ((ce = tplcache_find(&cache, e->service_name))) {
        report_error(_("the cloud's rules for %s could not be read; as "
                    "last fetched:"), e->service_name);
        rc = template_details(out, e, &ce->t, o->lang, &ce->fetched);
    } else {
        report_error(_("the cloud's rules for %s could not be read; what "
                    "the catalogue says instead:"), e->service_name);
        rc = details(out, e, o->lang);
    }
    tplcache_free(&cache);
    if (rc) {
        report_error(_("out of memory"));
        return EXIT_INTERNAL;
    }
    return cli_write(buf_str(out), buf_len(out)) ? EXIT_INTERNAL : live;
}

int cli_services(const struct options *o)
{
    struct catalog cat = { NULL, 0 };
    struct catalog_filter *search = NULL;
    const struct catalog_hit *hits = NULL;
    struct buf out;
    size_t n = 0;
    bool hits_any = true;
    int rc = EXIT_INTERNAL;

    buf_init(&out, OUT_MAX);
    if (o->nargs > 1) {
        report_error(_("services takes at most one service name (got %zu); "
                    "use --search to filter"), o->nargs);
        rc = EXIT_USAGE;
        goto out;
    }
    if (o->nargs == 1 && o->search) {
        report_error(_("give either a service name or --search, not both"));
        rc = EXIT_USAGE;
        goto out;
    }
    if (o->live && o->nargs != 1) {
        report_error(_("--live needs one service name, e.g. 'linkrole "
                    "services polardb.aliyuncs.com --live'"));
        rc = EXIT_USAGE;
        goto out;
    }
    if (session_load_catalog(o, &cat, &out)) {
        report_error("%s", buf_str(&out));
        rc = EXIT_USAGE;
        goto out;
    }

    if (o->nargs == 1) {
        const struct catalog_entry *e = catalog_lookup(&cat, o->args[0]);
        struct json_writer j;

        if (!e) {
            report_error(_("no service or role named '%s' in the catalogue; "
                        "try 'linkrole services --search %s'"), o->args[0],
                      o->args[0]);
            rc = EXIT_USAGE;
            goto out;
        }
        if (o->live) {
            rc = services_live(o, e, &out);
            goto out;
        } else if (o->output == OUTPUT_JSON) {
            json_writer_init(&j, &out, 2);
            entry_json(&j, e, NULL);
            if (json_writer_finish(&j))
                goto nomem;
        } else if (details(&out, e, o->lang)) {
            goto nomem;
        }
    } else {
        search = catalog_filter_new(&cat);
        if (!search)
            goto nomem;
        n = catalog_filter_run(search, o->search ? o->search : "", &hits);
        hits_any = n > 0;
        if (o->output == OUTPUT_JSON) {
            struct json_writer j;

            json_writer_init(&j, &out, 2);
            json_begin_array(&j);
            for (size_t i = 0; i < n; i++)
                entry_json(&j, &cat.entries[hits[i].index], NULL);
            json_end_array(&j);
            if (json_writer_finish(&j))
                goto nomem;
        } else if (n == 0) {
            report_error(_("no service matches '%s'"), o->search);
        } else if (table(&out, &cat, hits, n, o->lang)) {
            goto nomem;
        }
    }
    rc = cli_write(buf_str(&out), buf_len(&out)) ? EXIT_INTERNAL : EXIT_DONE;
    /* A search that finds nothing fails, as grep does (JSON: []). */
    if (rc == EXIT_DONE && !hits_any)
        rc = EXIT_REFUSED;
    goto out;
nomem:
    report_error(_("out of memory"));
    rc = EXIT_INTERNAL;
out:
    catalog_filter_free(search);
    catalog_free(&cat);
    buf_free(&out);
    return rc;
}
