#!/usr/bin/env bash
# Starts the local PostgreSQL cluster and prepares what the tests and benchmarks of Geonode.Scraper.PostgreSql use by
# default, so that nothing after it needs arguments or environment variables:
#
#   Host=127.0.0.1;Port=5432;Username=geonode;Password=geonode;Database=geonode_scraper
#
# (a local test role: the tests work in a throwaway schema of that database, created and dropped by each run).
# Idempotent and fast when everything is already up. Installs Debian's `postgresql` package only when no cluster tooling
# is there. Starting a cluster and creating the role need root; as another user, it says what to run instead.
# Prints one line at the end; exits non-zero with the reason when PostgreSQL cannot be made ready.
set -euo pipefail

role=geonode
password=geonode
database=geonode_scraper
host=127.0.0.1
port=5432

say() { echo "postgres-up: $*"; }
fail() { echo "postgres-up: $*" >&2; exit 1; }

can_log_in() { # $1 = port
  [ -x "$(command -v psql)" ] || return 1
  [ "$(PGPASSWORD=$password PGCONNECT_TIMEOUT=3 psql -h "$host" -p "$1" -U "$role" -d "$database" -XAtqc 'select 1' 2>/dev/null)" = "1" ]
}

ready_line() { # $1 = port, $2 = what was done
  say "PostgreSQL ready on $host:$1 ($2): database $database, role $role (default connection string: docs/scale-out.md)"
}

# Fast path: the cluster is up and the role can log in.
if can_log_in "$port"; then
  ready_line "$port" "already up"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  fail "PostgreSQL is not ready on $host:$port as role $role, and starting it needs root: run 'sudo bash eng/postgres-up.sh', or point the tests at your own server with GEONODE_POSTGRES_CONNECTION_STRING (docs/scale-out.md)."
fi

# One run at a time (test processes of several target frameworks may call this at once).
exec 9>>"${TMPDIR:-/tmp}/geonode-postgres-up.lock"
flock -w 300 9 || fail "another postgres-up.sh has held its lock for 5 minutes"
if can_log_in "$port"; then
  ready_line "$port" "brought up by another run"
  exit 0
fi

done_what="started"
if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! command -v pg_lsclusters >/dev/null 2>&1; then
  log=$(mktemp)
  say "installing the postgresql package (apt-get; output in $log)" >&2
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y -q postgresql >"$log" 2>&1; then
    apt-get update -q >>"$log" 2>&1 || true
    apt-get install -y -q postgresql >>"$log" 2>&1 || { tail -20 "$log" >&2; fail "apt-get install postgresql failed (see $log)"; }
  fi
  done_what="installed and started"
fi

# The cluster: 15/main when there (the machine image's), otherwise the newest one; a new 'main' when there is none.
clusters=$(pg_lsclusters --no-header 2>/dev/null || true)
line=$(awk '$1 == "15" && $2 == "main"' <<<"$clusters" | head -1)
[ -n "$line" ] || line=$(sort -k1,1nr <<<"$clusters" | head -1)
if [ -z "$line" ]; then
  version=$(ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -1)
  [ -n "$version" ] || fail "no PostgreSQL server is installed under /usr/lib/postgresql"
  pg_createcluster "$version" main >/dev/null || fail "pg_createcluster $version main failed"
  clusters=$(pg_lsclusters --no-header)
  line=$(awk -v v="$version" '$1 == v && $2 == "main"' <<<"$clusters" | head -1)
fi
read -r version cluster cluster_port status _ <<<"$line"
if [ "$status" != "online" ]; then
  pg_ctlcluster "$version" "$cluster" start || fail "pg_ctlcluster $version $cluster start failed (see /var/log/postgresql/postgresql-$version-$cluster.log)"
else
  done_what="was running; role and database prepared"
fi

for _ in $(seq 1 60); do
  pg_isready -q -h "$host" -p "$cluster_port" -t 1 && break
  sleep 0.5
done
pg_isready -q -h "$host" -p "$cluster_port" -t 1 || fail "PostgreSQL $version/$cluster does not accept connections on $host:$cluster_port after 30 s"

as_postgres() { runuser -u postgres -- psql -p "$cluster_port" -X -q -v ON_ERROR_STOP=1 "$@"; }
as_postgres -d postgres >/dev/null <<SQL || fail "could not create the role $role or the database $database"
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$role') THEN
    CREATE ROLE $role LOGIN PASSWORD '$password';
  ELSE
    ALTER ROLE $role LOGIN PASSWORD '$password';
  END IF;
END
\$\$;
SELECT 'CREATE DATABASE $database OWNER $role' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$database')\gexec
ALTER DATABASE $database OWNER TO $role;
SQL

can_log_in "$cluster_port" || fail "the role $role cannot log in to $database on $host:$cluster_port with its password (check pg_hba.conf allows scram-sha-256 or md5 from $host)"
if [ "$cluster_port" != "$port" ]; then
  ready_line "$cluster_port" "$done_what; NOT the default port $port: set GEONODE_POSTGRES_CONNECTION_STRING"
else
  ready_line "$cluster_port" "$done_what"
fi
