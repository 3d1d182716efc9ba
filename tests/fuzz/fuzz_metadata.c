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

static void run_input(const uint8_t *data, size_t size);

/* Whether the shown text holds s because the answer said s: the same
 * input with s's one spelling changed (same length, letters only, so
 * the JSON around it stays as it was) is run again, and s is gone from
 * what that run shows.  When s is still shown, it came from elsewhere
 * (a field's name, say "AccessKeySecret" for the secret "AccessKeyS"),
 * not from the answer. */
static bool shown_because_said(const uint8_t *data, size_t size,
                               const char *s)
{
    size_t n = strlen(s);
    const uint8_t *at = NULL;
    uint8_t *copy;
    bool still;

    for (size_t i = 0; i + n <= size && !at; i++)
        if (memcmp(data + i, s, n) == 0)
            at = data + i;
    if (!at || !(copy = malloc(size)))
        return false;
    memcpy(copy, data, size);
    for (size_t i = 0; i < n; i++)
        copy[(size_t)(at - data) + i] = s[i] == 'x' ? 'y' : 'x';
    run_input(copy, size);
    still = strstr(fc_shown, s) != NULL;
    free(copy);
    return !still;
}

/* The secrets that answers to requests for keys handed out, at most
 * SECRETS_MAX, each spelled once only in the input (so seeing it can
 * only be a leak or a coincidence, which shown_because_said tells). */
#define SECRETS_MAX 8

static size_t find_secrets(const uint8_t *data, size_t size,
                           char *out[SECRETS_MAX])
{
    static const char *const keys[] = { "AccessKeySecret", "SecurityToken" };
    size_t n = 0;

    for (size_t i = 0; i < fc_used; i++) {
        const char *p = fc_answers[i].p, *nl;
        size_t len = fc_answers[i].len;
        const cJSON *where[2];
        cJSON *json;

        if (!fc_for_keys[i])
            continue;
        nl = memchr(p, '\n', len);
        if (nl) {
            len -= (size_t)(nl + 1 - p);
            p = nl + 1;
        }
        json = cJSON_ParseWithLength(p, len);
        where[0] = json;
        /* STS nests them under Credentials. */
        where[1] = cJSON_GetObjectItemCaseSensitive(json, "Credentials");
        for (size_t w = 0; w < 2; w++)
            for (size_t k = 0; where[w] && k < 2; k++) {
                const cJSON *v =
                    cJSON_GetObjectItemCaseSensitive(where[w], keys[k]);
                const char *sv = cJSON_IsString(v) ? v->valuestring : NULL;

                if (n < SECRETS_MAX && sv && strlen(sv) >= SECRET_MIN &&
                    count(data, size, sv) == 1 && (out[n] = strdup(sv)))
                    n++;
            }
        cJSON_Delete(json);
    }
    return n;
}

static void run_input(const uint8_t *data, size_t size)
{
    static const char profile_text[] =
        "{\"current\": \"ecs\", \"profiles\": [{\"name\": \"ecs\","
        " \"mode\": \"EcsRamRole\"}]}";
    const struct fc_span profile = { profile_text, sizeof(profile_text) - 1 };
    struct fc_span rec[FC_ANSWERS_MAX];
    unsigned mode = data[0] & 3u;

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
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *secrets[SECRETS_MAX], *shown = NULL;
    size_t n;

    if (size < 1)
        return 0;
    fc_setup_once();
    run_input(data, size);
    n = find_secrets(data, size, secrets);
    for (size_t i = 0; i < n; i++) {
        if (strstr(fc_shown, secrets[i]) && !shown)
            shown = strdup(fc_shown);
        if (shown && strstr(shown, secrets[i]) &&
            shown_because_said(data, size, secrets[i])) {
            fprintf(stderr, "fuzz_metadata: a secret handed out is shown:"
                    "\n%s", shown);
            FUZZ_CHECK(!"a secret handed out is never shown");
        }
    }
    for (size_t i = 0; i < n; i++)
        free(secrets[i]);
    free(shown);
    return 0;
}
