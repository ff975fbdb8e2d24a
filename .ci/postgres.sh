# Source me: make sure a local PostgreSQL runs (installing it when missing) and export
# TEST_DATABASE_URL for a throw-away test database. Used by .ci/run and `make test-postgres`.
set -e
if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
version=$(ls /usr/lib/postgresql | sort -n | tail -n 1)
pg_lsclusters -h | grep -q "^$version main" || pg_createcluster "$version" main >/dev/null
pg_ctlcluster "$version" main start 2>/dev/null || true
for _ in $(seq 1 30); do
  su postgres -c "pg_isready -q" && break
  sleep 1
done
su postgres -c "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='stts'\"" | grep -q 1 \
  || su postgres -c "psql -qc \"CREATE ROLE stts LOGIN PASSWORD 'stts' CREATEDB\""
su postgres -c "psql -qtAc \"SELECT 1 FROM pg_database WHERE datname='stts_test'\"" | grep -q 1 \
  || su postgres -c "createdb -O stts stts_test"
export TEST_DATABASE_URL="postgresql://stts:stts@127.0.0.1:5432/stts_test"
set +e
