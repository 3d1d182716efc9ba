/* kv — see kv.h. */
#include "config.h"

#include "core/kv.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/wipe.h"

void kvlist_init(struct kvlist *l)
{
    l->items = NULL;
    l->count = 0;
    l->cap = 0;
}

/* A pair is one allocation, the key's bytes then the value's (half the
 * mallocs of two: a signed request adds ten pairs), so the key owns it. */
static void kv_wipe(struct kv *p)
{
    if (p->key) {
        wipe_mem(p->key, (size_t)(p->value - p->key) + strlen(p->value));
        free(p->key);
    }
    p->key = NULL;
    p->value = NULL;
}

void kvlist_free(struct kvlist *l)
{
    for (size_t i = 0; i < l->count; i++)
        kv_wipe(&l->items[i]);
    free(l->items);
    kvlist_init(l);
}

static int kv_pair(struct kv *pair, const char *key, size_t key_len,
                   const char *value, size_t value_len)
{
    char *p;

    if (key_len > ((size_t)-1) / 2 - 1 || value_len > ((size_t)-1) / 2 - 1)
        return -1;
    p = malloc(key_len + value_len + 2);
    if (!p)
        return -1;
    memcpy(p, key, key_len);
    p[key_len] = '\0';
    memcpy(p + key_len + 1, value, value_len);
    p[key_len + 1 + value_len] = '\0';
    pair->key = p;
    pair->value = p + key_len + 1;
    return 0;
}

int kvlist_addn(struct kvlist *l, const char *key, size_t key_len,
                const char *value, size_t value_len)
{
    struct kv pair = { NULL, NULL };

    if (l->count == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 8;
        struct kv *items;

        if (cap > ((size_t)-1) / sizeof(*items))
            return -1;
        items = realloc(l->items, cap * sizeof(*items));
        if (!items)
            return -1;
        l->items = items;
        l->cap = cap;
    }
    if (kv_pair(&pair, key, key_len, value, value_len))
        return -1;
    l->items[l->count++] = pair;
    return 0;
}

int kvlist_add(struct kvlist *l, const char *key, const char *value)
{
    return kvlist_addn(l, key, strlen(key), value, strlen(value));
}

int kvlist_set(struct kvlist *l, const char *key, const char *value)
{
    for (size_t i = 0; i < l->count; i++) {
        if (strcmp(l->items[i].key, key) == 0) {
            struct kv pair;

            if (kv_pair(&pair, key, strlen(key), value, strlen(value)))
                return -1;
            kv_wipe(&l->items[i]);
            l->items[i] = pair;
            return 0;
        }
    }
    return kvlist_add(l, key, value);
}

size_t kvlist_del(struct kvlist *l, const char *key)
{
    size_t kept = 0, removed = 0;

    for (size_t i = 0; i < l->count; i++) {
        if (strcmp(l->items[i].key, key) == 0) {
            kv_wipe(&l->items[i]);
            removed++;
        } else {
            l->items[kept++] = l->items[i];
        }
    }
    l->count = kept;
    return removed;
}

const char *kvlist_get(const struct kvlist *l, const char *key)
{
    for (size_t i = 0; i < l->count; i++)
        if (strcmp(l->items[i].key, key) == 0)
            return l->items[i].value;
    return NULL;
}

const char *kvlist_get_case(const struct kvlist *l, const char *key)
{
    for (size_t i = 0; i < l->count; i++)
        if (strcasecmp(l->items[i].key, key) == 0)
            return l->items[i].value;
    return NULL;
}

static int kv_cmp(const void *a, const void *b)
{
    const struct kv *x = a, *y = b;
    int c = strcmp(x->key, y->key);

    return c ? c : strcmp(x->value, y->value);
}

void kvlist_sort(struct kvlist *l)
{
    if (l->count > 1)
        qsort(l->items, l->count, sizeof(*l->items), kv_cmp);
}
