/* transport — see transport.h. */
#include "config.h"

#include "cloud/transport.h"

const char *transport_status_name(int status)
{
    switch (status) {
    case TRANSPORT_OK:
        return "ok";
    case TRANSPORT_CONNECT:
        return "connect";
    case TRANSPORT_AMBIGUOUS:
        return "ambiguous";
    case TRANSPORT_TLS:
        return "tls";
    case TRANSPORT_TOO_BIG:
        return "too-big";
    case TRANSPORT_BAD_URL:
        return "bad-url";
    case TRANSPORT_INSECURE:
        return "insecure";
    case TRANSPORT_CANCELLED:
        return "cancelled";
    case TRANSPORT_PROXY:
        return "proxy";
    case TRANSPORT_UNAVAILABLE:
        return "unavailable";
    default:
        return "internal";
    }
}
