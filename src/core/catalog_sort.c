/* catalog_sort — the entries in a reader's order, fast on large
 * catalogues.
 *
 * qsort with strcasecmp compares the same long prefixes again and again
 * ("PolarDB for MySQL ..." against "PolarDB for MySQL ..."): at 100,000
 * entries that is some fifty milliseconds before the picker's first
 * frame.  A multikey quicksort (three-way partitions on one "character"
 * at a time, Bentley and Sedgewick) reads each distinguishing character
 * about once instead; here a character is eight bytes of the text, kept
 * in the item as one big-endian integer, so that a partition reads no
 * text and a group goes back to its texts only every eight bytes.  The
 * bytes are folded with the locale's tolower(), the very mapping
 * strcasecmp compares, so the order is strcasecmp's; what it cannot tell
 * apart goes to the rest of the comparison. */
#include "config.h"

#include "core/catalog.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Below this many items, insertion sort. */
#define SMALL 12

struct item {
    uint64_t key;               /* folded bytes 8 * depth on, big-endian,
                                   NULs after the text's end */
    const unsigned char *text;
    const char *service;
    size_t index;
};

struct sorter {
    unsigned char fold[256];
};

/* The comparison the order is defined by: text as strcasecmp orders it,
 * then as strcmp does, then the service name as strcasecmp orders it,
 * then the index.  Texts are known equal (folded) before byte at. */
static int item_cmp(const struct sorter *s, const struct item *a,
                    const struct item *b, size_t at)
{
    const unsigned char *x = a->text + at, *y = b->text + at;
    int c;

    while (*x && s->fold[*x] == s->fold[*y]) {
        x++;
        y++;
    }
    if (s->fold[*x] != s->fold[*y])
        return s->fold[*x] < s->fold[*y] ? -1 : 1;
    c = strcmp((const char *)a->text, (const char *)b->text);
    if (c == 0)
        c = strcasecmp(a->service, b->service);
    if (c == 0)
        c = (a->index > b->index) - (a->index < b->index);
    return c;
}

static int tie_cmp(const void *x, const void *y)
{
    const struct item *a = x, *b = y;
    int c = strcmp((const char *)a->text, (const char *)b->text);

    if (c == 0)
        c = strcasecmp(a->service, b->service);
    if (c == 0)
        c = (a->index > b->index) - (a->index < b->index);
    return c;
}

static void swap(struct item *a, struct item *b)
{
    struct item t = *a;

    *a = *b;
    *b = t;
}

static void insertion(const struct sorter *s, struct item *a, size_t n,
                      size_t at)
{
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && item_cmp(s, &a[j - 1], &a[j], at) > 0;
             j--)
            swap(&a[j - 1], &a[j]);
}

/* Items whose texts are equal once folded: the rest of the comparison
 * alone (a catalogue may hold many of one product: no insertion sort). */
static void ties(struct item *a, size_t n)
{
    qsort(a, n, sizeof(*a), tie_cmp);
}

/* Loads each item's key for chunk depth (bytes 8 * depth on); their
 * texts are known to go on that far. */
static void load_keys(const struct sorter *s, struct item *a, size_t n,
                      size_t depth)
{
    for (size_t i = 0; i < n; i++) {
        const unsigned char *p = a[i].text + 8 * depth;
        uint64_t k = 0;
        int j;

        for (j = 0; j < 8 && p[j]; j++)
            k = k << 8 | s->fold[p[j]];
        a[i].key = j ? k << (8 * (8 - j)) : 0;
    }
}

/* Sorts a[0..n), whose texts agree (folded) before chunk depth and whose
 * keys are loaded for it.  Recurses on the two smaller of the three
 * parts and loops on the largest, so the stack stays within log2(n)
 * frames.  Equal keys whose last byte is NUL have ended there: their
 * texts are equal, folded. */
static void mkqs(const struct sorter *s, struct item *a, size_t n,
                 size_t depth)
{
    while (n > SMALL) {
        uint64_t x = a[0].key, y = a[n / 2].key, z = a[n - 1].key;
        uint64_t pivot = x < y ? (y < z ? y : x < z ? z : x)
                               : (x < z ? x : y < z ? z : y);
        size_t lt = 0, i = 0, gt = n, nlt, neq, ngt;
        bool ended = (pivot & 0xFF) == 0;

        /* Dijkstra's three-way partition: [0,lt) below, [lt,i) equal,
         * [gt,n) above. */
        while (i < gt) {
            uint64_t k = a[i].key;

            if (k < pivot)
                swap(&a[lt++], &a[i++]);
            else if (k > pivot)
                swap(&a[i], &a[--gt]);
            else
                i++;
        }
        nlt = lt;
        neq = gt - lt;
        ngt = n - gt;
        if (neq >= nlt && neq >= ngt) {
            mkqs(s, a, nlt, depth);
            mkqs(s, a + gt, ngt, depth);
            a += lt;
            n = neq;
            if (ended) {
                ties(a, n);
                return;
            }
            depth++;
            load_keys(s, a, n, depth);
            continue;
        }
        if (ended) {
            ties(a + lt, neq);
        } else {
            load_keys(s, a + lt, neq, depth + 1);
            mkqs(s, a + lt, neq, depth + 1);
        }
        if (nlt >= ngt) {
            mkqs(s, a + gt, ngt, depth);
            n = nlt;
        } else {
            mkqs(s, a, nlt, depth);
            a += gt;
            n = ngt;
        }
    }
    insertion(s, a, n, 8 * depth);
}

static void sorter_init(struct sorter *s)
{
    for (int i = 0; i < 256; i++)
        s->fold[i] = (unsigned char)tolower(i);
}

static struct item *items_new(const struct catalog *c,
                              const char *const *text)
{
    struct item *items = malloc((c->count ? c->count : 1) * sizeof(*items));

    if (!items)
        return NULL;
    for (size_t i = 0; i < c->count; i++) {
        items[i].text = (const unsigned char *)text[i];
        items[i].service = c->entries[i].service_name;
        items[i].index = i;
    }
    return items;
}

static void items_sort(const struct sorter *s, struct item *items, size_t n)
{
    load_keys(s, items, n, 0);
    mkqs(s, items, n, 0);
}

int catalog_sort_by(const struct catalog *c, const char *const *text,
                    size_t *order)
{
    struct item *items = items_new(c, text);
    struct sorter s;

    if (!items)
        return -1;
    sorter_init(&s);
    items_sort(&s, items, c->count);
    for (size_t i = 0; i < c->count; i++)
        order[i] = items[i].index;
    free(items);
    return 0;
}

/* The heap's largest item (by item_cmp) sinks from i to its place. */
static void sift_down(const struct sorter *s, struct item *h, size_t n,
                      size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, top = i;

        if (l < n && item_cmp(s, &h[l], &h[top], 0) > 0)
            top = l;
        if (r < n && item_cmp(s, &h[r], &h[top], 0) > 0)
            top = r;
        if (top == i)
            return;
        swap(&h[i], &h[top]);
        i = top;
    }
}

int catalog_sort_top(const struct catalog *c, const char *const *text,
                     size_t k, size_t *order)
{
    struct item *items;
    struct sorter s;
    size_t n = c->count, at = 0;
    unsigned char *chosen;

    if (k >= n)
        return catalog_sort_by(c, text, order);
    items = items_new(c, text);
    chosen = calloc(n ? n : 1, 1);
    if (!items || !chosen) {
        free(items);
        free(chosen);
        return -1;
    }
    sorter_init(&s);
    /* A max-heap of the k first items by the whole comparison; each
     * later item smaller than its top takes the top's place. */
    for (size_t i = k / 2; i-- > 0;)
        sift_down(&s, items, k, i);
    for (size_t i = k; i < n && k; i++)
        if (item_cmp(&s, &items[i], &items[0], 0) < 0) {
            items[0] = items[i];
            sift_down(&s, items, k, 0);
        }
    items_sort(&s, items, k);
    for (size_t i = 0; i < k; i++) {
        order[at++] = items[i].index;
        chosen[items[i].index] = 1;
    }
    for (size_t i = 0; i < n; i++)
        if (!chosen[i])
            order[at++] = i;
    free(items);
    free(chosen);
    return 0;
}
