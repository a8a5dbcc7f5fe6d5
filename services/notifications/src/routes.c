#include "notifications_http.h"
#include "koers/event_log.h"

/* Every endpoint of notifications: method, path (Ulfius :params), OpenAPI
 * name, who may call it, handler, the handler's argument. The server
 * refuses a caller the access does not admit before the handler runs.
 * Keep in step with api-spec/notifications.yaml. */
const kc_route notifications_routes[] = {
    /* ---- routes: subscriptions ---- */
    {"GET", "/notifications/v1/kanaal", "/notifications/v1/kanaal",
     KC_ALLOW(NOTIFICATIONS_ROLES_MANAGE, NOTIFICATIONS_SCOPES_READ), notifications_kanaal_list,
     NULL},
    {"GET", "/notifications/v1/kanaal/:uuid", "/notifications/v1/kanaal/{uuid}",
     KC_ALLOW(NOTIFICATIONS_ROLES_MANAGE, NOTIFICATIONS_SCOPES_READ), notifications_kanaal_get,
     NULL},
    {"GET", "/notifications/v1/abonnement", "/notifications/v1/abonnement",
     KC_ALLOW(NOTIFICATIONS_ROLES_MANAGE, NOTIFICATIONS_SCOPE_SUBSCRIBE),
     notifications_abonnement_list, NULL},
    {"POST", "/notifications/v1/abonnement", "/notifications/v1/abonnement",
     KC_ALLOW(NOTIFICATIONS_ROLES_MANAGE, NOTIFICATIONS_SCOPE_SUBSCRIBE),
     notifications_abonnement_create, NULL},
    {"GET", "/notifications/v1/abonnement/:uuid", "/notifications/v1/abonnement/{uuid}",
     KC_ALLOW(NOTIFICATIONS_ROLES_MANAGE, NOTIFICATIONS_SCOPE_SUBSCRIBE),
     notifications_abonnement_get, NULL},
    {"PUT", "/notifications/v1/abonnement/:uuid", "/notifications/v1/abonnement/{uuid}",
     KC_ALLOW(NOTIFICATIONS_ROLES_MANAGE, NOTIFICATIONS_SCOPE_SUBSCRIBE),
     notifications_abonnement_put, NULL},
    {"PATCH", "/notifications/v1/abonnement/:uuid", "/notifications/v1/abonnement/{uuid}",
     KC_ALLOW(NOTIFICATIONS_ROLES_MANAGE, NOTIFICATIONS_SCOPE_SUBSCRIBE),
     notifications_abonnement_patch, NULL},
    {"DELETE", "/notifications/v1/abonnement/:uuid", "/notifications/v1/abonnement/{uuid}",
     KC_ALLOW(NOTIFICATIONS_ROLES_MANAGE, NOTIFICATIONS_SCOPE_SUBSCRIBE),
     notifications_abonnement_delete, NULL},
    {"POST", "/notifications/v1/abonnement/:uuid/secret",
     "/notifications/v1/abonnement/{uuid}/secret",
     KC_ALLOW(NOTIFICATIONS_ROLES_MANAGE, NOTIFICATIONS_SCOPE_SUBSCRIBE),
     notifications_abonnement_secret, NULL},
    {"GET", "/notifications/v1/settings", "/notifications/v1/settings",
     KC_ALLOW(NOTIFICATIONS_ROLES_MANAGE, NOTIFICATIONS_SCOPE_SUBSCRIBE),
     notifications_settings_get, NULL},
    {"PUT", "/notifications/v1/settings", "/notifications/v1/settings",
     KC_ALLOW(NOTIFICATIONS_ROLES_MANAGE, NOTIFICATIONS_SCOPE_SUBSCRIBE),
     notifications_settings_put, NULL},
    /* ---- routes: intake ---- */
    /* the pull endpoint: the tenant's messages as sent */
    {"GET", "/notifications/v1/notificaties", "/notifications/v1/notificaties",
     KC_ALLOW(NOTIFICATIONS_ROLES_MANAGE, NOTIFICATIONS_SCOPES_READ), intake_http_pull, NULL},
    /* ---- routes: dispatch ---- */
    {"GET", "/notifications/v1/abonnement/:uuid/deliveries",
     "/notifications/v1/abonnement/{uuid}/deliveries",
     KC_ALLOW(NOTIFICATIONS_ROLES_MANAGE, NOTIFICATIONS_SCOPE_SUBSCRIBE), delivery_log_http_list,
     NULL},
    {"POST", "/notifications/v1/abonnement/:uuid/replay",
     "/notifications/v1/abonnement/{uuid}/replay",
     KC_ALLOW(NOTIFICATIONS_ROLES_MANAGE, NOTIFICATIONS_SCOPE_SUBSCRIBE), delivery_log_http_replay,
     NULL},
    {"GET", "/notifications/v1/deliveries/:id", "/notifications/v1/deliveries/{id}",
     KC_ALLOW(NOTIFICATIONS_ROLES_MANAGE, NOTIFICATIONS_SCOPE_SUBSCRIBE), delivery_log_http_get,
     NULL},
    {"POST", "/notifications/v1/deliveries/:id/resend",
     "/notifications/v1/deliveries/{id}/resend",
     KC_ALLOW(NOTIFICATIONS_ROLES_MANAGE, NOTIFICATIONS_SCOPE_SUBSCRIBE), delivery_log_http_resend,
     NULL},
    /* the events replay: the tenant's published events in order */
    {"GET", "/notifications/v1/events", "/notifications/v1/events",
     KC_ALLOW(NOTIFICATIONS_ROLES_MANAGE,
              NOTIFICATIONS_SCOPE_SUBSCRIBE " " NOTIFICATIONS_SCOPE_EVENTS),
     kc_event_log_http_list, NOTIFICATIONS_SCHEMA},
};

const size_t notifications_routes_count =
    sizeof(notifications_routes) / sizeof(notifications_routes[0]);
