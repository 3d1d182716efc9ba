/* creds_words — the creds fixture, worded: tests of app/creds_text run
 * the chain for real and compare what it says with the exact lines
 * linkrole has always printed.  Every worded line is also added to
 * `seen`, so the fixture's secrets search covers the words too. */
#ifndef LINKROLE_CREDS_WORDS_H
#define LINKROLE_CREDS_WORDS_H

#include "cloud/creds.h"

#define CFG "~/.aliyun/config.json"
#define INI "~/.alibabacloud/credentials"
#define OPS_REFUSED "profile \"ops\" (RamRoleArn): AssumeRole refused: " \
                    "EntityNotExist.Role: The role not exists: " \
                    "acs:ram::1234567890123456:role/ops."

/* The fixture's setup, with notes worded into `logged` and warnings
 * into `warned` as they come. */
int words_setup(void **state);

/* Expects p in exactly these words (NULL: any words). */
void expect_text(const struct creds_problem *p, const char *message);
/* Resolves, expecting failure worded exactly so. */
void expect_words(const char *profile, enum creds_status want,
                  const char *message);

/* The words of the first source passed over as unusable (nothing was
 * found). */
void expect_passed_over_words(const char *profile, const char *message);

#endif
