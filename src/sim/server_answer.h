/* server_answer — how linkrole-sim writes its answers (libmicrohttpd):
 * plain ones, the gateway's error shape, and the broken answers faults
 * ask for (cut short, oversized, HTML from a gateway).  Only server.c and
 * server_answer.c include this. */
#ifndef LINKROLE_SIM_SERVER_ANSWER_H
#define LINKROLE_SIM_SERVER_ANSWER_H

#include <stddef.h>

#include "core/buf.h"
#include "sim/server.h"
#include "sim/sim.h"

/* The answers below are libmicrohttpd's: they return its MHD_YES or
 * MHD_NO (an int here, so that only .c files include microhttpd.h). */
struct MHD_Connection;

#define SERVER_ANSWER_MAX (4u << 20)
#define SERVER_JSON "application/json;charset=utf-8"
#define SERVER_TEXT "text/plain;charset=utf-8"

/* body[0..len) with status and Content-Type type. */
int respond(struct MHD_Connection *con, unsigned int status,
                        const char *type, const char *body, size_t len);
/* The gateway's error body for req. */
int respond_error(struct MHD_Connection *con,
                              const struct sim_request *req,
                              unsigned int status, const char *code,
                              const char *message);
/* forbidden-ram, retry-after (x-acs-retry-after: f->ms) and code=. */
int respond_fault_code(struct MHD_Connection *con,
                                   const struct sim_request *req,
                                   const struct fault *f);
/* The whole length announced, half of body sent, then a broken
 * connection. */
int respond_cut(struct MHD_Connection *con, unsigned int status,
                            const char *type, const struct buf *body);
/* 200 with 2 MiB of valid JSON. */
int respond_oversize(struct MHD_Connection *con);

/* A gateway's HTML pages (502, 504). */
extern const char server_html[];
extern const char server_html_504[];
extern const size_t server_html_len, server_html_504_len;

#endif
