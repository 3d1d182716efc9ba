/* jsonview — see jsonview.h.
 *
 * The layout is json_pretty's with an indent of 2, so what the result
 * pane shows is what `linkrole get --json` prints; it is rebuilt here
 * from cJSON's tree because the writer only knows bytes, not which of
 * them are keys or values. */
#include "config.h"

#include "core/jsonview.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "core/buf.h"
#include "core/json.h"

/* The line being built and the lines done so far. */
struct jsonview_builder {
    struct jsonview *v;
    size_t lines_cap;
    struct buf line;
    struct jsonview_token *tokens;
    size_t ntokens;
    size_t tokens_cap;
    int error;
};

static void jsonview_fail(struct jsonview_builder *b)
{
    b->error = -1;
}

/* Records that line[start..line.len) is in style, joining it to the
 * token before when that has the same style (", " after "}" and the
 * indentation before "]" are one PUNCT run). */
static void jsonview_token_add(struct jsonview_builder *b,
                               enum jsonview_style style, size_t start)
{
    struct jsonview_token *t;
    size_t len = b->line.len - start;

    if (b->error || len == 0)
        return;
    if (b->ntokens > 0) {
        t = &b->tokens[b->ntokens - 1];
        if (t->style == style && t->start + t->len == start) {
            t->len += len;
            return;
        }
    }
    if (b->ntokens == b->tokens_cap) {
        size_t cap = b->tokens_cap ? b->tokens_cap * 2 : 8;

        if (cap > SIZE_MAX / sizeof(*t)) {
            jsonview_fail(b);
            return;
        }
        t = realloc(b->tokens, cap * sizeof(*t));
        if (!t) {
            jsonview_fail(b);
            return;
        }
        b->tokens = t;
        b->tokens_cap = cap;
    }
    t = &b->tokens[b->ntokens++];
    t->style = style;
    t->start = start;
    t->len = len;
}

static void jsonview_put(struct jsonview_builder *b,
                         enum jsonview_style style, const char *s)
{
    size_t start = b->line.len;

    if (b->error)
        return;
    if (buf_adds(&b->line, s) != BUF_OK) {
        jsonview_fail(b);
        return;
    }
    jsonview_token_add(b, style, start);
}

static void jsonview_indent(struct jsonview_builder *b, int level)
{
    for (int i = 0; i < level; i++)
        jsonview_put(b, JSONVIEW_PUNCT, "  ");
}


static void jsonview_put_quoted(struct jsonview_builder *b,
                                enum jsonview_style style, const char *s)
{
    size_t start = b->line.len;

    if (b->error)
        return;
    if (json_quote(&b->line, s) != BUF_OK) {
        jsonview_fail(b);
        return;
    }
    jsonview_token_add(b, style, start);
}

static void jsonview_put_number(struct jsonview_builder *b, double v)
{
    size_t start = b->line.len;
    int rc;

    if (b->error)
        return;
    /* cJSON reads 1e999 as infinity, which has no JSON spelling; showing
     * "inf" would be a lie about the document, so it is refused as
     * json_pretty refuses it. */
    if (!isfinite(v)) {
        jsonview_fail(b);
        return;
    }
    if (v == floor(v) && fabs(v) < 9007199254740992.0)
        rc = buf_printf(&b->line, "%.0f", v);
    else
        rc = buf_printf(&b->line, "%.17g", v);
    if (rc != BUF_OK) {
        jsonview_fail(b);
        return;
    }
    jsonview_token_add(b, JSONVIEW_NUMBER, start);
}

/* Hands the line being built to the view and starts a new one. */
static void jsonview_end_line(struct jsonview_builder *b)
{
    struct jsonview *v = b->v;
    struct jsonview_line *line;
    char *text;

    if (b->error)
        return;
    if (v->nlines == b->lines_cap) {
        size_t cap = b->lines_cap ? b->lines_cap * 2 : 16;

        if (cap > SIZE_MAX / sizeof(*line)) {
            jsonview_fail(b);
            return;
        }
        line = realloc(v->lines, cap * sizeof(*line));
        if (!line) {
            jsonview_fail(b);
            return;
        }
        v->lines = line;
        b->lines_cap = cap;
    }
    text = buf_take(&b->line);
    if (!text) {
        jsonview_fail(b);
        return;
    }
    line = &v->lines[v->nlines++];
    line->text = text;
    line->tokens = b->tokens;
    line->ntokens = b->ntokens;
    b->tokens = NULL;
    b->ntokens = 0;
    b->tokens_cap = 0;
}

/* Lays out item on lines of its own at level, after "key": when key is
 * not NULL; depth counts the containers open around it. */
static void jsonview_item(struct jsonview_builder *b, const cJSON *item,
                          const char *key, int level, int depth, bool comma)
{
    const char *after = comma ? "," : "";
    bool object = cJSON_IsObject(item);
    const cJSON *child;

    jsonview_indent(b, level);
    if (key) {
        jsonview_put_quoted(b, JSONVIEW_KEY, key);
        jsonview_put(b, JSONVIEW_PUNCT, ": ");
    }
    if (object || cJSON_IsArray(item)) {
        if (depth >= JSON_DEPTH_MAX) {
            jsonview_fail(b);
            return;
        }
        if (!item->child) {
            jsonview_put(b, JSONVIEW_PUNCT, object ? "{}" : "[]");
            jsonview_put(b, JSONVIEW_PUNCT, after);
            jsonview_end_line(b);
            return;
        }
        jsonview_put(b, JSONVIEW_PUNCT, object ? "{" : "[");
        jsonview_end_line(b);
        for (child = item->child; child && !b->error; child = child->next) {
            const char *name = NULL;

            if (object)
                name = child->string ? child->string : "";
            jsonview_item(b, child, name, level + 1, depth + 1,
                          child->next != NULL);
        }
        jsonview_indent(b, level);
        jsonview_put(b, JSONVIEW_PUNCT, object ? "}" : "]");
    } else if (cJSON_IsString(item)) {
        jsonview_put_quoted(b, JSONVIEW_STRING,
                            item->valuestring ? item->valuestring : "");
    } else if (cJSON_IsNumber(item)) {
        jsonview_put_number(b, item->valuedouble);
    } else if (cJSON_IsBool(item)) {
        jsonview_put(b, JSONVIEW_LITERAL,
                     cJSON_IsTrue(item) ? "true" : "false");
    } else {
        jsonview_put(b, JSONVIEW_LITERAL, "null");
    }
    jsonview_put(b, JSONVIEW_PUNCT, after);
    jsonview_end_line(b);
}

int jsonview_build(struct jsonview *v, const char *text, size_t len)
{
    struct jsonview_builder b;
    cJSON *root = NULL;
    int rc = -1;

    v->lines = NULL;
    v->nlines = 0;
    memset(&b, 0, sizeof(b));
    b.v = v;
    buf_init(&b.line, SIZE_MAX);
    if (!text)
        goto out;
    root = json_parse(text, len, NULL);
    if (!root)
        goto out;
    jsonview_item(&b, root, NULL, 0, 0, false);
    rc = b.error;
out:
    cJSON_Delete(root);
    buf_free(&b.line);
    free(b.tokens);
    if (rc != 0) {
        jsonview_free(v);
        return -1;
    }
    return 0;
}

void jsonview_free(struct jsonview *v)
{
    for (size_t i = 0; i < v->nlines; i++) {
        free(v->lines[i].text);
        free(v->lines[i].tokens);
    }
    free(v->lines);
    v->lines = NULL;
    v->nlines = 0;
}
