#ifndef KOERS_CASEDESK_CASE_HTTP_H
#define KOERS_CASEDESK_CASE_HTTP_H

#include "koers/http.h"

/* The handlers of a case's lead times, notes and messages (routes.c). */
kc_status case_http_lead_times(kc_ctx *ctx, kc_problem *pb);
kc_status case_message_http_add_note(kc_ctx *ctx, kc_problem *pb);
kc_status case_message_http_list_notes(kc_ctx *ctx, kc_problem *pb);
kc_status case_message_http_add_message(kc_ctx *ctx, kc_problem *pb);
kc_status case_message_http_list_messages(kc_ctx *ctx, kc_problem *pb);

#endif
