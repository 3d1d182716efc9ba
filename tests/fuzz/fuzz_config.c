/* fuzz_config — the aliyun CLI's config.json and the SDKs' INI file,
 * through the real credential chain.
 *
 * Anyone who can write ~/.aliyun/config.json or ~/.alibabacloud/credentials
 * (or a file the ALIBABA_CLOUD_* variables name) chooses what linkrole
 * reads first.  An input is records separated by 0x1E (fuzz_creds.h):
 *
 *     CONFIG_JSON \x1E INI_TEXT \x1E ANSWER \x1E ANSWER ...
 *
 * the INI file is absent when the input has no 0x1E, and the answers are
 * what STS (AssumeRole for a RamRoleArn profile), the metadata service or
 * a credentials URI says.  The chain must end in credentials or a problem
 * whose every shown field is bounded and free of control bytes. */
#include "config.h"

#include "fuzz_creds.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fc_span rec[2 + FC_ANSWERS_MAX];
    size_t n;

    fc_setup_once();
    n = fc_split(data, size, rec, 2 + FC_ANSWERS_MAX);
    fc_file("config.json", &rec[0]);
    fc_file("credentials", n > 1 ? &rec[1] : NULL);
    fc_nanswers = n > 2 ? n - 2 : 0;
    for (size_t i = 0; i < fc_nanswers; i++)
        fc_answers[i] = rec[2 + i];
    fc_used = 0;
    fc_run();
    return 0;
}
