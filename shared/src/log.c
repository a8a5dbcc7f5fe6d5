#include "koers/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "koers/status.h"

/* One line is built in a stack buffer and written with one write(2), so
 * lines of concurrent threads never interleave (stderr is O_APPEND-safe for
 * writes up to PIPE_BUF on pipes; longer messages are truncated). */
#define LOG_LINE_MAX 8192
#define LOG_MSG_MAX  2048
/* room kept free after any string value for the members that follow */
#define LOG_TAIL 160

static char log_service[64] = "koers";
static volatile int log_min_level = KC_LOG_INFO;

static const char *const level_names[] = {"debug", "info", "warn", "error"};

/* Sets the service name and minimum level; call once at start-up, before
 * threads log. */
void kc_log_init(const char *service, kc_log_level min_level)
{
    snprintf(log_service, sizeof(log_service), "%s", service ? service : "koers");
    log_min_level = (int)min_level;
}

/* Parses "debug|info|warn|error"; -1 when unknown. */
int kc_log_level_parse(const char *s, kc_log_level *out)
{
    size_t i;

    if (s == NULL)
        return -1;
    for (i = 0; i < KC_NELEMS(level_names); i++) {
        if (strcmp(s, level_names[i]) == 0) {
            if (out != NULL)
                *out = (kc_log_level)i;
            return 0;
        }
    }
    return -1;
}

typedef struct {
    char buf[LOG_LINE_MAX];
    size_t len;
} log_buf;

static void lb_raw(log_buf *b, const char *s, size_t n)
{
    /* keep 2 bytes for the closing "}\n" */
    if (b->len + n > sizeof(b->buf) - 2)
        n = sizeof(b->buf) - 2 - b->len;
    memcpy(b->buf + b->len, s, n);
    b->len += n;
}

static void lb_str(log_buf *b, const char *s)
{
    lb_raw(b, s, strlen(s));
}

/* Appends s as a JSON string (with quotes); control characters escaped;
 * at most about cap bytes of it, cut at a character boundary. */
static void lb_json_str_cap(log_buf *b, const char *s, size_t cap)
{
    size_t start = b->len;
    static const char hex[] = "0123456789abcdef";
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    char esc[7];

    lb_raw(b, "\"", 1);
    for (; *p != '\0'; p++) {
        if ((b->len + 6 + LOG_TAIL > sizeof(b->buf) || b->len - start > cap) && (*p & 0xC0) != 0x80)
            break; /* truncated at a character boundary: still valid JSON */
        if (*p == '"' || *p == '\\') {
            esc[0] = '\\';
            esc[1] = (char)*p;
            lb_raw(b, esc, 2);
        } else if (*p == '\n') {
            lb_raw(b, "\\n", 2);
        } else if (*p == '\t') {
            lb_raw(b, "\\t", 2);
        } else if (*p == '\r') {
            lb_raw(b, "\\r", 2);
        } else if (*p < 0x20 || *p == 0x7f) {
            esc[0] = '\\';
            esc[1] = 'u';
            esc[2] = '0';
            esc[3] = '0';
            esc[4] = hex[*p >> 4];
            esc[5] = hex[*p & 15];
            lb_raw(b, esc, 6);
        } else {
            lb_raw(b, (const char *)p, 1);
        }
    }
    lb_raw(b, "\"", 1);
}

static void lb_json_str(log_buf *b, const char *s)
{
    lb_json_str_cap(b, s, sizeof(b->buf));
}

static void lb_begin(log_buf *b, kc_log_level lvl, const char *request_id)
{
    struct timespec ts;
    struct tm tm;
    char tbuf[96];

    b->len = 0;
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    snprintf(tbuf, sizeof(tbuf), "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
             tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
             (int)(ts.tv_nsec / 1000000));
    lb_str(b, "{\"time\":\"");
    lb_str(b, tbuf);
    lb_str(b, "\",\"level\":\"");
    lb_str(b, level_names[(unsigned)lvl <= KC_LOG_ERROR ? lvl : KC_LOG_ERROR]);
    lb_str(b, "\",\"service\":");
    lb_json_str(b, log_service);
    if (request_id != NULL) {
        lb_str(b, ",\"requestId\":");
        lb_json_str_cap(b, request_id, 128);
    }
}

static void lb_end_write(log_buf *b)
{
    ssize_t w;
    size_t off = 0;
    int tries = 0;

    b->buf[b->len++] = '}';
    b->buf[b->len++] = '\n';
    while (off < b->len && tries++ < 8) {
        w = write(STDERR_FILENO, b->buf + off, b->len - off);
        if (w <= 0)
            break;
        off += (size_t)w;
    }
}

/* Writes one line {"time","level","service","requestId"?,"msg"} if lvl is
 * at least the configured minimum. */
void kc_log(kc_log_level lvl, const char *request_id, const char *fmt, ...)
{
    log_buf b;
    char msg[LOG_MSG_MAX];
    va_list ap;

    if ((int)lvl < log_min_level)
        return;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    lb_begin(&b, lvl, request_id);
    lb_str(&b, ",\"msg\":");
    lb_json_str(&b, msg);
    lb_end_write(&b);
}

/* Writes the access line of one request (level info). */
void kc_log_access(const char *request_id, const char *method, const char *path, int status,
                   double duration_ms, const char *tenant)
{
    log_buf b;
    char num[64];

    if (KC_LOG_INFO < log_min_level)
        return;
    lb_begin(&b, KC_LOG_INFO, request_id);
    lb_str(&b, ",\"method\":");
    lb_json_str_cap(&b, method, 32);
    lb_str(&b, ",\"path\":");
    lb_json_str_cap(&b, path, 1024);
    snprintf(num, sizeof(num), ",\"status\":%d,\"durationMs\":%.3f", status, duration_ms);
    lb_str(&b, num);
    lb_str(&b, ",\"tenant\":");
    if (tenant != NULL && tenant[0] != '\0')
        lb_json_str(&b, tenant);
    else
        lb_str(&b, "null");
    lb_end_write(&b);
}
