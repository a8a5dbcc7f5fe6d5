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
# (100). The access log goes to stdout (tokens masked by nginx), the error log
# to stderr through deploy/gateway/redact.sed (sed is in the base image).

FROM debian:bookworm-slim AS build
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends gcc libc6-dev \
 && rm -rf /var/lib/apt/lists/*
COPY deploy/docker/healthcheck.c /src/healthcheck.c
RUN gcc -std=c11 -O2 -Wall -Wextra -Werror -o /src/koers-healthcheck /src/healthcheck.c && strip /src/koers-healthcheck

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
COPY deploy/gateway/nginx.conf.template deploy/gateway/render.sh deploy/gateway/redact.sed /opt/koers/gateway/
COPY deploy/docker/gateway-entrypoint.sh /usr/local/bin/koers-gateway
USER 10001:10001
ENV KOERS_GATEWAY_BIND=0.0.0.0 \
    KOERS_GATEWAY_PORT=8080 \
    KOERS_CASEDESK_UPSTREAM=casedesk:8081 \
    KOERS_SURVEYS_UPSTREAM=surveys:8082 \
    KOERS_PROCESSES_UPSTREAM=processes:8083 \
    KOERS_PROGRAMMES_UPSTREAM=programmes:8084 \
    KOERS_NOTIFICATIONS_UPSTREAM=notifications:8085 \
    KOERS_IAM_UPSTREAM=iam:8086
EXPOSE 8080
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=5s --timeout=3s --start-period=10s --retries=3 \
    CMD koers-healthcheck "${KOERS_GATEWAY_PORT:-8080}" /healthz
CMD ["koers-gateway"]
