/* kv — an ordered list of owned key/value strings.
 *
 * Request parameters, headers and INI sections are all small lists of
 * pairs where order matters for output and duplicates may occur (HTTP
 * headers), so this is a plain array rather than a hash.  Values may hold
 * secrets (a SecurityToken), so the memory is wiped when freed. */
#ifndef LINKROLE_KV_H
#define LINKROLE_KV_H

#include <stddef.h>

struct kv {
    char *key;
    char *value;
};

struct kvlist {
    struct kv *items;
    size_t count;
    size_t cap;
};

void kvlist_init(struct kvlist *l);
/* Wipes and frees every pair; the list can be used again afterwards. */
void kvlist_free(struct kvlist *l);

/* Appends a copy of the pair.  Returns 0, or -1 when out of memory. */
int kvlist_add(struct kvlist *l, const char *key, const char *value);
int kvlist_addn(struct kvlist *l, const char *key, size_t key_len,
                const char *value, size_t value_len);
/* Replaces the value of the first pair with this key, or appends. */
int kvlist_set(struct kvlist *l, const char *key, const char *value);
/* Removes every pair with this key; returns how many were removed. */
size_t kvlist_del(struct kvlist *l, const char *key);

/* The value of the first pair whose key equals key (exactly, or ignoring
 * ASCII case for the _case variant); NULL when absent. */
const char *kvlist_get(const struct kvlist *l, const char *key);
const char *kvlist_get_case(const struct kvlist *l, const char *key);

/* Sorts by key in byte order (then by value), as the signing schemes
 * require. */
void kvlist_sort(struct kvlist *l);

#endif
