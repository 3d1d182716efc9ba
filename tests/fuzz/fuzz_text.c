/* fuzz_text — column measuring, the form's rules and its line editor.
 *
 * Whatever text is (a catalogue's product name, a pasted suffix, bytes
 * that are not UTF-8), what reaches the terminal must be valid UTF-8
 * without C0 or C1 controls and exactly as wide as asked, a rule message
 * must be printable ASCII, and the editor's cursor must never land
 * inside a character.  The input is all three: the text measured and
 * checked, what is pasted into the editor, and the keys pressed after. */
#include "config.h"

#include <locale.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app/slr.h"
#include "core/buf.h"
#include "core/lineedit.h"
#include "core/rules.h"
#include "core/text.h"
#include "fuzz.h"

/* Editing steps taken from the input, at most. */
#define KEYS_MAX 512
/* Keys between two full checks of the editor. */
#define FULL_CHECK_EVERY 16
/* Bytes a pasting key inserts. */
#define PASTE_MAX 7

static const char prefix[] = "[pre]";

/* Widths follow the locale's wcwidth, as in the program. */
static void locale_once(void)
{
    static bool done;

    if (!done) {
        if (!setlocale(LC_CTYPE, "C.UTF-8"))
            setlocale(LC_CTYPE, "");
        done = true;
    }
}

static bool is_control(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
}

/* Valid UTF-8 with no control characters. */
static bool clean(const char *s, size_t len)
{
    size_t off = 0;

    while (off < len) {
        uint32_t cp;
        bool valid;

        off += text_decode(s + off, len - off, &cp, &valid);
        if (!valid || is_control(cp))
            return false;
    }
    return true;
}

/* Whether off is where a character (or an invalid byte) starts. */
static bool boundary(const char *s, size_t len, size_t off)
{
    size_t at = 0;

    while (at < off && at < len)
        at += text_decode(s + at, len - at, NULL, NULL);
    return at == off;
}

/* Columns s takes as text_fill shows it. */
static size_t shown_cols(const char *s, bool ascii)
{
    size_t len = strlen(s);

    return ascii ? text_chars(s, len) : text_ncols(s, len);
}

static void check_fill(const char *s, size_t cols, bool pad, bool ascii)
{
    struct buf out;
    const char *got;
    size_t len, want = shown_cols(s, ascii);
    bool cut = want > cols;

    buf_init(&out, 1u << 20);
    FUZZ_CHECK(buf_adds(&out, prefix) == BUF_OK);
    FUZZ_CHECK(text_fill(&out, s, cols, pad, ascii) == BUF_OK);
    /* text_fill appends. */
    FUZZ_CHECK(memcmp(buf_str(&out), prefix, sizeof(prefix) - 1) == 0);
    got = buf_str(&out) + sizeof(prefix) - 1;
    len = buf_len(&out) - (sizeof(prefix) - 1);
    FUZZ_CHECK(strlen(got) == len);
    FUZZ_CHECK(clean(got, len));
    if (ascii)
        for (size_t i = 0; i < len; i++)
            FUZZ_CHECK(got[i] >= 0x20 && got[i] <= 0x7E);
    if (cut || pad)
        FUZZ_CHECK(text_ncols(got, len) == cols);
    else
        FUZZ_CHECK(text_ncols(got, len) == want);
    if (cut && !ascii && cols > 0)
        FUZZ_CHECK(strstr(got, "\xE2\x80\xA6") != NULL);
    if (cut && ascii && cols >= 3)
        FUZZ_CHECK(strstr(got, "...") != NULL);
    buf_free(&out);
}

static void check_fit(const char *s, size_t cols)
{
    size_t len = strlen(s), used = (size_t)-1, off;
    uint32_t cp;
    bool valid;

    off = text_fit(s, cols, &used);
    FUZZ_CHECK(off <= len && used <= cols);
    FUZZ_CHECK(boundary(s, len, off));
    FUZZ_CHECK(text_ncols(s, off) == used);
    FUZZ_CHECK(text_fit(s, cols, NULL) == off);
    /* The longest prefix: what stops it does not fit. */
    if (off < len) {
        text_decode(s + off, len - off, &cp, &valid);
        FUZZ_CHECK((valid ? (size_t)text_cp_cols(cp) : 1) > cols - used);
    }
}

static void check_text(const char *s)
{
    static const size_t widths[] = { 0, 1, 2, 3, 4, 5, 8, 13, 40, 200 };
    size_t len = strlen(s);

    FUZZ_CHECK(text_cols(s) == text_ncols(s, len));
    FUZZ_CHECK(text_chars(s, len) <= len);
    FUZZ_CHECK(text_ncols(s, len) <= 2 * text_chars(s, len));
    for (size_t i = 0; i < sizeof(widths) / sizeof(widths[0]); i++) {
        check_fit(s, widths[i]);
        for (int mode = 0; mode < 4; mode++)
            check_fill(s, widths[i], mode & 1, (mode & 2) != 0);
    }
}

static void check_report(const struct rules_report *r, size_t nproblems,
                         const char *suffix, const char *desc)
{
    size_t last_off[2] = { 0, 0 };

    FUZZ_CHECK(nproblems == r->count && r->count <= RULES_MAX_PROBLEMS);
    for (size_t i = 0; i < r->count; i++) {
        const struct rules_problem *p = &r->problems[i];
        const char *field = p->field == RULES_SUFFIX ? suffix : desc;
        struct buf text;
        const char *m;
        size_t n;

        buf_init(&text, 4096);
        FUZZ_CHECK(slr_problem_text(&text, r, i) == 0);
        m = buf_str(&text);
        n = strlen(m);
        FUZZ_CHECK(p->field == RULES_SUFFIX ||
                   p->field == RULES_DESCRIPTION);
        FUZZ_CHECK(field && *field);
        /* Short enough to stand under a form field, printable. */
        FUZZ_CHECK(n > 0 && n < 96);
        for (size_t k = 0; k < n; k++)
            FUZZ_CHECK(m[k] >= 0x20 && m[k] <= 0x7E);
        FUZZ_CHECK(m[n - 1] != '.');
        buf_free(&text);
        FUZZ_CHECK(p->offset < strlen(field));
        FUZZ_CHECK(boundary(field, strlen(field), p->offset));
        FUZZ_CHECK(p->index == text_chars(field, p->offset));
        /* In order of position within a field. */
        FUZZ_CHECK(p->offset >= last_off[p->field]);
        last_off[p->field] = p->offset;
    }
    if (desc && *desc)
        FUZZ_CHECK(r->description_chars == text_chars(desc, strlen(desc)));
}

static void check_rules(char *s)
{
    struct rules_report r;
    char *nl = strchr(s, '\n');
    const char *first = s;
    size_t n;

    n = rules_check(NULL, s, s, &r);
    check_report(&r, n, s, s);
    n = rules_check("AliyunServiceRoleForPolarDB", s, NULL, &r);
    check_report(&r, n, s, NULL);
    FUZZ_CHECK(r.role_name_len ==
               27 + (*s ? 1 + text_chars(s, strlen(s)) : 0));
    /* The first line as a (possibly hostile) preset role name, the rest
     * as the suffix. */
    if (nl) {
        *nl = '\0';
        n = rules_check(first, nl + 1, first, &r);
        check_report(&r, n, nl + 1, first);
        *nl = '\n';
    }
}

/* What holds after every key; cheap, since keys are many. */
static void check_cursor(const struct lineedit *e)
{
    uint32_t cp;
    bool valid;

    FUZZ_CHECK(e->text != NULL && e->len <= e->max && e->len < e->cap);
    FUZZ_CHECK(e->text[e->len] == '\0');
    FUZZ_CHECK(e->cursor <= e->len);
    /* The text is valid UTF-8 (check_editor says so), so a boundary is
     * any byte that does not continue a character. */
    FUZZ_CHECK(((unsigned char)e->text[e->cursor] & 0xC0) != 0x80);
    /* Not between a character and its combining marks either. */
    if (e->cursor > 0 && e->cursor < e->len) {
        text_decode(e->text + e->cursor, e->len - e->cursor, &cp, &valid);
        FUZZ_CHECK(valid && text_cp_cols(cp) != 0);
    }
}

/* Everything, every few keys: a walk over the whole text each. */
static void check_editor(const struct lineedit *e)
{
    check_cursor(e);
    FUZZ_CHECK(strlen(e->text) == e->len);
    /* Only typed characters get in: no controls, nothing invalid. */
    FUZZ_CHECK(clean(e->text, e->len));
    FUZZ_CHECK(boundary(e->text, e->len, e->cursor));
    FUZZ_CHECK(lineedit_cursor_cols(e) == text_ncols(e->text, e->cursor));
    for (size_t w = 1; w <= 16; w *= 4) {
        size_t off = lineedit_scroll(e, w);

        FUZZ_CHECK(off <= e->cursor);
        FUZZ_CHECK(boundary(e->text, e->len, off));
        FUZZ_CHECK(text_ncols(e->text + off, e->cursor - off) < w);
    }
}

static void edit(const uint8_t *data, size_t size, size_t max)
{
    struct lineedit e;
    size_t keys = size < KEYS_MAX ? size : KEYS_MAX;

    if (lineedit_init(&e, max))
        return;
    check_editor(&e);
    lineedit_insert(&e, (const char *)data, size);
    check_editor(&e);
    for (size_t i = 0; i < keys; i++) {
        size_t before = e.len;

        switch (data[i] % 13) {
        case 0: lineedit_left(&e); break;
        case 1: lineedit_right(&e); break;
        case 2: lineedit_home(&e); break;
        case 3: lineedit_end(&e); break;
        case 4: lineedit_word_left(&e); break;
        case 5: lineedit_word_right(&e); break;
        case 6: lineedit_backspace(&e); break;
        case 7: lineedit_delete(&e); break;
        case 8: lineedit_delete_word_back(&e); break;
        case 9: lineedit_kill_to_start(&e); break;
        case 10: lineedit_kill_to_end(&e); break;
        default: {
            /* Pastes what follows the key, whatever it is. */
            size_t n = size - i - 1 < PASTE_MAX ? size - i - 1 : PASTE_MAX;
            size_t put = lineedit_insert(&e, (const char *)data + i + 1, n);

            FUZZ_CHECK(e.len == before + put);
            break;
        }
        }
        if (i % FULL_CHECK_EVERY == 0)
            check_editor(&e);
        else
            check_cursor(&e);
    }
    check_editor(&e);
    lineedit_free(&e);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s;

    locale_once();
    s = fuzz_cstr(data, size);
    if (!s)
        return 0;
    check_text(s);
    check_rules(s);
    edit(data, size, 48);
    edit(data, size, 4096);
    free(s);
    return 0;
}
