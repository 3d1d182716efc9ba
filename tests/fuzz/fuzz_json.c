/* fuzz_json — json_pretty and jsonview on any bytes.
 *
 * Both re-lay out a document the cloud sent (`--output json`, the trust
 * policy pane), so both see outside data.  Beyond not crashing they
 * promise: json_pretty writes valid UTF-8 JSON that reads back and is
 * stable once re-written, with no control character left raw (C1 ones
 * included: some terminals take U+009B for ESC [); jsonview's tokens cover
 * each line exactly; and the two agree byte for byte, since the pane is
 * meant to show what `linkrole get --json` prints. */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "core/buf.h"
#include "core/json.h"
#include "core/jsonview.h"
#include "core/text.h"
#include "fuzz.h"

/* Well above what a small input lays out to. */
#define OUT_MAX (64u << 20)

/* Valid UTF-8 without control characters, but the one allowed. */
static bool clean_but(const char *s, size_t len, uint32_t allowed)
{
    size_t off = 0;

    while (off < len) {
        uint32_t cp;
        bool valid;

        off += text_decode(s + off, len - off, &cp, &valid);
        if (!valid ||
            ((cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) && cp != allowed))
            return false;
    }
    return true;
}

static void check_view(const struct jsonview *v)
{
    FUZZ_CHECK(v->nlines > 0 && v->lines != NULL);
    for (size_t i = 0; i < v->nlines; i++) {
        const struct jsonview_line *l = &v->lines[i];
        size_t len, at = 0;

        FUZZ_CHECK(l->text != NULL);
        len = strlen(l->text);
        FUZZ_CHECK(len > 0 && clean_but(l->text, len, 0));
        FUZZ_CHECK(l->ntokens > 0 && l->tokens != NULL);
        for (size_t k = 0; k < l->ntokens; k++) {
            const struct jsonview_token *t = &l->tokens[k];

            FUZZ_CHECK(t->start == at && t->len > 0);
            FUZZ_CHECK(t->style >= JSONVIEW_PUNCT &&
                       t->style <= JSONVIEW_LITERAL);
            /* A token never ends inside a character. */
            FUZZ_CHECK(text_valid(l->text + t->start, t->len));
            at += t->len;
        }
        FUZZ_CHECK(at == len);
    }
}

/* The view's lines as json_pretty would print them: joined with "\n",
 * ending with one. */
static int view_text(const struct jsonview *v, struct buf *out)
{
    for (size_t i = 0; i < v->nlines; i++)
        if (buf_adds(out, v->lines[i].text) != BUF_OK ||
            buf_addc(out, '\n') != BUF_OK)
            return -1;
    return 0;
}

static void check_pretty(const struct buf *out, int indent)
{
    const char *s = buf_str(out);
    size_t len = buf_len(out);
    cJSON *back;

    FUZZ_CHECK(len > 0 && s[len - 1] == '\n');
    /* Strings are escaped: only line breaks are left raw. */
    FUZZ_CHECK(clean_but(s, len, '\n'));
    if (indent == 0)
        FUZZ_CHECK(memchr(s, '\n', len - 1) == NULL);
    back = cJSON_ParseWithLength(s, len);
    FUZZ_CHECK(back != NULL);
    cJSON_Delete(back);
}

/* json_pretty_map's map that changes nothing (and counts its calls). */
static int same(void *ctx, struct buf *out, const char *s)
{
    (*(size_t *)ctx)++;
    return buf_adds(out, s) == BUF_OK ? 0 : -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    struct buf pretty, again, other, joined;
    struct jsonview view;
    int prc, vrc;

    buf_init(&pretty, OUT_MAX);
    buf_init(&again, OUT_MAX);
    buf_init(&other, OUT_MAX);
    buf_init(&joined, OUT_MAX);

    /* Not NUL-terminated: a read past len is caught. */
    prc = json_pretty(&pretty, text, size, 2);
    vrc = jsonview_build(&view, text, size);
    if (prc == 0)
        check_pretty(&pretty, 2);
    else
        FUZZ_CHECK(buf_len(&pretty) == 0);
    if (vrc == 0)
        check_view(&view);
    else
        FUZZ_CHECK(view.nlines == 0 && view.lines == NULL);

    /* "Returns -1 when it is not JSON" holds for both, or neither. */
    FUZZ_CHECK((prc == 0) == (vrc == 0));
    if (prc == 0 && vrc == 0) {
        FUZZ_CHECK(view_text(&view, &joined) == 0);
        FUZZ_CHECK(buf_len(&joined) == buf_len(&pretty) &&
                   memcmp(buf_str(&joined), buf_str(&pretty),
                          buf_len(&joined)) == 0);
    }

    if (prc == 0) {
        /* Reading back gives a document; once invalid bytes have become
         * U+FFFD, writing it again changes nothing. */
        FUZZ_CHECK(json_pretty(&again, buf_str(&pretty), buf_len(&pretty),
                               2) == 0);
        FUZZ_CHECK(json_pretty(&other, buf_str(&again), buf_len(&again),
                               2) == 0);
        FUZZ_CHECK(buf_len(&other) == buf_len(&again) &&
                   memcmp(buf_str(&other), buf_str(&again),
                          buf_len(&again)) == 0);

        buf_reset(&other);
        FUZZ_CHECK(json_pretty(&other, text, size, 0) == 0);
        check_pretty(&other, 0);
        buf_reset(&other);
        FUZZ_CHECK(json_pretty(&other, text, size, 4) == 0);
        check_pretty(&other, 4);
    }

    /* What json_refusal finds (a raw control in a string, a \u0000) is
     * never read; a map that changes nothing writes what json_pretty
     * does. */
    if (json_refusal(text, size, NULL) != JSON_REFUSAL_NONE)
        FUZZ_CHECK(prc != 0);
    {
        size_t calls = 0;

        buf_reset(&other);
        FUZZ_CHECK((json_pretty_map(&other, text, size, 2, same,
                                    &calls) == 0) == (prc == 0));
        if (prc == 0)
            FUZZ_CHECK(buf_len(&other) == buf_len(&pretty) &&
                       memcmp(buf_str(&other), buf_str(&pretty),
                              buf_len(&pretty)) == 0);
        else
            FUZZ_CHECK(buf_len(&other) == 0);
    }

    if (vrc == 0)
        jsonview_free(&view);
    FUZZ_CHECK(view.nlines == 0 && view.lines == NULL);
    buf_free(&pretty);
    buf_free(&again);
    buf_free(&other);
    buf_free(&joined);
    return 0;
}
