/* linkrole dbs-init and whoami: the account as a whole. */
#include "config.h"

#include "cli/cli.h"

#include <stdio.h>
#include <string.h>

#include "app/i18n.h"
#include "app/scrub.h"
#include "app/slr.h"
#include "core/json.h"
#include "core/text.h"

#define OUT_MAX (1u << 20)

/* A label and a value; the value may have come from a server. */
static int line(struct buf *out, const char *label, const char *value)
{
    if (!value || !*value)
        return 0;
    if (text_fill(out, label, 14, true, false) != BUF_OK ||
        scrub_text(out, value) || buf_addc(out, '\n') != BUF_OK)
        return -1;
    return 0;
}

int cli_dbs_init(const struct options *o)
{
    struct session s;
    struct api_dbs_init res;
    struct api_error err;
    struct buf out, note;
    struct cli_spinner spin;
    int rc, bad;

    if (o->nargs) {
        report_error(_("dbs-init takes no arguments"));
        return EXIT_USAGE;
    }
    if (o->print)
        return cli_print_dbs_init(o);
    if (!cli_open(&s, o, false, &rc))
        return rc;
    buf_init(&out, OUT_MAX);
    buf_init(&note, 1024);
    if (slr_dbs_endpoint(&s.client, &out, &note))
        report_error(_("note: %s"), buf_str(&note));
    buf_free(&note);
    buf_free(&out);
    cli_spinner_start(&spin, o, _("activating DBS"));
    bad = slr_dbs_init(&s.client, &res, &err);
    cli_spinner_stop(&spin);
    if (bad) {
        rc = cli_report_error(o, &s, &err, SLR_DBS_SERVICE, SLR_DBS_ROLE);
        goto out;
    }
    if (o->output == OUTPUT_JSON) {
        rc = cli_print_response(res.r.response) ? EXIT_INTERNAL : EXIT_DONE;
    } else {
        buf_init(&out, OUT_MAX);
        bad = buf_printf(&out, res.already
                                   ? _("DBS was already activated: %s "
                                       "exists.\n")
                                   : _("DBS is activated: %s was "
                                       "created.\n"),
                         SLR_DBS_ROLE) != BUF_OK ||
              line(&out, "RequestId", res.r.request_id);
        rc = cli_write_buf(&out, bad);
    }
    api_dbs_init_free(&res);
out:
    session_close(&s);
    return rc;
}

int cli_whoami(const struct options *o)
{
    struct session s;
    struct api_identity id;
    struct api_error err;
    struct buf out;
    char masked[64];
    const char *region;
    int rc, bad;

    if (o->nargs) {
        report_error(_("whoami takes no arguments"));
        return EXIT_USAGE;
    }
    if (!cli_open(&s, o, false, &rc))
        return rc;
    scrub_mask_key(masked, sizeof(masked), s.access_key_id);
    region = s.region;
    if (slr_whoami(&s.client, &id, &err)) {
        rc = cli_report_error(o, &s, &err, NULL, NULL);
        goto out;
    }
    buf_init(&out, OUT_MAX);
    if (o->output == OUTPUT_JSON) {
        struct json_writer w;

        json_writer_init(&w, &out, 2);
        json_begin_object(&w);
        json_key(&w, "Source");
        json_string(&w, s.creds_source);
        json_key(&w, "AccessKeyId");
        json_string(&w, masked);
        json_key(&w, "Region");
        json_string(&w, region);
        json_key(&w, "IdentityType");
        json_string(&w, id.identity_type);
        json_key(&w, "AccountId");
        json_string(&w, id.account_id);
        json_key(&w, "Arn");
        json_string(&w, id.arn);
        json_key(&w, "UserId");
        json_string(&w, id.user_id);
        json_key(&w, "RoleId");
        json_string(&w, id.role_id);
        json_key(&w, "PrincipalId");
        json_string(&w, id.principal_id);
        json_key(&w, "RequestId");
        json_string(&w, id.r.request_id);
        json_end_object(&w);
        bad = json_writer_finish(&w) != 0;
    } else {
        /* TRANSLATORS: labels of 'linkrole whoami', at most 13 columns
         * (a CJK character takes 2); AccessKeyId, Arn, UserId, RoleId and
         * PrincipalId are the API's field names and stay. */
        bad = line(&out, _("Credentials"), session_source(&s)) ||
              line(&out, "AccessKeyId", masked) ||
              line(&out, _("Region"), region) ||
              line(&out, _("Account"), id.account_id) ||
              line(&out, _("Identity"), id.identity_type) ||
              line(&out, "Arn", id.arn) ||
              line(&out, "UserId", id.user_id) ||
              line(&out, "RoleId", id.role_id) ||
              line(&out, "PrincipalId", id.principal_id);
    }
    rc = cli_write_buf(&out, bad);
    api_identity_free(&id);
out:
    session_close(&s);
    return rc;
}
