#ifndef KOERS_CASEDESK_REFERRAL_HTTP_H
#define KOERS_CASEDESK_REFERRAL_HTTP_H

#include "koers/http.h"

/* The handlers of referrals and their one-time links (routes.c). */
kc_status referral_http_create(kc_ctx *ctx, kc_problem *pb);
kc_status referral_http_list_case(kc_ctx *ctx, kc_problem *pb);
kc_status referral_http_list(kc_ctx *ctx, kc_problem *pb);
kc_status referral_http_get(kc_ctx *ctx, kc_problem *pb);
kc_status referral_http_acknowledge(kc_ctx *ctx, kc_problem *pb);
kc_status referral_http_answer(kc_ctx *ctx, kc_problem *pb);
kc_status referral_http_withdraw(kc_ctx *ctx, kc_problem *pb);

/* Public: the official's signed one-time link. */
kc_status referral_link_http_get(kc_ctx *ctx, kc_problem *pb);
kc_status referral_link_http_acknowledge(kc_ctx *ctx, kc_problem *pb);
kc_status referral_link_http_answer(kc_ctx *ctx, kc_problem *pb);

#endif
