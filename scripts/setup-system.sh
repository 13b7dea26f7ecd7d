#!/usr/bin/env bash
# Installs and starts what the tests need on a Debian machine: PostgreSQL (real server for the
# database tests), Chromium and a CJK font (browser tests), XGBoost 1.7 and openpyxl (reference checks).
# Idempotent; prints `export TEST_DATABASE_URL=…` for the caller to eval.
set -euo pipefail

need=()
command -v pg_ctlcluster >/dev/null 2>&1 || need+=(postgresql)
[ -x /usr/bin/chromium ] || need+=(chromium)
/usr/bin/python3 -c "import xgboost" >/dev/null 2>&1 || need+=(python3-xgboost)
/usr/bin/python3 -c "import openpyxl" >/dev/null 2>&1 || need+=(python3-openpyxl)
# A CJK font, or Chinese renders as boxes in the browser tests' screenshots.
dpkg -s fonts-wqy-microhei >/dev/null 2>&1 || need+=(fonts-wqy-microhei)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != "0" ]; then
    echo "setup-system: missing ${need[*]}; run as root or install them with apt-get" >&2
    exit 1
  fi
  echo "setup-system: installing ${need[*]}" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >&2
fi

# PostgreSQL refuses to run as root: use Debian's cluster tools, which run it as postgres.
ver=$(ls /usr/lib/postgresql | sort -V | tail -1)
if ! pg_lsclusters -h | awk -v v="$ver" '$1==v && $2=="main"' | grep -q .; then
  pg_createcluster "$ver" main >&2
fi
port=$(pg_lsclusters -h | awk -v v="$ver" '$1==v && $2=="main" {print $3}')
if ! pg_lsclusters -h | awk -v v="$ver" '$1==v && $2=="main" {print $4}' | grep -q online; then
  pg_ctlcluster "$ver" main start >&2
fi
for _ in $(seq 1 30); do
  su postgres -c "psql -p $port -qtAc 'select 1'" >/dev/null 2>&1 && break
  sleep 1
done
su postgres -c "psql -p $port -qc \"alter user postgres password 'postgres'\"" >&2
echo "export TEST_DATABASE_URL=postgres://postgres:postgres@127.0.0.1:$port/postgres"
