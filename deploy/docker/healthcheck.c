/* koers-healthcheck: a tiny HTTP probe for container HEALTHCHECKs, so the
 * images need no curl. GET http://127.0.0.1:PORT/PATH; exits 0 on a 200
 * answer, 1 otherwise (or after 3 s).
 *
 *   koers-healthcheck PORT [PATH]        (PATH defaults to /healthz)
 */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: koers-healthcheck PORT [PATH]\n");
        return 2;
    }
    char *end = NULL;
    long port = strtol(argv[1], &end, 10);
    const char *path = argc == 3 ? argv[2] : "/healthz";
    if (!end || *end || port < 1 || port > 65535 || path[0] != '/' || strpbrk(path, " \r\n")) {
        fprintf(stderr, "koers-healthcheck: bad port or path\n");
        return 2;
    }
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return 1;
    struct timeval tv = {3, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((unsigned short)port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
        perror("koers-healthcheck: connect");
        close(fd);
        return 1;
    }
    char req[512];
    int n = snprintf(req, sizeof req,
                     "GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", path);
    if (n < 0 || (size_t)n >= sizeof req || write(fd, req, (size_t)n) != n) {
        close(fd);
        return 1;
    }
    char buf[64];
    size_t got = 0;
    while (got < sizeof buf - 1) {
        ssize_t r = read(fd, buf + got, sizeof buf - 1 - got);
        if (r <= 0)
            break;
        got += (size_t)r;
        if (memchr(buf, '\n', got))
            break;
    }
    close(fd);
    buf[got] = '\0';
    /* "HTTP/1.x 200 ..." */
    if (strncmp(buf, "HTTP/1.", 7) == 0 && strncmp(buf + 8, " 200", 4) == 0)
        return 0;
    fprintf(stderr, "koers-healthcheck: %.*s\n", (int)strcspn(buf, "\r\n"), buf);
    return 1;
}
