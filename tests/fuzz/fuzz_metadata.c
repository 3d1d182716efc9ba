/* fuzz_metadata — answers of the ECS metadata service and of a
 * credentials URI, through the real credential chain.
 *
 * Both are plain HTTP services whose answers linkrole turns into keys:
 * the role name (a text line), the IMDSv2 token, and the credentials
 * JSON (Code, AccessKeyId, AccessKeySecret, SecurityToken, Expiration).
 * An input is a mode byte and then answers separated by 0x1E
 * (fuzz_creds.h):
 *
 *     MODE ANSWER \x1E ANSWER ...
 *
 * MODE (its low two bits) picks the source: 0 the metadata service for
 * the role in ALIBABA_CLOUD_ECS_METADATA, 1 the same with IMDSv1 turned
 * off, 2 a credentials URI, 3 a config.json profile of mode EcsRamRole
 * with no role named (so the service is asked for it).  Beside the
 * invariants of every problem, an AccessKeySecret or SecurityToken that
 * an answer to a request for keys hands out, when the input spells it
 * nowhere else, must never be shown: not in a problem, not in the
 * source. */
#include "config.h"

#include <cjson/cJSON.h>

#include "fuzz_creds.h"

#define SECRET_MIN 8

/* How often needle occurs in data[0..size). */
static size_t count(const uint8_t *data, size_t size, const char *needle)
{
    size_t n = strlen(needle), c = 0;

    for (size_t i = 0; n && i + n <= size; i++)
        if (memcmp(data + i, needle, n) == 0)
            c++;
    return c;
}

/* Checks one secret of an answer: when the input spells it nowhere else
 * (so seeing it can only be a leak), it is not in what was shown. */
static void check_secret(const uint8_t *data, size_t size, const cJSON *v)
{
    const char *s = cJSON_IsString(v) ? v->valuestring : NULL;

    if (!s || strlen(s) < SECRET_MIN || count(data, size, s) != 1)
        return;
    if (strstr(fc_shown, s)) {
        fprintf(stderr, "fuzz_metadata: a secret handed out is shown:\n%s",
                fc_shown);
        FUZZ_CHECK(!"a secret handed out is never shown");
    }
}

/* The secrets of every answer that went to a request for keys. */
static void check_secrets(const uint8_t *data, size_t size)
{
    static const char *const keys[] = { "AccessKeySecret", "SecurityToken" };

    for (size_t i = 0; i < fc_used; i++) {
        const char *p = fc_answers[i].p, *nl;
        size_t len = fc_answers[i].len;
        const cJSON *inner;
        cJSON *json;

        if (!fc_for_keys[i])
            continue;
        nl = memchr(p, '\n', len);
        if (nl) {
            len -= (size_t)(nl + 1 - p);
            p = nl + 1;
        }
        json = cJSON_ParseWithLength(p, len);
        /* STS nests them under Credentials. */
        inner = cJSON_GetObjectItemCaseSensitive(json, "Credentials");
        for (size_t k = 0; json && k < 2; k++) {
            check_secret(data, size,
                         cJSON_GetObjectItemCaseSensitive(json, keys[k]));
            check_secret(data, size,
                         cJSON_GetObjectItemCaseSensitive(inner, keys[k]));
        }
        cJSON_Delete(json);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char profile_text[] =
        "{\"current\": \"ecs\", \"profiles\": [{\"name\": \"ecs\","
        " \"mode\": \"EcsRamRole\"}]}";
    const struct fc_span profile = { profile_text, sizeof(profile_text) - 1 };
    struct fc_span rec[FC_ANSWERS_MAX];
    unsigned mode;

    if (size < 1)
        return 0;
    fc_setup_once();
    mode = data[0] & 3u;
    fc_nanswers = fc_split(data + 1, size - 1, rec, FC_ANSWERS_MAX);
    for (size_t i = 0; i < fc_nanswers; i++)
        fc_answers[i] = rec[i];
    fc_used = 0;
    fc_file("credentials", NULL);
    fc_file("config.json", mode == 3 ? &profile : NULL);
    unsetenv("ALIBABA_CLOUD_ECS_METADATA");
    unsetenv("ALIBABA_CLOUD_IMDSV1_DISABLED");
    unsetenv("ALIBABA_CLOUD_CREDENTIALS_URI");
    if (mode == 0 || mode == 1)
        setenv("ALIBABA_CLOUD_ECS_METADATA", "FuzzEcsRole", 1);
    if (mode == 1)
        setenv("ALIBABA_CLOUD_IMDSV1_DISABLED", "true", 1);
    if (mode == 2)
        setenv("ALIBABA_CLOUD_CREDENTIALS_URI",
               "http://127.0.0.1:9/credentials", 1);
    fc_run();
    check_secrets(data, size);
    return 0;
}
