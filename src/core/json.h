/* json — writing JSON for people and scripts.
 *
 * A small streaming writer so front ends can print JSON (the services
 * list, API results) without holding a parser's tree: it indents with two
 * spaces like the aliyun CLI, escapes what JSON requires, and replaces
 * bytes that are not UTF-8 so the output is always valid JSON. */
#ifndef LINKROLE_JSON_H
#define LINKROLE_JSON_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"

#define JSON_DEPTH_MAX 32

struct json_writer {
    struct buf *out;
    int indent;                     /* spaces per level; 0 for one line */
    int depth;
    char kind[JSON_DEPTH_MAX];      /* per open container: '{' or '[' */
    bool has_items[JSON_DEPTH_MAX]; /* per open container */
    bool after_key;                 /* a key waits for its value */
    bool top_done;                  /* the document's value has begun */
    int error;                      /* first buf error, or -1 for misuse */
};

void json_writer_init(struct json_writer *w, struct buf *out, int indent);
void json_begin_object(struct json_writer *w);
void json_end_object(struct json_writer *w);
void json_begin_array(struct json_writer *w);
void json_end_array(struct json_writer *w);
void json_key(struct json_writer *w, const char *key);
void json_string(struct json_writer *w, const char *s);  /* NULL → null */
void json_bool(struct json_writer *w, bool v);
void json_null(struct json_writer *w);
void json_int(struct json_writer *w, long long v);
/* Ends the document with a newline; returns 0 or the first error.  Misuse
 * (a key outside an object, a value without its key, a mismatched end, a
 * second top-level value) is an error, so what returns 0 is valid JSON. */
int json_writer_finish(struct json_writer *w);

void json_number(struct json_writer *w, double v);

/* Re-writes the JSON document text[0..len) with the writer's indentation,
 * keeping key order.  Returns 0, or -1 when it is not JSON (or is nested
 * deeper than JSON_DEPTH_MAX) or out of room. */
int json_pretty(struct buf *out, const char *text, size_t len, int indent);

/* Re-writes it as json_pretty does, with every string (keys and values)
 * passed through map first: map appends what stands for s to out and
 * returns 0, or -1 to give up.  Returns 0 or -1, as json_pretty. */
int json_pretty_map(struct buf *out, const char *text, size_t len,
                    int indent,
                    int (*map)(void *ctx, struct buf *out, const char *s),
                    void *ctx);

/* Why json_parse refuses a text that cJSON alone would take: RFC 8259
 * has no raw control characters (U+0000-U+001F) inside strings, and a
 * NUL (\u0000), though valid JSON, cannot live in a C string: cJSON
 * would cut the string there ("1\u00002" read as "1"), so a document
 * holding one is refused whole rather than read short. */
enum json_refusal {
    JSON_REFUSAL_NONE,
    JSON_REFUSAL_CONTROL,   /* a raw control byte in a string (or a NUL
                               byte anywhere) */
    JSON_REFUSAL_NUL        /* a \u0000 escape in a string */
};

/* The first thing in text[0..len) json_parse refuses before parsing,
 * and (at, may be NULL) its byte offset. */
enum json_refusal json_refusal(const char *text, size_t len, size_t *at);

struct cJSON;

/* Parses exactly one JSON document in text[0..len): blanks may follow
 * it, anything else is an error (cJSON alone accepts "{} x"), and so is
 * what json_refusal finds.  On error returns NULL and, if error_at is not
 * NULL, the byte offset where the text stops being JSON.  For parsers in
 * core and cloud only: front ends never hold a cJSON tree. */
struct cJSON *json_parse(const char *text, size_t len, size_t *error_at);
/* Overwrites every string in the tree (secrets), then deletes it. */
void json_delete_wiped(struct cJSON *root);

/* Appends s as a quoted JSON string: controls (C0, DEL and C1) escaped,
 * bytes that are not UTF-8 as \ufffd, other text as it is. */
int json_quote(struct buf *out, const char *s);

/* A JSON object of one level, such as a line of the journal: its string
 * members into out as key and value, true and false as "true" and
 * "false"; numbers, null, arrays and objects are left out.  Returns 0,
 * or -1 when text is not a JSON object or memory runs out. */
struct kvlist;
int json_flat_object(const char *text, size_t len, struct kvlist *out);

#endif
