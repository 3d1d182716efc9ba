/* api_vpc — the API's hosts inside a VPC, built as Alibaba's SDKs build
 * them when their network is "vpc".
 *
 * The SDK clients (@alicloud/resourcemanager20200331, ram20150501,
 * sts20150401, dbs20190306) pick a host in this order: an endpoint given
 * by the caller, then the client's own map of regions, then openapi-core's
 * getEndpointRules(product, region, rule, network): "<product>-vpc.
 * aliyuncs.com" for a central product (ResourceManager, RAM), "<product>-
 * vpc.<region>.aliyuncs.com" for a regional one (STS).  A region in the
 * map keeps its mapped host, VPC or not: STS's map sends a few regions to
 * sts.aliyuncs.com, and the DBS map covers every region DBS serves, so
 * DBS never gets a VPC host from the SDK and keeps its public one here
 * too (api.c's map). */
#include "config.h"

#include "cloud/api_impl.h"

#include <string.h>

/* @alicloud/sts20150401's endpoint map: these regions use the global
 * host, whatever the network. */
static const char *const sts_global_regions[] = {
    "ap-northeast-2-pop", "ap-south-1", "ap-southeast-2",
    "cn-beijing-finance-pop", "cn-beijing-gov-1", "cn-beijing-nu16-b01",
    "cn-edge-1", "cn-fujian", "cn-haidian-cm12-c01", "cn-hangzhou-bj-b01",
    "cn-hangzhou-internal-prod-1", "cn-hangzhou-internal-test-1",
    "cn-hangzhou-internal-test-2", "cn-hangzhou-internal-test-3",
    "cn-hangzhou-test-306", "cn-hongkong-finance-pop",
    "cn-huhehaote-nebula-1", "cn-shanghai-et15-b01", "cn-shanghai-et2-b01",
    "cn-shanghai-inner", "cn-shanghai-internal-test-1", "cn-shenzhen-inner",
    "cn-shenzhen-st4-d01", "cn-shenzhen-su18-b01", "cn-wuhan",
    "cn-yushanfang", "cn-zhangbei", "cn-zhangbei-na61-b01",
    "cn-zhangjiakou-na62-a01", "cn-zhengzhou-nebula-1", "eu-west-1-oxs",
    "rus-west-1-pop"
};

static bool sts_region_global(const char *region)
{
    for (size_t i = 0; i < sizeof(sts_global_regions) /
                               sizeof(sts_global_regions[0]); i++)
        if (strcmp(region, sts_global_regions[i]) == 0)
            return true;
    return false;
}

int api_vpc_endpoint(enum api_product p, const char *region,
                     struct buf *out)
{
    if (!region || !*region)
        region = API_DEFAULT_REGION;
    switch (p) {
    case API_RESOURCEMANAGER:
        return buf_adds(out, "https://resourcemanager-vpc.aliyuncs.com")
                   == BUF_OK ? 0 : -1;
    case API_RAM:
        return buf_adds(out, "https://ram-vpc.aliyuncs.com") == BUF_OK
                   ? 0 : -1;
    case API_STS:
        if (sts_region_global(region))
            return buf_adds(out, "https://sts.aliyuncs.com") == BUF_OK
                       ? 0 : -1;
        return buf_printf(out, "https://sts-vpc.%s.aliyuncs.com", region)
                   == BUF_OK ? 0 : -1;
    case API_DBS:
    case API_PRODUCT_COUNT:
    default:
        break;
    }
    return 1;
}
