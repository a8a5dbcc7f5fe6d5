# Redis 7 from Debian's packages (for machines that cannot pull the
# official image). Koers uses Redis for events (pub/sub) only: no
# persistence. Extra arguments of `docker run IMAGE ...` go to redis-server.
#   docker build -f deploy/docker/redis.Dockerfile -t koers/redis:7 .
FROM debian:bookworm-slim
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends redis-server \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /data && chown redis:redis /data
WORKDIR /data
USER redis
EXPOSE 6379
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=3s --timeout=3s --start-period=10s --retries=5 \
    CMD redis-cli -h 127.0.0.1 ping | grep -q PONG
ENTRYPOINT ["redis-server", "--bind", "0.0.0.0", "--protected-mode", "no", "--port", "6379", "--dir", "/data", "--save", "", "--appendonly", "no", "--logfile", ""]
CMD []
