# The image of every Koers service (casedesk, surveys, ...): one Dockerfile,
# parameterised by the service's name and port. Build from the repository root:
#   docker build -f deploy/docker/service.Dockerfile \
#       --build-arg SERVICE=surveys --build-arg PORT=8082 -t koers/surveys:local .
# (deploy/docker/build.sh builds every image; see docker-compose.yml)
#
# Configuration by environment only (shared/include/koers/config.h, README):
# KOERS_DATABASE_URL, KOERS_REDIS_URL, KOERS_JWT_SECRET, ... The image sets
# only KOERS_BIND_ADDR=0.0.0.0 and KOERS_PORT=PORT (the service's own port
# variable, e.g. KOERS_SURVEYS_PORT, still wins when set).

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
# declared after the shared layers above, so every service reuses them
ARG SERVICE=casedesk
RUN test -d "services/$SERVICE/src" || { echo "no service $SERVICE" >&2; exit 1; } \
 && make -j"$(nproc)" FLAVOUR=rel "build/rel/bin/$SERVICE" build/rel/bin/koers-admin \
 && gcc -std=c11 -O2 -Wall -Wextra -Werror -o build/rel/bin/koers-healthcheck deploy/docker/healthcheck.c \
 && mkdir -p /out \
 && cp "build/rel/bin/$SERVICE" build/rel/bin/koers-admin build/rel/bin/koers-healthcheck /out/ \
 && strip /out/* \
 && ln -s "$SERVICE" /out/koers-service

# ---- runtime: only the shared libraries -------------------------------------
FROM debian:bookworm-slim
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        libulfius2.7 libjansson4 libhiredis0.14 libpq5 libssl3 libmicrohttpd12 \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 koers \
 && useradd --system --uid 10001 --gid koers --home-dir /nonexistent --no-create-home \
        --shell /usr/sbin/nologin koers
ARG SERVICE=casedesk
ARG PORT=8081
# the service binary, koers-admin, koers-healthcheck and koers-service (a
# link to the service binary, the image's command)
COPY --from=build /out/ /usr/local/bin/
LABEL org.opencontainers.image.title="koers/${SERVICE}"
USER 10001:10001
ENV KOERS_BIND_ADDR=0.0.0.0 \
    KOERS_PORT=${PORT}
EXPOSE ${PORT}
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=5s --timeout=3s --start-period=60s --retries=3 \
    CMD koers-healthcheck "${KOERS_PORT}" /healthz
CMD ["koers-service"]
