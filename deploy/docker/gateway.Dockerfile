# The gateway: nginx from Debian with the template of `make up`
# (deploy/gateway/nginx.conf.template, rendered by render.sh at start).
#   docker build -f deploy/docker/gateway.Dockerfile -t koers/gateway:local .
#
# Environment (render.sh): KOERS_GATEWAY_PORT (8080), KOERS_CASEDESK_UPSTREAM
# (casedesk:8081), KOERS_SURVEYS_UPSTREAM (surveys:8082), KOERS_PROCESSES_UPSTREAM
# (processes:8083), KOERS_PROGRAMMES_UPSTREAM (programmes:8084), KOERS_NOTIFICATIONS_UPSTREAM
# (notifications:8085), KOERS_IAM_UPSTREAM (iam:8086), KOERS_GATEWAY_WORKERS (auto), KOERS_GATEWAY_ANON_RATE, KOERS_GATEWAY_ANON_BURST,
# KOERS_GATEWAY_TOKEN_RATE, KOERS_GATEWAY_TOKEN_BURST; KOERS_GATEWAY_WATCH_S
# (2): how often the upstream names (every KOERS_*_UPSTREAM) are resolved
# again; nginx reloads when the replicas change; KOERS_GATEWAY_CONN_PER_ADDR
# (100); KOERS_WEB_CONNECT_SRC: the identity providers' origins in the
# workplace's Content-Security-Policy. The access log goes to stdout (tokens
# masked by nginx), the error log to stderr through deploy/gateway/redact.sed
# (sed is in the base image).
#
# The workplace (services/web) is served from /opt/koers/web: index.html,
# app/, styles/, images/ and, of services/web/node_modules, only the files
# the workplace refers to (deploy/gateway/web_files.sh). Build with
# deploy/docker/build.sh: it installs the packages on the host first
# (services/web/install.sh), so the image build needs no npm.

FROM debian:bookworm-slim AS build
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends gcc libc6-dev \
 && rm -rf /var/lib/apt/lists/*
COPY deploy/docker/healthcheck.c /src/healthcheck.c
RUN gcc -std=c11 -O2 -Wall -Wextra -Werror -o /src/koers-healthcheck /src/healthcheck.c && strip /src/koers-healthcheck

# ---- the workplace: its static files and exactly the package files it uses --
FROM debian:bookworm-slim AS web
COPY services/web/ /src/web/
COPY deploy/gateway/web_files.sh /src/web_files.sh
RUN set -eu; out=/opt/koers/web; mkdir -p "$out/node_modules"; \
    cp /src/web/index.html "$out/"; \
    for d in app styles images; do if [ -d "/src/web/$d" ]; then cp -R "/src/web/$d" "$out/"; fi; done; \
    for f in $(sh /src/web_files.sh /src/web); do \
        [ -f "/src/web/node_modules/$f" ] || { echo "missing $f: run sh services/web/install.sh" >&2; exit 1; }; \
        mkdir -p "$out/node_modules/$(dirname "$f")"; cp "/src/web/node_modules/$f" "$out/node_modules/$f"; \
    done; \
    if [ -f /src/web/vendor.txt ]; then cp /src/web/vendor.txt "$out/"; fi

FROM debian:bookworm-slim
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nginx-light \
 && rm -rf /var/lib/apt/lists/* /etc/nginx/sites-enabled/* \
 && groupadd --system --gid 10001 koers \
 && useradd --system --uid 10001 --gid koers --home-dir /nonexistent --no-create-home \
        --shell /usr/sbin/nologin koers \
 && mkdir -p /var/lib/koers-gateway/tmp \
 && ln -s /dev/stdout /var/lib/koers-gateway/access.log \
 && chown -R koers:koers /var/lib/koers-gateway
COPY --from=build /src/koers-healthcheck /usr/local/bin/
COPY deploy/gateway/nginx.conf.template deploy/gateway/render.sh deploy/gateway/redact.sed \
     deploy/gateway/web_files.sh /opt/koers/gateway/
COPY --from=web /opt/koers/web /opt/koers/web
COPY deploy/docker/gateway-entrypoint.sh /usr/local/bin/koers-gateway
USER 10001:10001
ENV KOERS_GATEWAY_BIND=0.0.0.0 \
    KOERS_GATEWAY_PORT=8080 \
    KOERS_CASEDESK_UPSTREAM=casedesk:8081 \
    KOERS_SURVEYS_UPSTREAM=surveys:8082 \
    KOERS_PROCESSES_UPSTREAM=processes:8083 \
    KOERS_PROGRAMMES_UPSTREAM=programmes:8084 \
    KOERS_NOTIFICATIONS_UPSTREAM=notifications:8085 \
    KOERS_IAM_UPSTREAM=iam:8086 \
    KOERS_WEB_ROOT=/opt/koers/web
EXPOSE 8080
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=5s --timeout=3s --start-period=10s --retries=3 \
    CMD koers-healthcheck "${KOERS_GATEWAY_PORT:-8080}" /healthz
CMD ["koers-gateway"]
