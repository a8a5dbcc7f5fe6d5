# The local OpenID Connect provider (deploy/idp: oidc-provider on Debian's
# nodejs) for `docker-compose --profile idp`: development and demos only,
# never a municipality's production provider.
#   sh deploy/docker/build.sh idp      (installs deploy/idp/node_modules on
#                                       the host first: no npm in the image
#                                       build unless they are missing)
#   docker build -f deploy/docker/idp.Dockerfile -t koers/idp:local .

# ---- build: the packages exactly as package-lock.json pins them -----------
FROM debian:bookworm-slim AS build
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nodejs npm ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/koers-idp
COPY deploy/idp/ ./
RUN rm -rf data \
 && if [ ! -f node_modules/oidc-provider/package.json ]; then npm ci --omit=dev --no-audit --no-fund; fi \
 && node -e "import('oidc-provider').then(() => console.log('oidc-provider loads'))"

# ---- runtime: nodejs and the provider ---------------------------------------
FROM debian:bookworm-slim
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nodejs \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 koers \
 && useradd --system --uid 10001 --gid koers --home-dir /nonexistent --no-create-home \
        --shell /usr/sbin/nologin koers \
 && mkdir -p /var/lib/koers-idp && chown 10001:10001 /var/lib/koers-idp
COPY --from=build /opt/koers-idp /opt/koers-idp
COPY deploy/idp/compose.json /etc/koers-idp/config.json
WORKDIR /opt/koers-idp
USER 10001:10001
ENV KOERS_IDP_CONFIG=/etc/koers-idp/config.json \
    KOERS_IDP_DATA_DIR=/var/lib/koers-idp \
    KOERS_IDP_HOST=0.0.0.0 \
    KOERS_IDP_PORT=9400
VOLUME /var/lib/koers-idp
EXPOSE 9400
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=5s --timeout=3s --start-period=20s --retries=3 \
    CMD node -e "require('http').get('http://127.0.0.1:'+process.env.KOERS_IDP_PORT+'/healthz',r=>process.exit(r.statusCode===200?0:1)).on('error',()=>process.exit(1))"
CMD ["node", "server.js"]
