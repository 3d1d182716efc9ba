/* names — what the cloud's identifiers may look like, checked once.
 *
 * Service names, role names and region ids arrive from the command line,
 * profiles, the catalogue and caches, and some go into URL paths and
 * host names: every part of the client checks them here, with the same
 * rules.  (The simulator states the API's limits on its own.) */
#ifndef LINKROLE_NAMES_H
#define LINKROLE_NAMES_H

#include <stdbool.h>
#include <stddef.h>

#define NAMES_SERVICE_MAX 128
#define NAMES_ROLE_MAX 64
#define NAMES_REGION_MAX 64

/* A service identity such as polardb.aliyuncs.com: lower-case letters,
 * digits, "." and "-", at least one dot, at most 128 bytes. */
bool names_service_ok(const char *s);
/* The same of s[0..len), which need not end there. */
bool names_service_okn(const char *s, size_t len);

/* A RAM role name: 1-64 letters, digits, ".", "-" and "_" (the "_"
 * joins a service-linked role's name to its suffix); "." and ".." are
 * refused, since names go into paths. */
bool names_role_ok(const char *s);
bool names_role_okn(const char *s, size_t len);

/* A region id such as cn-hangzhou: 1-64 ASCII letters, digits and "-".
 * Either case is accepted (people type CN-Hangzhou); see
 * names_region_lower. */
bool names_region_ok(const char *s);

/* Copies region into out (size bytes), lower-cased, as the cloud writes
 * region ids.  Returns 0, or -1 when it is not a region id or does not
 * fit (out is then ""). */
int names_region_lower(char *out, size_t size, const char *region);

#endif
