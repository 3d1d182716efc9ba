/* equiv — see equiv.h. */
#include "config.h"

#include "core/equiv.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "core/text.h"

#define EQUIV_TF_TYPE "alicloud_resource_manager_service_linked_role"
#define EQUIV_DBS_REGION "cn-hangzhou"

/* Puts out back as it was when a generator fails half-way. */
static int equiv_finish(struct buf *out, size_t start, int rc)
{
    if (rc == BUF_OK)
        return 0;
    out->len = start;
    if (out->data)
        out->data[start] = '\0';
    return -1;
}

static bool equiv_given(const char *s)
{
    return s && *s;
}

static bool equiv_is_alnum(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z');
}

/* The first len bytes of s as a Terraform identifier: ASCII letters
 * (lower-cased) and digits kept, every other character (a UTF-8
 * sequence counts as one) an '_'.  An identifier cannot start with a
 * digit: "slr_" goes before one, and "slr" stands in for nothing. */
static int equiv_tf_ident(struct buf *out, const char *s, size_t len)
{
    size_t off = 0, n;
    int rc = BUF_OK;

    if (len == 0 || (s[0] >= '0' && s[0] <= '9'))
        rc = buf_adds(out, len == 0 ? "slr" : "slr_");
    while (rc == BUF_OK && off < len) {
        unsigned char c = (unsigned char)s[off];

        n = text_decode(s + off, len - off, NULL, NULL);
        if (c >= 'A' && c <= 'Z')
            rc = buf_addc(out, (char)(c - 'A' + 'a'));
        else if (equiv_is_alnum(c))
            rc = buf_addc(out, (char)c);
        else
            rc = buf_addc(out, '_');
        off += n;
    }
    return rc;
}

/* The resource's local name, from the service's first DNS label: one
 * role per service is the common case, so it reads well and is unlikely
 * to clash in a configuration that manages several. */
static int equiv_tf_label(struct buf *out, const char *service)
{
    return equiv_tf_ident(out, service, strcspn(service, "."));
}

int equiv_tf_name(struct buf *out, const char *name)
{
    size_t start = out->len;

    return equiv_finish(out, start,
                        equiv_tf_ident(out, name ? name : "",
                                       name ? strlen(name) : 0));
}

/* s as an HCL quoted string.  "${" and "%{" would start a template, so
 * they get HCL's own escapes; characters a string cannot hold as such
 * become \uXXXX (U+FFFD for bytes that are not UTF-8, which HCL files
 * cannot contain). */
static int equiv_hcl_quote(struct buf *out, const char *s)
{
    size_t len = strlen(s), off = 0, n;
    uint32_t cp;
    bool valid;
    int rc = buf_addc(out, '"');

    while (rc == BUF_OK && off < len) {
        n = text_decode(s + off, len - off, &cp, &valid);
        if (!valid)
            rc = buf_adds(out, "\\uFFFD");
        else if (cp == '"')
            rc = buf_adds(out, "\\\"");
        else if (cp == '\\')
            rc = buf_adds(out, "\\\\");
        else if (cp == '\n')
            rc = buf_adds(out, "\\n");
        else if (cp == '\r')
            rc = buf_adds(out, "\\r");
        else if (cp == '\t')
            rc = buf_adds(out, "\\t");
        else if (text_is_control(cp))
            rc = buf_printf(out, "\\u%04X", (unsigned)cp);
        else if ((cp == '$' || cp == '%') && s[off + 1] == '{')
            rc = buf_adds(out, cp == '$' ? "$$" : "%%");
        else
            rc = buf_add(out, s + off, n);
        off += n;
    }
    if (rc == BUF_OK)
        rc = buf_addc(out, '"');
    return rc;
}

static int equiv_tf_attr(struct buf *out, const char *key, size_t width,
                         const char *value)
{
    int rc = buf_printf(out, "  %-*s = ", (int)width, key);

    if (rc == BUF_OK)
        rc = equiv_hcl_quote(out, value);
    if (rc == BUF_OK)
        rc = buf_addc(out, '\n');
    return rc;
}

/* Characters that mean nothing to a POSIX shell, plus extra. */
static bool equiv_shell_bare(const char *s, const char *extra)
{
    if (!*s)
        return false;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;

        if (!equiv_is_alnum(c) && c != '.' && c != '_' && c != '-'
            && !strchr(extra, c))
            return false;
    }
    return true;
}

/* s as one shell word: bare when it is safe, else in single quotes,
 * inside which only the quote itself needs care. */
static int equiv_shell_quote(struct buf *out, const char *s,
                             const char *extra)
{
    int rc;

    if (equiv_shell_bare(s, extra))
        return buf_adds(out, s);
    rc = buf_addc(out, '\'');
    for (; rc == BUF_OK && *s; s++) {
        if (*s == '\'')
            rc = buf_adds(out, "'\\''");
        else
            rc = buf_addc(out, *s);
    }
    if (rc == BUF_OK)
        rc = buf_addc(out, '\'');
    return rc;
}

/* A name for the comment line, which a control character would end or
 * garble: those, and bytes that are not UTF-8, show as '?'. */
static int equiv_comment_safe(struct buf *out, const char *s)
{
    size_t len = strlen(s), off = 0, n;
    uint32_t cp;
    bool valid;
    int rc = BUF_OK;

    while (rc == BUF_OK && off < len) {
        n = text_decode(s + off, len - off, &cp, &valid);
        if (!valid || text_is_control(cp))
            rc = buf_addc(out, '?');
        else
            rc = buf_add(out, s + off, n);
        off += n;
    }
    return rc;
}

/* "# terraform import TYPE.LABEL SERVICE:ROLE" */
static int equiv_tf_import(struct buf *out, const char *service,
                           const char *role_name)
{
    struct buf id;
    int rc;

    buf_init(&id, out->max);
    rc = buf_adds(out, "# terraform import " EQUIV_TF_TYPE ".");
    if (rc == BUF_OK)
        rc = equiv_tf_label(out, service);
    if (rc == BUF_OK)
        rc = buf_addc(out, ' ');
    if (rc == BUF_OK)
        rc = equiv_comment_safe(&id, service);
    if (rc == BUF_OK)
        rc = buf_addc(&id, ':');
    if (rc == BUF_OK)
        rc = equiv_comment_safe(&id, role_name);
    /* The ':' that joins the two halves is harmless to the shell. */
    if (rc == BUF_OK)
        rc = equiv_shell_quote(out, buf_str(&id), ":");
    if (rc == BUF_OK)
        rc = buf_addc(out, '\n');
    buf_free(&id);
    return rc;
}

/* The resource block, its local name label (an identifier) given, in
 * the provider configuration provider ("alicloud.ALIAS") when not NULL. */
static int equiv_tf_resource_in(struct buf *out, const char *label,
                                const char *provider,
                                const char *service_name, const char *suffix,
                                const char *description)
{
    size_t width = strlen("service_name");
    int rc;

    if (equiv_given(suffix))
        width = strlen("custom_suffix");
    rc = buf_adds(out, "resource \"" EQUIV_TF_TYPE "\" \"");
    if (rc == BUF_OK)
        rc = buf_adds(out, label);
    if (rc == BUF_OK)
        rc = buf_adds(out, "\" {\n");
    if (rc == BUF_OK && provider)
        rc = buf_printf(out, "  %-*s = %s\n", (int)width, "provider",
                        provider);
    if (rc == BUF_OK)
        rc = equiv_tf_attr(out, "service_name", width, service_name);
    if (rc == BUF_OK && equiv_given(suffix))
        rc = equiv_tf_attr(out, "custom_suffix", width, suffix);
    if (rc == BUF_OK && equiv_given(description))
        rc = equiv_tf_attr(out, "description", width, description);
    if (rc == BUF_OK)
        rc = buf_adds(out, "}\n");
    return rc;
}

static int equiv_tf_resource(struct buf *out, const char *label,
                             const char *service_name, const char *suffix,
                             const char *description)
{
    return equiv_tf_resource_in(out, label, NULL, service_name, suffix,
                                description);
}

int equiv_terraform(struct buf *out, const char *service_name,
                    const char *suffix, const char *description,
                    const char *role_name)
{
    size_t start = out->len;
    struct buf label;
    int rc;

    if (!service_name)
        service_name = "";
    buf_init(&label, out->max);
    rc = equiv_tf_label(&label, service_name);
    if (rc == BUF_OK)
        rc = equiv_tf_resource(out, buf_str(&label), service_name, suffix,
                               description);
    buf_free(&label);
    /* Without the role's name there is no import ID to show. */
    if (rc == BUF_OK && equiv_given(role_name))
        rc = equiv_tf_import(out, service_name, role_name);
    return equiv_finish(out, start, rc);
}

int equiv_terraform_import(struct buf *out, const char *label,
                           const char *service_name, const char *suffix,
                           const char *description, const char *role_name)
{
    size_t start = out->len;
    struct buf id;
    int rc;

    if (!service_name)
        service_name = "";
    buf_init(&id, out->max);
    rc = equiv_tf_resource(out, label, service_name, suffix, description);
    if (rc == BUF_OK)
        rc = buf_printf(&id, "%s:%s", service_name,
                        role_name ? role_name : "");
    if (rc == BUF_OK)
        rc = buf_adds(out, "import {\n  to = " EQUIV_TF_TYPE ".");
    if (rc == BUF_OK)
        rc = buf_adds(out, label);
    if (rc == BUF_OK)
        rc = buf_adds(out, "\n  id = ");
    if (rc == BUF_OK)
        rc = equiv_hcl_quote(out, buf_str(&id));
    if (rc == BUF_OK)
        rc = buf_adds(out, "\n}\n");
    buf_free(&id);
    return equiv_finish(out, start, rc);
}

int equiv_comment(struct buf *out, const char *text)
{
    size_t start = out->len;
    int rc = buf_adds(out, "# ");

    if (rc == BUF_OK)
        rc = equiv_comment_safe(out, text ? text : "");
    if (rc == BUF_OK)
        rc = buf_addc(out, '\n');
    return equiv_finish(out, start, rc);
}

int equiv_aliyun_cli(struct buf *out, const char *service_name,
                     const char *suffix, const char *description)
{
    size_t start = out->len;
    int rc;

    rc = buf_adds(out, "aliyun resourcemanager CreateServiceLinkedRole "
                  "--ServiceName ");
    if (rc == BUF_OK)
        rc = equiv_shell_quote(out, service_name ? service_name : "", "");
    if (rc == BUF_OK && equiv_given(suffix)) {
        rc = buf_adds(out, " --CustomSuffix ");
        if (rc == BUF_OK)
            rc = equiv_shell_quote(out, suffix, "");
    }
    if (rc == BUF_OK && equiv_given(description)) {
        rc = buf_adds(out, " --Description ");
        if (rc == BUF_OK)
            rc = equiv_shell_quote(out, description, "");
    }
    if (rc == BUF_OK)
        rc = buf_addc(out, '\n');
    return equiv_finish(out, start, rc);
}

int equiv_aliyun_cli_dbs(struct buf *out, const char *region)
{
    size_t start = out->len;
    int rc;

    rc = buf_adds(out, "aliyun dbs InitializeDbsServiceLinkedRole --region ");
    if (rc == BUF_OK)
        rc = equiv_shell_quote(out, equiv_given(region) ? region
                                              : EQUIV_DBS_REGION, "");
    if (rc == BUF_OK)
        rc = buf_addc(out, '\n');
    return equiv_finish(out, start, rc);
}

int equiv_tf_provider(struct buf *out, const char *alias, const char *region,
                      const char *role_arn)
{
    size_t start = out->len;
    int rc = buf_adds(out, "provider \"alicloud\" {\n  alias  = ");

    if (rc == BUF_OK)
        rc = equiv_hcl_quote(out, alias);
    if (rc == BUF_OK)
        rc = buf_adds(out, "\n  region = ");
    if (rc == BUF_OK)
        rc = equiv_hcl_quote(out, equiv_given(region) ? region
                                                      : EQUIV_DBS_REGION);
    if (rc == BUF_OK)
        rc = buf_adds(out, "\n  assume_role {\n    role_arn = ");
    if (rc == BUF_OK)
        rc = equiv_hcl_quote(out, role_arn);
    if (rc == BUF_OK)
        rc = buf_adds(out, "\n  }\n}\n");
    return equiv_finish(out, start, rc);
}

int equiv_terraform_in(struct buf *out, const char *label,
                       const char *alias, const char *service_name,
                       const char *suffix, const char *description,
                       const char *import_role)
{
    size_t start = out->len;
    struct buf provider, id;
    int rc;

    if (!service_name)
        service_name = "";
    buf_init(&provider, out->max);
    buf_init(&id, out->max);
    rc = buf_adds(&provider, "alicloud.");
    if (rc == BUF_OK)
        rc = equiv_tf_ident(&provider, alias, strlen(alias));
    if (rc == BUF_OK)
        rc = equiv_tf_resource_in(out, label, buf_str(&provider),
                                  service_name, suffix, description);
    if (rc == BUF_OK && equiv_given(import_role)) {
        rc = buf_printf(&id, "%s:%s", service_name, import_role);
        if (rc == BUF_OK)
            rc = buf_printf(out, "import {\n  provider = %s\n  to       = "
                            EQUIV_TF_TYPE ".%s\n  id       = ",
                            buf_str(&provider), label);
        if (rc == BUF_OK)
            rc = equiv_hcl_quote(out, buf_str(&id));
        if (rc == BUF_OK)
            rc = buf_adds(out, "\n}\n");
    }
    buf_free(&id);
    buf_free(&provider);
    return equiv_finish(out, start, rc);
}
