# casedesk image. Build from the repository root:
#   docker build -f deploy/docker/casedesk.Dockerfile -t koers/casedesk:local .
# (deploy/docker/build.sh builds every image; see docker-compose.yml)
#
# Configuration by environment only (shared/include/koers/config.h, README):
# KOERS_DATABASE_URL, KOERS_REDIS_URL, KOERS_JWT_SECRET, ... The image sets
# only KOERS_BIND_ADDR=0.0.0.0 and KOERS_CASEDESK_PORT=8081.

# ---- build: Debian's -dev packages and the repository's Makefile ------------
FROM debian:bookworm-slim AS build
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        gcc libc6-dev make pkg-config python3 python3-yaml \
        libulfius-dev libjansson-dev libhiredis-dev libpq-dev libssl-dev libmicrohttpd-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Makefile ./
COPY shared shared
COPY api-spec api-spec
COPY services services
COPY deploy/docker/healthcheck.c deploy/docker/healthcheck.c
RUN make -j"$(nproc)" FLAVOUR=rel build/rel/bin/casedesk build/rel/bin/koers-admin \
 && gcc -std=c11 -O2 -Wall -Wextra -Werror -o build/rel/bin/koers-healthcheck deploy/docker/healthcheck.c \
 && strip build/rel/bin/casedesk build/rel/bin/koers-admin build/rel/bin/koers-healthcheck

# ---- runtime: only the shared libraries -------------------------------------
FROM debian:bookworm-slim
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        libulfius2.7 libjansson4 libhiredis0.14 libpq5 libssl3 libmicrohttpd12 \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 koers \
 && useradd --system --uid 10001 --gid koers --home-dir /nonexistent --no-create-home \
        --shell /usr/sbin/nologin koers
COPY --from=build /src/build/rel/bin/casedesk /src/build/rel/bin/koers-admin \
     /src/build/rel/bin/koers-healthcheck /usr/local/bin/
USER 10001:10001
ENV KOERS_BIND_ADDR=0.0.0.0 \
    KOERS_CASEDESK_PORT=8081
EXPOSE 8081
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=5s --timeout=3s --start-period=60s --retries=3 \
    CMD koers-healthcheck "${KOERS_CASEDESK_PORT:-8081}" /healthz
CMD ["casedesk"]
