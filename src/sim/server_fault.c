/* server_fault — linkrole-sim's injected faults: what a --fault SPEC
 * means and which requests it hits.
 *
 * Faults make the failures a client must survive repeatable, so they are
 * counted per request, never drawn at random: "@N" is the first N
 * requests and "@N%" is spread evenly (50% every second request). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "core/json.h"
#include "sim/limits.h"
#include "sim/server.h"

/* Longer than any valid spec: echo's text and a few characters. */
#define FAULT_SPEC_MAX (FAULT_ARG_MAX + 32)
#define FAULT_LATENCY_MAX 600000L
#define FAULT_COUNT_MAX 999999999L
/* Room for an answer rewritten by a fault (linkrole-sim's own cap). */
#define FAULT_ANSWER_MAX (4u << 20)

static const struct {
    const char *name;
    enum fault_kind kind;
} fault_names[] = {
    { "latency", FAULT_LATENCY },
    { "500", FAULT_500 },
    { "503", FAULT_503 },
    { "throttle", FAULT_THROTTLE },
    { "reset", FAULT_RESET },
    { "reset-after", FAULT_RESET },
    { "reset-before", FAULT_RESET_BEFORE },
    { "truncate", FAULT_TRUNCATE },
    { "truncate-after", FAULT_TRUNCATE },
    { "nonjson", FAULT_NONJSON },
    { "oversize", FAULT_OVERSIZE },
    { "replay", FAULT_REPLAY },
    { "500-after", FAULT_500_AFTER },
    { "502-after", FAULT_502_AFTER },
    { "504-after", FAULT_504_AFTER },
    { "nonjson-after", FAULT_NONJSON_AFTER },
    { "repeat-marker", FAULT_REPEAT_MARKER },
    { "empty", FAULT_EMPTY },
    { "echo", FAULT_ECHO },
    { "forbidden-ram", FAULT_FORBIDDEN_RAM },
    { "retry-after", FAULT_RETRY_AFTER },
    { "code", FAULT_CODE },
    { "dbs-already-false", FAULT_DBS_ALREADY_FALSE },
};

/* code=CODE[:STATUS]: a Code as the gateway spells them (letters,
 * digits, dots; it goes into a URL unescaped) and a 4xx/5xx status,
 * 400 when none is given. */
static int fault_code(struct fault *f, char *arg)
{
    char *colon = arg ? strchr(arg, ':') : NULL;
    long status = 400;

    if (colon) {
        *colon++ = '\0';
        status = limits_count(colon, 400, 599);
        if (status < 0)
            return -1;
    }
    if (!arg || !*arg || strlen(arg) >= 128 ||
        arg[strspn(arg, "abcdefghijklmnopqrstuvwxyz"
                        "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.")])
        return -1;
    strcpy(f->text, arg);
    f->ms = status;
    return 0;
}

int server_fault_parse(const char *spec, struct fault *f)
{
    char copy[FAULT_SPEC_MAX];
    char *at, *arg;
    size_t n;
    long v;

    memset(f, 0, sizeof(*f));
    f->always = true;
    if (strlen(spec) >= sizeof(copy))
        return -1;
    strcpy(copy, spec);
    /* A trailing #ACCOUNT: digits only. */
    at = strrchr(copy, '#');
    if (at && at[1] && strspn(at + 1, "0123456789") == strlen(at + 1)) {
        if (strlen(at + 1) > LIMITS_ID_DIGITS_MAX)
            return -1;
        strcpy(f->account, at + 1);
        *at = '\0';
    }
    /* KIND[=ARG][@WHEN], cut into three strings. */
    /* A trailing /ACTION: letters only (an echo TEXT ending so is
     * taken for one). */
    at = strrchr(copy, '/');
    if (at && at[1] && strspn(at + 1, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                              "abcdefghijklmnopqrstuvwxyz") ==
                           strlen(at + 1)) {
        if (strlen(at + 1) >= sizeof(f->action))
            return -1;
        strcpy(f->action, at + 1);
        *at = '\0';
    }
    at = strrchr(copy, '@');
    if (at)
        *at++ = '\0';
    arg = strchr(copy, '=');
    if (arg)
        *arg++ = '\0';
    for (size_t i = 0; i < sizeof(fault_names) / sizeof(fault_names[0]);
         i++)
        if (strcmp(fault_names[i].name, copy) == 0) {
            f->kind = fault_names[i].kind;
            f->name = fault_names[i].name;
        }
    if (f->kind == FAULT_NONE)
        return -1;
    if (f->kind == FAULT_CODE) {
        if (fault_code(f, arg))
            return -1;
    } else if (f->kind == FAULT_LATENCY || f->kind == FAULT_RETRY_AFTER) {
        v = arg ? limits_count(arg, 0, FAULT_LATENCY_MAX) : -1;
        if (v < 0)
            return -1;
        f->ms = v;
    } else if (f->kind == FAULT_ECHO) {
        if (!arg || !*arg || strlen(arg) >= sizeof(f->text))
            return -1;
        strcpy(f->text, arg);
    } else if (arg) {
        return -1;
    }
    if (at) {
        n = strlen(at);
        f->always = false;
        if (n && at[n - 1] == '%') {
            at[n - 1] = '\0';
            f->percent = true;
            v = limits_count(at, 1, 100);
        } else {
            v = limits_count(at, 1, FAULT_COUNT_MAX);
        }
        if (v < 0)
            return -1;
        f->when = (unsigned long)v;
    }
    return 0;
}

int server_fault_read(const char *text, struct fault *out, size_t max,
                      size_t *line)
{
    size_t n = 0;

    *line = 0;
    while (*text) {
        size_t len = strcspn(text, "\n");
        char spec[FAULT_SPEC_MAX];
        size_t b = 0, e = len;

        ++*line;
        /* Blanks around a spec are no part of it. */
        while (b < e && (text[b] == ' ' || text[b] == '\t'))
            b++;
        while (e > b && (text[e - 1] == ' ' || text[e - 1] == '\t' ||
                         text[e - 1] == '\r'))
            e--;
        if (e > b && text[b] != '#') {
            if (e - b >= sizeof(spec) || n == max)
                return -1;
            memcpy(spec, text + b, e - b);
            spec[e - b] = '\0';
            if (server_fault_parse(spec, &out[n]))
                return -1;
            n++;
        }
        text += len;
        if (*text)
            text++;
    }
    return (int)n;
}

/* A percentage p hits whenever n * p / 100 reaches a new integer: evenly
 * spread. */
bool server_fault_applies(const struct fault *f, unsigned long n)
{
    if (f->always)
        return true;
    if (!f->percent)
        return n <= f->when;
    return (n * f->when) / 100 > ((n - 1) * f->when) / 100;
}

/* text with "{token}" replaced by token, into out. */
static int echo_text(struct buf *out, const char *text, const char *token)
{
    const char *hit;

    while ((hit = strstr(text, "{token}"))) {
        if (buf_add(out, text, (size_t)(hit - text)) != BUF_OK ||
            buf_adds(out, token) != BUF_OK)
            return -1;
        text = hit + strlen("{token}");
    }
    return buf_adds(out, text) == BUF_OK ? 0 : -1;
}

/* Appends " " and what to every string value under it (not the keys). */
static int echo_into(cJSON *it, const char *what)
{
    for (; it; it = it->next) {
        if (cJSON_IsString(it)) {
            size_t n = strlen(it->valuestring) + strlen(what) + 2;
            char *v = malloc(n);

            if (!v)
                return -1;
            snprintf(v, n, "%s %s", it->valuestring, what);
            free(it->valuestring);
            it->valuestring = v;
        }
        if (echo_into(it->child, what))
            return -1;
    }
    return 0;
}

int server_fault_echo(struct buf *body, const char *text,
                      const char *token)
{
    cJSON *root = json_parse(buf_str(body), buf_len(body), NULL);
    struct buf what;
    char *printed = NULL;
    int rc = -1;

    if (!root)
        return 0;
    buf_init(&what, FAULT_ARG_MAX * 64);
    /* cJSON writes controls as \u00XX escapes: a lying server, but one
     * that still speaks JSON. */
    if (echo_text(&what, text, token ? token : "") == 0 &&
        echo_into(root, buf_str(&what)) == 0 &&
        (printed = cJSON_PrintUnformatted(root))) {
        buf_reset(body);
        rc = buf_adds(body, printed) == BUF_OK ? 0 : -1;
    }
    if (printed) {
        memset(printed, 0, strlen(printed));
        free(printed);
    }
    json_delete_wiped(root);
    buf_wipe(&what);
    return rc;
}

/* The repeat-marker fault: the answer's Marker becomes the one the
 * request gave, so a client that trusts it asks for the same page for
 * ever.  Only markers of the account's own shape are put back, so the
 * answer stays JSON. */
int server_fault_repeat_marker(struct buf *body, const char *given)
{
    static const char key[] = "\"Marker\":\"";
    const char *at, *end;
    struct buf out;
    int rc = -1;

    if (!given || !*given ||
        given[strspn(given, "abcdefghijklmnopqrstuvwxyz"
                            "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_")])
        return 0;
    at = strstr(buf_str(body), key);
    if (!at)
        return 0;
    at += sizeof(key) - 1;
    end = strchr(at, '"');
    if (!end)
        return 0;
    buf_init(&out, FAULT_ANSWER_MAX);
    if (buf_add(&out, buf_str(body), (size_t)(at - buf_str(body))) ==
            BUF_OK &&
        buf_adds(&out, given) == BUF_OK && buf_adds(&out, end) == BUF_OK) {
        buf_reset(body);
        rc = buf_add(body, buf_str(&out), buf_len(&out)) == BUF_OK ? 0 : -1;
    }
    buf_free(&out);
    return rc;
}

/* The dbs-already-false fault: DBS's "already activated" answer (an
 * ErrorCode EntityAlreadyExists.Role) says Success "false", as some
 * regions answer it; other answers are left alone. */
int server_fault_dbs_false(struct buf *body)
{
    static const char yes[] = "\"Success\":\"true\"";
    const char *at;
    struct buf out;
    int rc = -1;

    if (!strstr(buf_str(body),
                "\"ErrorCode\":\"EntityAlreadyExists.Role\"") ||
        !(at = strstr(buf_str(body), yes)))
        return 0;
    buf_init(&out, FAULT_ANSWER_MAX);
    if (buf_add(&out, buf_str(body), (size_t)(at - buf_str(body))) ==
            BUF_OK &&
        buf_adds(&out, "\"Success\":\"false\"") == BUF_OK &&
        buf_adds(&out, at + sizeof(yes) - 1) == BUF_OK) {
        buf_reset(body);
        rc = buf_add(body, buf_str(&out), buf_len(&out)) == BUF_OK ? 0 : -1;
    }
    buf_free(&out);
    return rc;
}
