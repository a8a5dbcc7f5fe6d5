#ifndef KOERS_LOG_H
#define KOERS_LOG_H

/* Structured logging: one JSON object per line on stderr with time (UTC,
 * RFC 3339 with milliseconds), level, service and message. Thread-safe.
 * Never pass personal data (citizen names, e-mail, ...) to the log. */
typedef enum { KC_LOG_DEBUG, KC_LOG_INFO, KC_LOG_WARN, KC_LOG_ERROR } kc_log_level;

void kc_log_init(const char *service, kc_log_level min_level);

/* Parses "debug|info|warn|error"; returns 0 on success, -1 if unknown. */
int kc_log_level_parse(const char *s, kc_log_level *out);

/* A free-form log line; request_id may be NULL. */
void kc_log(kc_log_level lvl, const char *request_id, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The access log line of one HTTP request. */
void kc_log_access(const char *request_id, const char *method, const char *path, int status,
                   double duration_ms, const char *tenant);

#endif
