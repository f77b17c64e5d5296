#!/bin/sh
# First start: a cluster in $PGDATA with the agents' role and database, reachable with a password from the
# compose network. Later starts: the same cluster. The server runs in the foreground (SIGTERM: smart shutdown).
set -eu
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  initdb -D "$PGDATA" -U postgres --auth-local=trust --auth-host=scram-sha-256 --encoding=UTF8 >/dev/null
  echo "host all all 0.0.0.0/0 scram-sha-256" >>"$PGDATA/pg_hba.conf"
  pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -k /run/postgresql" -w start >/dev/null
  psql -h /run/postgresql -U postgres -v ON_ERROR_STOP=1 -q \
    -v user="$POSTGRES_USER" -v password="$POSTGRES_PASSWORD" -v db="$POSTGRES_DB" <<'SQL'
CREATE ROLE :"user" LOGIN PASSWORD :'password';
CREATE DATABASE :"db" OWNER :"user";
SQL
  pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
  echo "postgres: created role $POSTGRES_USER and database $POSTGRES_DB"
fi
exec postgres -D "$PGDATA" -c listen_addresses='*' -k /run/postgresql
