/* limits — the API's limits, as the simulated account states them.
 *
 * Written from the API reference (names, lengths, ranges), on purpose
 * apart from the client's core/rules, core/names and core/text: if the
 * client miscounts, the simulator must disagree with it rather than
 * repeat the mistake.  Checks answer a verdict; what a refusal is called
 * on the wire is the handlers' business. */
#ifndef LINKROLE_SIM_LIMITS_H
#define LINKROLE_SIM_LIMITS_H

#include <stdbool.h>
#include <stddef.h>

/* A RAM role name, a service-linked role's "_<Suffix>" included. */
#define LIMITS_ROLE_NAME_MAX 64
/* CreateServiceLinkedRole's Description, in characters. */
#define LIMITS_DESCRIPTION_MAX 1024
/* AssumeRole's RoleSessionName. */
#define LIMITS_SESSION_NAME_MIN 2
#define LIMITS_SESSION_NAME_MAX 64
/* AssumeRole's DurationSeconds (15 minutes to 12 hours). */
#define LIMITS_DURATION_MIN 900L
#define LIMITS_DURATION_MAX 43200L
#define LIMITS_DURATION_DEFAULT 3600L
/* AssumeRole's Policy, in bytes (STS's limit since September 2022). */
#define LIMITS_POLICY_MAX 2048u
/* ListRoles' MaxItems. */
#define LIMITS_MAX_ITEMS_MIN 1L
#define LIMITS_MAX_ITEMS_MAX 1000L
#define LIMITS_MAX_ITEMS_DEFAULT 100L
/* Account and role ids are strings of digits; the simulator takes ids up
 * to this long (real ones have 16 to 19). */
#define LIMITS_ID_DIGITS_MAX 32u

enum limits_verdict {
    LIMITS_OK,
    LIMITS_EMPTY,           /* "" where something must be given */
    LIMITS_BAD_CHARS,       /* a character the API does not take */
    LIMITS_TOO_LONG
};

/* Characters in s[0..len), as the API counts them: Unicode code points
 * of well-formed UTF-8.  A byte that starts no well-formed sequence is one
 * character of its own (a decoder puts U+FFFD in its place), so invalid
 * text is never shorter than its valid part. */
size_t limits_chars(const char *s, size_t len);

/* CustomSuffix for a service whose preset role name is role_name:
 * LIMITS_EMPTY for "", LIMITS_BAD_CHARS when it holds anything but ASCII
 * letters, digits, "." and "-" (checked first), LIMITS_TOO_LONG when
 * "<role_name>_<suffix>" is over LIMITS_ROLE_NAME_MAX characters. */
enum limits_verdict limits_suffix(const char *role_name, const char *suffix);

/* Description: LIMITS_EMPTY for "", LIMITS_TOO_LONG beyond
 * LIMITS_DESCRIPTION_MAX characters; any text is taken otherwise. */
enum limits_verdict limits_description(const char *description);

/* A role name as the account keeps one: 1-64 ASCII letters, digits, ".",
 * "-", "_" (which joins a service-linked role's suffix) and "@" (which
 * the older RAM pages allow). */
bool limits_role_name_ok(const char *name);

/* A RoleSessionName: 2-64 of the same characters. */
bool limits_session_name_ok(const char *name);

/* 1 to LIMITS_ID_DIGITS_MAX decimal digits. */
bool limits_id_ok(const char *id);

/* Takes "acs:ram::<account>:role/<name>" apart: account at least one
 * digit (its length is the caller's to judge), name a role name.  The
 * pointers go into arn.  Returns 0, or -1 for anything else. */
int limits_role_arn(const char *arn, const char **account,
                    size_t *account_len, const char **name);

/* A count written in plain decimal (no sign, no spaces, at most 9
 * digits) from min to max.  Returns it, or -1 for anything else. */
long limits_count(const char *text, long min, long max);

#endif
