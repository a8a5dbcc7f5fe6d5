#ifndef KOERS_ROUTES_SPEC_H
#define KOERS_ROUTES_SPEC_H

#include <stddef.h>
#include "koers/http.h"
#include "koers/status.h"

/* The contract between a service's route table (routes.c) and its OpenAPI
 * document (api-spec/<service>.yaml, embedded as JSON): both must describe
 * the same operations, admitting the same callers. Used by the route/spec
 * test of every service.
 *
 * Who an operation admits is written in the document once, machine-read,
 * as the operation's x-koers-access, mirroring the route's kc_access:
 *
 *     x-koers-access:
 *       public: true                # is_public (omitted: false)
 *       roles: [coordinator, admin] # the staff roles; admin listed where
 *                                   # any role is (kc_authorize admits it)
 *       scopes: ['cases:read']      # the API key scopes, any one suffices
 *
 * roles and scopes are compared as sets (omitted = []). A public route
 * that names roles or scopes (KC_SELF_AUTH) lists them too. */

/* Compares nroutes routes (method, path, name and access are read) with
 * the operations of openapi_json (borrowed). A documented path is the path
 * part of the first server URL (of the path item when it names its own
 * servers, else of the document) followed by the path key; a route's path
 * ":param" segments are read as "{param}". Reported, one line each:
 *   - a route no operation documents (same method and path),
 *   - a documented operation no route serves,
 *   - a route whose name is not its path in "{param}" form,
 *   - a route listed twice,
 *   - a routed operation without x-koers-access, or with a member other
 *     than public, roles and scopes,
 *   - a public flag, a set of roles or a set of scopes of x-koers-access
 *     that differs from the route's access (admin added to the route's
 *     roles when it names any).
 * The endpoints the server adds itself (GET /healthz, /readyz, /metrics and
 * <base>/openapi.json) are left out on both sides.
 *
 * *report (the caller's, free()) gets the lines, "" when all agree. Returns
 * KC_OK when all agree, KC_INVALID when something differs, KC_BAD_REQUEST
 * when openapi_json is not a JSON document with "paths" (*report says why),
 * KC_INTERNAL when out of memory (*report NULL). */
kc_status kc_routes_spec_check(const kc_route *routes, size_t nroutes, const char *openapi_json,
                               char **report) KC_MUST_CHECK;

#endif
