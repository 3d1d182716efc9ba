/* scrub — see scrub.h. */
#include "config.h"

#include "app/scrub.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/json.h"
#include "core/text.h"
#include "core/wipe.h"

#define SCRUB_MAX 8
#define SCRUB_WORK_MAX (1u << 20)
#define SCRUB_TOKEN_PARAM "SecurityToken%3D"
/* The shortest beginning of a secret masked on its own (see
 * scrub_mask_list): long enough not to be ordinary text. */
#define SCRUB_PREFIX_MIN 8

static char *scrub_list[SCRUB_MAX];
static size_t scrub_count;
/* scrub_also's, oldest first. */
static char *scrub_also_list[SCRUB_ALSO_MAX];
static size_t scrub_also_count;
static pthread_mutex_t scrub_lock = PTHREAD_MUTEX_INITIALIZER;

/* Called with scrub_lock held. */
static void scrub_forget_locked(void)
{
    while (scrub_count > 0)
        wipe_free(scrub_list[--scrub_count]);
}

/* Called with scrub_lock held.  Short strings are not secrets worth
 * masking, and masking them would garble ordinary text. */
static void scrub_add_locked(const char *secret)
{
    if (secret && strlen(secret) >= 4 && scrub_count < SCRUB_MAX) {
        char *copy = strdup(secret);

        if (copy)
            scrub_list[scrub_count++] = copy;
    }
}

void scrub_remember(const char *secret, const char *token)
{
    pthread_mutex_lock(&scrub_lock);
    scrub_forget_locked();
    scrub_add_locked(secret);
    scrub_add_locked(token);
    pthread_mutex_unlock(&scrub_lock);
}

void scrub_also(const char *secret)
{
    char *copy;

    if (!secret || strlen(secret) < 4 || !(copy = strdup(secret)))
        return;
    pthread_mutex_lock(&scrub_lock);
    if (scrub_also_count == SCRUB_ALSO_MAX) {
        wipe_free(scrub_also_list[0]);
        memmove(scrub_also_list, scrub_also_list + 1,
                (SCRUB_ALSO_MAX - 1) * sizeof(scrub_also_list[0]));
        scrub_also_count--;
    }
    scrub_also_list[scrub_also_count++] = copy;
    pthread_mutex_unlock(&scrub_lock);
}

void scrub_forget(void)
{
    pthread_mutex_lock(&scrub_lock);
    scrub_forget_locked();
    while (scrub_also_count > 0)
        wipe_free(scrub_also_list[--scrub_also_count]);
    pthread_mutex_unlock(&scrub_lock);
}

/* Called with scrub_lock held: every copy of every secret of list in
 * text becomes "*"s.  Fields are cut to fit before they get here (a
 * Code to 128 bytes, a problem's field to 72), so a secret may show
 * only its beginning: any run of its first SCRUB_PREFIX_MIN or more
 * characters is masked too, as far as it matches. */
static void scrub_mask_list(char *text, char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const char *s = list[i];
        size_t len = strlen(s);
        char needle[SCRUB_PREFIX_MIN + 1];
        char *p = text, *hit;

        /* Its first SCRUB_PREFIX_MIN characters, or all of a shorter
         * one; each hit is masked as far as it goes on matching. */
        snprintf(needle, sizeof(needle), "%s", s);
        while ((hit = strstr(p, needle))) {
            size_t k = strlen(needle);

            while (k < len && hit[k] == s[k])
                k++;
            memset(hit, '*', k);
            p = hit + k;
        }
    }
}

/* Appends s with every copy of every secret in use masked, and the
 * SecurityToken value of an echoed V1 query cut; nothing else changes. */
static int scrub_mask(struct buf *out, const char *s)
{
    struct buf tmp;
    const char *p;
    int rc = -1;

    buf_init(&tmp, SCRUB_WORK_MAX);
    if (buf_adds(&tmp, s) != BUF_OK)
        goto out;
    pthread_mutex_lock(&scrub_lock);
    if (tmp.data) {
        scrub_mask_list(tmp.data, scrub_list, scrub_count);
        scrub_mask_list(tmp.data, scrub_also_list, scrub_also_count);
    }
    pthread_mutex_unlock(&scrub_lock);
    p = buf_str(&tmp);
    for (;;) {
        const char *tok = strstr(p, SCRUB_TOKEN_PARAM);
        const char *end;

        if (!tok)
            break;
        tok += strlen(SCRUB_TOKEN_PARAM);
        if (buf_add(out, p, (size_t)(tok - p)) != BUF_OK ||
            buf_adds(out, "<redacted>") != BUF_OK)
            goto out;
        end = strstr(tok, "%26");
        p = end ? end : tok + strlen(tok);
    }
    if (buf_adds(out, p) != BUF_OK)
        goto out;
    rc = 0;
out:
    buf_wipe(&tmp);
    return rc;
}

/* One line: controls replaced, then secrets masked. */
static int scrub_line(struct buf *out, const char *s)
{
    struct buf tmp;
    int rc = -1;

    buf_init(&tmp, SCRUB_WORK_MAX);
    if (text_fill(&tmp, s, text_cols(s), false, false) == BUF_OK)
        rc = scrub_mask(out, buf_str(&tmp));
    buf_wipe(&tmp);
    return rc;
}

int scrub_secrets(struct buf *out, const char *s)
{
    return scrub_mask(out, s ? s : "");
}

/* json_pretty_map's map. */
static int scrub_json_string(void *ctx, struct buf *out, const char *s)
{
    (void)ctx;
    return scrub_mask(out, s);
}

int scrub_json(struct buf *out, const char *body)
{
    size_t start = buf_len(out);

    if (!body)
        return 0;
    /* A secret may hide behind escapes ("\/", "\u0041") in the text, so
     * the strings are masked as parsed, and the document written anew. */
    if (json_pretty_map(out, body, strlen(body), 0, scrub_json_string,
                        NULL) == 0) {
        /* The writer ends a document with a newline; a body has none. */
        if (buf_len(out) > start && out->data[out->len - 1] == '\n')
            out->data[--out->len] = '\0';
        return 0;
    }
    return scrub_text(out, body);
}

int scrub_text(struct buf *out, const char *s)
{
    if (!s)
        return 0;
    while (*s) {
        size_t n = strcspn(s, "\n");
        char *line = strndup(s, n);
        int rc;

        if (!line)
            return -1;
        rc = scrub_line(out, line);
        wipe_free(line);
        if (rc || (s[n] == '\n' && buf_addc(out, '\n') != BUF_OK))
            return -1;
        s += n + (s[n] == '\n');
    }
    return 0;
}

/* Replaces field (size bytes) by its scrubbed self; "" when that fails. */
static void scrub_field(char *field, size_t size)
{
    struct buf safe;

    buf_init(&safe, SCRUB_WORK_MAX);
    if (scrub_text(&safe, field) == 0)
        snprintf(field, size, "%s", buf_str(&safe));
    else
        field[0] = '\0';
    buf_wipe(&safe);
}

void scrub_error(struct api_error *e)
{
    scrub_field(e->code, sizeof(e->code));
    scrub_field(e->message, sizeof(e->message));
    scrub_field(e->request_id, sizeof(e->request_id));
    scrub_field(e->recommend, sizeof(e->recommend));
    for (size_t i = 0; i < API_DENIED_COUNT; i++)
        scrub_field(e->denied[i], sizeof(e->denied[i]));
    scrub_field(e->detail, sizeof(e->detail));
}

void scrub_mask_key(char *out, size_t size, const char *key_id)
{
    size_t len = key_id ? strlen(key_id) : 0;

    if (len == 0)
        snprintf(out, size, "(none)");
    else if (len <= 8)
        snprintf(out, size, "****");
    else
        snprintf(out, size, "%.4s****%s", key_id, key_id + len - 4);
}
