/* linkrole dbs-init and whoami: the account as a whole. */
#include "config.h"

#include "cli/cli.h"

#include <stdio.h>
#include <string.h>

#include "core/json.h"
#include "core/text.h"

#define OUT_MAX (1u << 20)

static int line(struct buf *out, const char *label, const char *value)
{
    if (!value || !*value)
        return 0;
    if (text_fill(out, label, 14, true, false) != BUF_OK ||
        text_fill(out, value, text_cols(value), false, false) != BUF_OK ||
        buf_addc(out, '\n') != BUF_OK)
        return -1;
    return 0;
}

static int write_out(struct buf *out, int failed)
{
    int rc;

    if (failed) {
        buf_free(out);
        cli_error("out of memory");
        return EXIT_INTERNAL;
    }
    rc = cli_write(buf_str(out), buf_len(out));
    buf_free(out);
    return rc ? EXIT_INTERNAL : EXIT_DONE;
}

int cli_dbs_init(const struct cli_options *o)
{
    struct cli_session s;
    struct api_dbs_init res;
    struct api_error err;
    struct buf out;
    int rc, bad;

    if (o->nargs) {
        cli_error("dbs-init takes no arguments");
        return EXIT_USAGE;
    }
    rc = cli_session_open(&s, o, false);
    if (rc != EXIT_DONE)
        return rc == CLI_SESSION_ENDED ? EXIT_DONE : rc;
    if (api_init_dbs(&s.client, &res, &err)) {
        rc = err.kind == API_ERR_DRY_RUN
                 ? cli_print_dry_run(&s)
                 : cli_report_error(o, &err, "dbs.aliyuncs.com",
                                    "AliyunServiceRoleForDBS");
        goto out;
    }
    if (o->output == CLI_OUTPUT_JSON) {
        rc = cli_print_response(res.r.response) ? EXIT_INTERNAL : EXIT_DONE;
    } else {
        buf_init(&out, OUT_MAX);
        bad = buf_adds(&out, res.already
                                 ? "DBS was already activated: "
                                   "AliyunServiceRoleForDBS exists.\n"
                                 : "DBS is activated: AliyunServiceRoleForDBS "
                                   "was created.\n") != BUF_OK ||
              line(&out, "RequestId", res.r.request_id);
        rc = write_out(&out, bad);
    }
    api_dbs_init_free(&res);
out:
    cli_session_close(&s);
    return rc;
}

int cli_whoami(const struct cli_options *o)
{
    struct cli_session s;
    struct api_identity id;
    struct api_error err;
    struct buf out;
    char masked[64];
    const char *region;
    int rc, bad;

    if (o->nargs) {
        cli_error("whoami takes no arguments");
        return EXIT_USAGE;
    }
    rc = cli_session_open(&s, o, false);
    if (rc != EXIT_DONE)
        return rc == CLI_SESSION_ENDED ? EXIT_DONE : rc;
    cli_mask_key(masked, sizeof(masked), s.access_key_id);
    region = s.region;
    if (api_caller_identity(&s.client, &id, &err)) {
        rc = err.kind == API_ERR_DRY_RUN ? cli_print_dry_run(&s)
                                         : cli_report_error(o, &err, NULL,
                                                            NULL);
        goto out;
    }
    buf_init(&out, OUT_MAX);
    if (o->output == CLI_OUTPUT_JSON) {
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
        bad = line(&out, "Credentials", s.creds_source) ||
              line(&out, "AccessKeyId", masked) ||
              line(&out, "Region", region) ||
              line(&out, "Account", id.account_id) ||
              line(&out, "Identity", id.identity_type) ||
              line(&out, "Arn", id.arn) ||
              line(&out, "UserId", id.user_id) ||
              line(&out, "RoleId", id.role_id) ||
              line(&out, "PrincipalId", id.principal_id);
    }
    rc = write_out(&out, bad);
    api_identity_free(&id);
out:
    cli_session_close(&s);
    return rc;
}
