/* script — the headless runner: keys from a file (LINKROLE_TUI_SCRIPT),
 * the screen drawn on the null device, and dumps of the virtual screen
 * (text, or one letter of attributes per cell) for golden tests, as tig
 * does with TIG_SCRIPT and :save-display.  Keys come one at a time, or
 * as one read burst (:burst KEYS), or as a bracketed paste of a file's
 * bytes (:paste FILE), as loop.c sees them from a terminal. */
#include "config.h"

#include "tui/loop.h"

#include <curses.h>

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/i18n.h"
#include "core/file.h"
#include "tui/jobs.h"
#include "tui/keys.h"
#include "tui/state.h"
#include "tui/term.h"

#define SCRIPT_TICK_MS 100
/* A :paste reads this much of its file: more than the loop keeps. */
#define SCRIPT_PASTE_MAX (1024 * 1024)

/* A dump is built in memory and written with core/file's replacer, as
 * every file linkrole writes: not through a symlink, 0600, whole. */
static int script_put(FILE *f, char **text, size_t *len, const char *path,
                      int rc)
{
    /* open_memstream sets *text and *len at fclose, not before. */
    if (fclose(f))
        rc = -1;
    if (rc == 0 && file_replace(path, *text, *len, NULL) != FILE_PUT_OK)
        rc = -1;
    free(*text);
    return rc;
}

static int script_dump(const char *path)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    wchar_t *row = calloc((size_t)COLS + 1, sizeof(*row));
    char *bytes = malloc(((size_t)COLS + 1) * MB_LEN_MAX);
    int rc = -1;

    if (!f || !row || !bytes)
        goto out;
    for (int y = 0; y < LINES; y++) {
        size_t n;

        row[0] = L'\0';
        if (mvinnwstr(y, 0, row, COLS) == ERR)
            row[0] = L'\0';
        n = wcstombs(bytes, row, ((size_t)COLS + 1) * MB_LEN_MAX);
        if (n == (size_t)-1)
            n = 0;
        while (n > 0 && bytes[n - 1] == ' ')
            n--;
        bytes[n] = '\0';
        fprintf(f, "%s\n", bytes);
    }
    rc = 0;
out:
    if (f)
        rc = script_put(f, &text, &len, path, rc);
    free(row);
    free(bytes);
    return rc;
}

/* The attributes of every cell, one letter each: C a colour pair, R
 * reverse, B bold, U underline, . none (trailing dots trimmed) — so the
 * monochrome theme has a golden file of its own. */
static int script_attrs(const char *path)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    char *row = malloc((size_t)COLS + 1);
    int rc = -1;

    if (!f || !row)
        goto out;
    for (int y = 0; y < LINES; y++) {
        int n = 0;

        for (int x = 0; x < COLS; x++) {
            /* The wide-character read: inch() garbles the attributes of
             * cells holding non-ASCII text. */
            cchar_t cell;
            wchar_t wch[CCHARW_MAX + 1];
            attr_t a = 0;
            short pair = 0;

            if (mvin_wch(y, x, &cell) == ERR ||
                getcchar(&cell, wch, &a, &pair, NULL) == ERR) {
                a = 0;
                pair = 0;
            }
            row[x] = pair ? 'C'
                     : (a & A_REVERSE) ? 'R'
                     : (a & A_BOLD) ? 'B'
                     : (a & A_UNDERLINE) ? 'U' : '.';
            if (row[x] != '.')
                n = x + 1;
        }
        row[n] = '\0';
        fprintf(f, "%s\n", row);
    }
    rc = 0;
out:
    if (f)
        rc = script_put(f, &text, &len, path, rc);
    free(row);
    return rc;
}

/* Waits until no background work is pending (at most 30 s). */
static int script_wait(struct tui *t)
{
    for (int i = 0; i < 300 && jobs_pending(t); i++) {
        int fd = jobs_fd(t);
        struct pollfd p = { fd, POLLIN, 0 };

        if (poll(&p, 1, SCRIPT_TICK_MS) > 0)
            jobs_wake(t);
        loop_frame(t);
    }
    return jobs_pending(t) ? -1 : 0;
}

/* A <Name> at s (after the '<'): a key by the name the key table uses,
 * or a click or a new size; *used is its length up to '>'.  In a burst
 * the key is one of several read together. */
static int script_key(struct tui *t, const char *s, size_t *used,
                      bool burst)
{
    const char *end = strchr(s, '>');
    size_t n;
    int w, h, key;

    if (!end)
        return -1;
    n = (size_t)(end - s);
    *used = n + 2;
    if (sscanf(s, "Click %d %d>", &w, &h) == 2 && w >= 0 && h >= 0) {
        loop_click(t, h, w);
        return 0;
    }
    if (sscanf(s, "Resize %d %d>", &w, &h) == 2 && w > 0 && h > 0) {
        resize_term(h, w);
        loop_resize();
        return 0;
    }
    key = keys_parse(s, n);
    if (key < 0)
        return -1;
    if (burst)
        loop_burst_key(t, key);
    else
        loop_key(t, key);
    return 0;
}

/* The keys of s: one at a time, a frame after each, as a person types
 * them; or (burst) all read at once, as a paste without bracketed
 * paste arrives, and one frame after them. */
static int script_keys(struct tui *t, const char *s, bool burst)
{
    while (*s && !t->quit) {
        size_t used = 1;

        if (*s == '<') {
            if (script_key(t, s + 1, &used, burst))
                return -1;
        } else {
            mbstate_t st;
            wchar_t wc;
            size_t n;

            memset(&st, 0, sizeof(st));
            n = mbrtowc(&wc, s, strlen(s), &st);
            if (n == (size_t)-1 || n == (size_t)-2 || n == 0)
                return -1;
            used = n;
            if (burst)
                loop_burst_key(t, (int)wc);
            else
                loop_key(t, (int)wc);
        }
        s += used;
        if (!burst) {
            loop_wake(t);
            loop_frame(t);
        }
    }
    if (burst) {
        loop_burst_end(t);
        loop_wake(t);
        loop_frame(t);
    }
    return 0;
}

/* The bytes of the file at path, as one bracketed paste (at most
 * SCRIPT_PASTE_MAX of them: the loop keeps less). */
static int script_paste(struct tui *t, const char *path)
{
    FILE *f = fopen(path, "rb");
    char *text = malloc(SCRIPT_PASTE_MAX);
    size_t n;
    int rc = -1;

    if (!f || !text)
        goto out;
    n = fread(text, 1, SCRIPT_PASTE_MAX, f);
    if (ferror(f))
        goto out;
    loop_paste(t, text, n);
    loop_wake(t);
    loop_frame(t);
    rc = 0;
out:
    if (f)
        fclose(f);
    free(text);
    return rc;
}

static int script_line(struct tui *t, const char *line)
{
    if (line[0] == '#' || line[0] == '\0')
        return 0;
    if (strcmp(line, ":wait") == 0)
        return script_wait(t);
    /* The timer set (the next poll of a deletion) runs now, and what it
     * sent is waited for: a test steps through time without sleeping. */
    if (strcmp(line, ":timer") == 0)
        return jobs_timer_run(t, true) ? script_wait(t) : -1;
    if (strncmp(line, ":dump ", 6) == 0) {
        loop_frame(t);
        return script_dump(line + 6);
    }
    if (strncmp(line, ":attrs ", 7) == 0) {
        loop_frame(t);
        return script_attrs(line + 7);
    }
    if (strncmp(line, ":burst ", 7) == 0)
        return script_keys(t, line + 7, true);
    if (strncmp(line, ":paste ", 7) == 0)
        return script_paste(t, line + 7);
    if (line[0] == ':')
        return -1;
    return script_keys(t, line, false);
}

int script_run(struct tui *t, const char *path)
{
    FILE *f = fopen(path, "r");
    char line[4096];
    int rc = 0, lineno = 0;

    if (!f) {
        fprintf(stderr, _("linkrole: cannot read the UI script %s: %s\n"),
                path, strerror(errno));
        return -1;
    }
    loop_frame(t);
    while (!t->quit && fgets(line, sizeof(line), f)) {
        lineno++;
        line[strcspn(line, "\n")] = '\0';
        if (script_line(t, line)) {
            fprintf(stderr, _("linkrole: %s:%d: cannot run '%s'\n"), path,
                    lineno, line);
            rc = -1;
            break;
        }
        if (term_signal())
            break;
    }
    fclose(f);
    return rc;
}

