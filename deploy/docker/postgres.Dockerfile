# PostgreSQL 15 from Debian's packages (for machines that cannot pull the
# official image). Environment like the official image: POSTGRES_PASSWORD
# (required on first start), POSTGRES_USER (postgres), POSTGRES_DB
# (= POSTGRES_USER), PGDATA (/var/lib/postgresql/data/pgdata).
#   docker build -f deploy/docker/postgres.Dockerfile -t koers/postgres:15 .
FROM debian:bookworm-slim
RUN mkdir -p /etc/postgresql-common/createcluster.d \
 && echo 'create_main_cluster = false' >/etc/postgresql-common/createcluster.d/koers.conf \
 && apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql-15 \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /var/lib/postgresql/data /var/run/postgresql \
 && chown -R postgres:postgres /var/lib/postgresql /var/run/postgresql \
 && chmod 2775 /var/run/postgresql
COPY deploy/docker/postgres-entrypoint.sh /usr/local/bin/koers-postgres
ENV PATH=/usr/lib/postgresql/15/bin:$PATH \
    PGDATA=/var/lib/postgresql/data/pgdata
VOLUME /var/lib/postgresql/data
USER postgres
EXPOSE 5432
# SIGINT: PostgreSQL's fast shutdown (clean, does not wait for clients)
STOPSIGNAL SIGINT
HEALTHCHECK --interval=3s --timeout=3s --start-period=60s --retries=5 \
    CMD pg_isready -q -h 127.0.0.1 -U "${POSTGRES_USER:-postgres}" -d "${POSTGRES_DB:-${POSTGRES_USER:-postgres}}"
ENTRYPOINT ["koers-postgres"]
CMD []
