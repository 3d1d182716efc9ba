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

static void kv_wipe(struct kv *p)
{
    wipe_free(p->key);
    wipe_free(p->value);
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

static char *kv_dup(const char *s, size_t len)
{
    char *p = malloc(len + 1);

    if (!p)
        return NULL;
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
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
    pair.key = kv_dup(key, key_len);
    pair.value = kv_dup(value, value_len);
    if (!pair.key || !pair.value) {
        free(pair.key);
        free(pair.value);
        return -1;
    }
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
            char *v = kv_dup(value, strlen(value));

            if (!v)
                return -1;
            wipe_mem(l->items[i].value, strlen(l->items[i].value));
            free(l->items[i].value);
            l->items[i].value = v;
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
