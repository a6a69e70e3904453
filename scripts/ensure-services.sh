#!/usr/bin/env bash
# Makes sure a MariaDB and a RabbitMQ (with the management plugin) are running locally
# for the integration/functional tests, and tells the tests where they are through:
#
#   FLASHPURCHASE_TEST_MYSQL_ADMIN           ADO connection string of an account that may
#                                            CREATE/DROP DATABASE fptest_<something>
#   FLASHPURCHASE_TEST_MYSQL_SERVER_VERSION  e.g. 10.11.19-mariadb (Pomelo must not AutoDetect)
#   FLASHPURCHASE_TEST_RABBITMQ_AMQP         amqp://guest:guest@127.0.0.1:5672
#   FLASHPURCHASE_TEST_RABBITMQ_MANAGEMENT   http://guest:guest@127.0.0.1:15672
#   FLASHPURCHASE_TEST_REDIS                 127.0.0.1:6379 (StackExchange.Redis configuration string)
#
# Why not Testcontainers: no Docker engine runs on our machines (see docs/stack.md), so the
# tests talk to real local servers that this script installs (apt) and starts (`service`,
# there is no systemd).
#
# Usage, either way works:
#   source scripts/ensure-services.sh           # exports the variables into this shell
#   eval "$(scripts/ensure-services.sh)"        # prints `export ...` lines on stdout
# All human-readable log lines go to stderr, so stdout stays eval-able.
#
# Already have servers? Set FLASHPURCHASE_TEST_MYSQL_ADMIN, FLASHPURCHASE_TEST_RABBITMQ_AMQP and
# FLASHPURCHASE_TEST_RABBITMQ_MANAGEMENT (all three) and this script leaves everything alone.
#
# Idempotent: a second run with everything up takes well under a second.
# Tunables: FLASHPURCHASE_MARIADB_TIMEOUT (s, default 60), FLASHPURCHASE_RABBITMQ_TIMEOUT (s, default 120).

# ---------------------------------------------------------------------------------------------
# Sourced: do the real work in a child bash process (so `set -e`, `exit` and helper functions
# cannot leak into or kill the caller's shell), then eval the `export` lines it prints.
# ---------------------------------------------------------------------------------------------
if [[ "${BASH_SOURCE[0]}" != "$0" ]]; then
    _fp_ensure_services_sourced() {
        local out
        # Check here too: the caller may have set the variables without exporting them,
        # in which case the child process would not see them.
        if [[ -n "${FLASHPURCHASE_TEST_MYSQL_ADMIN:-}" && -n "${FLASHPURCHASE_TEST_RABBITMQ_MANAGEMENT:-}" \
              && -n "${FLASHPURCHASE_TEST_RABBITMQ_AMQP:-}" ]]; then
            export FLASHPURCHASE_TEST_MYSQL_ADMIN FLASHPURCHASE_TEST_RABBITMQ_MANAGEMENT FLASHPURCHASE_TEST_RABBITMQ_AMQP
            [[ -n "${FLASHPURCHASE_TEST_REDIS:-}" ]] && export FLASHPURCHASE_TEST_REDIS
            [[ -n "${FLASHPURCHASE_TEST_MYSQL_SERVER_VERSION:-}" ]] && export FLASHPURCHASE_TEST_MYSQL_SERVER_VERSION
        fi
        out="$(bash "${BASH_SOURCE[0]}")" || return $?
        eval "$out"
    }
    _fp_ensure_services_sourced
    _fp_rc=$?
    unset -f _fp_ensure_services_sourced
    return $_fp_rc
fi

# ---------------------------------------------------------------------------------------------
# Executed.
# ---------------------------------------------------------------------------------------------
set -euo pipefail

# /usr/sbin holds mariadbd, rabbitmqctl and service; a non-login root shell may lack it.
PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"

readonly DB_USER=flashpurchase_test
readonly DB_PASSWORD=flashpurchase_test
readonly DB_HOST=127.0.0.1
readonly DB_PORT=3306
readonly RABBIT_USER=guest       # guest/guest is allowed from loopback only, which is all we need
readonly RABBIT_PASSWORD=guest
readonly AMQP_PORT=5672
readonly MGMT_PORT=15672
readonly REDIS_PORT=6379
readonly MARIADB_TIMEOUT="${FLASHPURCHASE_MARIADB_TIMEOUT:-60}"
readonly RABBITMQ_TIMEOUT="${FLASHPURCHASE_RABBITMQ_TIMEOUT:-120}"
readonly MARIADB_ERROR_LOG=/var/log/mysql/error.log
# Sorts after 50-mysqld_safe.cnf, whose `skip_log_error` + `syslog` would otherwise win.
readonly MARIADB_LOG_CONF=/etc/mysql/mariadb.conf.d/99-flashpurchase-error-log.cnf

SECONDS=0
log() { printf '[ensure-services %3ss] %s\n' "$SECONDS" "$*" >&2; }
die() {
    printf '[ensure-services] ERROR: %s\n' "$*" >&2
    exit 1
}

existing_servers_help() {
    cat >&2 <<'EOF'

To run the tests against MariaDB/MySQL and RabbitMQ servers that already exist, set all three:
  FLASHPURCHASE_TEST_MYSQL_ADMIN='Server=127.0.0.1;Port=3306;User ID=<user>;Password=<pw>'
      an account allowed to CREATE and DROP databases named fptest_<something>
  FLASHPURCHASE_TEST_RABBITMQ_AMQP='amqp://guest:guest@127.0.0.1:5672'
  FLASHPURCHASE_TEST_RABBITMQ_MANAGEMENT='http://guest:guest@127.0.0.1:15672'
      management API (rabbitmq_management plugin); the user must be allowed to create/delete vhosts
Optionally FLASHPURCHASE_TEST_MYSQL_SERVER_VERSION='10.11.19-mariadb' (or '8.0.36-mysql').
EOF
}

is_root() { [[ "$(id -u)" == 0 ]]; }

# Runs an init script. `service` is the normal way here (no systemd); fall back to
# /etc/init.d for minimal images without the init-system-helpers `service` wrapper.
# Its output goes to a file, never to our stdout/stderr: MariaDB's init script leaves
# background children (logger, debian-start checks) holding the fds it was given, which would
# make `eval "$(...)"` or a `| tee` in CI wait forever.
run_service() { # name action timeout logfile
    local name=$1 action=$2 timeout_s=$3 out=$4
    if command -v service >/dev/null 2>&1; then
        timeout "$timeout_s" service "$name" "$action" </dev/null >"$out" 2>&1
    else
        timeout "$timeout_s" "/etc/init.d/$name" "$action" </dev/null >"$out" 2>&1
    fi
}

# ---------------------------------------------------------------------------------------------
# 0. Existing servers given: touch nothing.
# ---------------------------------------------------------------------------------------------
if [[ -n "${FLASHPURCHASE_TEST_MYSQL_ADMIN:-}" && -n "${FLASHPURCHASE_TEST_RABBITMQ_MANAGEMENT:-}" \
      && -n "${FLASHPURCHASE_TEST_RABBITMQ_AMQP:-}" ]]; then
    log "FLASHPURCHASE_TEST_MYSQL_ADMIN, _RABBITMQ_AMQP and _RABBITMQ_MANAGEMENT are set: using those existing servers, starting nothing."
    [[ -n "${FLASHPURCHASE_TEST_MYSQL_SERVER_VERSION:-}" ]] \
        || log "note: FLASHPURCHASE_TEST_MYSQL_SERVER_VERSION is not set (e.g. 10.11.19-mariadb or 8.0.36-mysql); set it if the tests need the exact server version."
    [[ -n "${FLASHPURCHASE_TEST_REDIS:-}" ]] \
        || log "warning: FLASHPURCHASE_TEST_REDIS is not set (e.g. 127.0.0.1:6379): the shared rate limit tests will fail."
    exit 0
fi
for v in FLASHPURCHASE_TEST_MYSQL_ADMIN FLASHPURCHASE_TEST_RABBITMQ_AMQP FLASHPURCHASE_TEST_RABBITMQ_MANAGEMENT; do
    [[ -z "${!v:-}" ]] || log "warning: $v is set but not all three are; ignoring it and using local servers."
done

tmpdir="$(mktemp -d)"
trap 'rm -rf "$tmpdir"' EXIT

mgmt_url="http://${RABBIT_USER}:${RABBIT_PASSWORD}@127.0.0.1:${MGMT_PORT}"
amqp_url="amqp://${RABBIT_USER}:${RABBIT_PASSWORD}@127.0.0.1:${AMQP_PORT}"
admin_cs="Server=${DB_HOST};Port=${DB_PORT};User ID=${DB_USER};Password=${DB_PASSWORD}"

mariadb_client() { command -v mariadb || command -v mysql; }
mariadb_admin() { command -v mariadb-admin || command -v mysqladmin; }

# TCP login as the test user, exactly as the tests will connect. Prints VERSION().
test_user_version() {
    MYSQL_PWD="$DB_PASSWORD" "$(mariadb_client)" --protocol=TCP -h"$DB_HOST" -P"$DB_PORT" -u"$DB_USER" \
        --connect-timeout=3 -N -B -e 'SELECT VERSION()' 2>/dev/null
}

rabbit_ready() {
    curl -sf -m 5 -o /dev/null -u "${RABBIT_USER}:${RABBIT_PASSWORD}" "http://127.0.0.1:${MGMT_PORT}/api/overview" \
        && (exec 3<>"/dev/tcp/127.0.0.1/${AMQP_PORT}") 2>/dev/null
}

wait_rabbit_ready() { # seconds
    local deadline=$((SECONDS + $1))
    until rabbit_ready; do
        ((SECONDS < deadline)) || return 1
        sleep 0.5
    done
}

# ---------------------------------------------------------------------------------------------
# 1. Install what is missing (fresh CI machines have neither server).
# ---------------------------------------------------------------------------------------------
missing=()
{ [[ -x /usr/sbin/mariadbd ]] || [[ -x /usr/sbin/mysqld ]] || command -v mariadbd >/dev/null 2>&1; } \
    || missing+=(mariadb-server)
mariadb_client >/dev/null 2>&1 || missing+=(mariadb-client)
{ [[ -x /usr/sbin/rabbitmq-server ]] || command -v rabbitmq-server >/dev/null 2>&1; } || missing+=(rabbitmq-server)
command -v curl >/dev/null 2>&1 || missing+=(curl)

if ((${#missing[@]})); then
    if ! is_root || ! command -v apt-get >/dev/null 2>&1; then
        printf '[ensure-services] ERROR: missing %s and cannot install it (needs root and apt-get).\n' "${missing[*]}" >&2
        existing_servers_help
        exit 1
    fi
    # Always ask for the full pair; apt skips what is already installed.
    pkgs=(mariadb-server rabbitmq-server)
    [[ " ${missing[*]} " == *" curl "* ]] && pkgs+=(curl)
    export DEBIAN_FRONTEND=noninteractive
    apt_install() {
        apt-get install -y -q "${pkgs[@]}" </dev/null >"$tmpdir/apt.log" 2>&1
    }
    # `apt-get update` only when needed: when the package lists do not know the packages
    # (fresh image) or when installing from the present lists fails (stale lists -> 404).
    policy="$(apt-cache policy mariadb-server rabbitmq-server 2>/dev/null || true)"
    if [[ -z "$policy" || "$policy" == *"Candidate: (none)"* ]]; then
        log "apt-get update ..."
        apt-get update -q </dev/null >"$tmpdir/apt-update.log" 2>&1 || { cat "$tmpdir/apt-update.log" >&2; die "apt-get update failed"; }
    fi
    log "installing ${pkgs[*]} ..."
    if ! apt_install; then
        log "install failed with the current package lists; running apt-get update and retrying"
        apt-get update -q </dev/null >"$tmpdir/apt-update.log" 2>&1 || { cat "$tmpdir/apt-update.log" >&2; die "apt-get update failed"; }
        apt_install || { tail -n 40 "$tmpdir/apt.log" >&2; die "apt-get install ${pkgs[*]} failed"; }
    fi
    log "installed ${pkgs[*]}"
fi

# Debian's prometheus, for the metrics scrape test (tests/FaultTests/MetricsScrapeTests.cs), which runs its own
# on a free port with a configuration of its own. Without recommends: no node exporter. The package's service would
# scrape :9090 for nothing: it is stopped if anything started it (apt's policy here does not).
if ! [[ -x /usr/bin/prometheus ]]; then
    if is_root && command -v apt-get >/dev/null 2>&1; then
        log "installing prometheus ..."
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends prometheus </dev/null >"$tmpdir/apt-prometheus.log" 2>&1 \
            || { apt-get update -q </dev/null >"$tmpdir/apt-update.log" 2>&1 \
                 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends prometheus </dev/null >"$tmpdir/apt-prometheus.log" 2>&1; } \
            || { tail -n 40 "$tmpdir/apt-prometheus.log" >&2; die "apt-get install prometheus failed"; }
        log "installed prometheus"
    else
        log "prometheus is missing and cannot be installed (needs root and apt-get): the metrics scrape test will fail"
    fi
fi
if is_root && command -v service >/dev/null 2>&1 && [[ -f /run/prometheus/prometheus.pid ]]; then
    service prometheus stop >/dev/null 2>&1 || true
fi

# ---------------------------------------------------------------------------------------------
# 2. MariaDB
# ---------------------------------------------------------------------------------------------
if is_root; then
    # Error log to a file: the Debian default sends it to syslog, which does not exist here,
    # so a failing start would leave no trace at all.
    conf_content="# Written by FlashPurchase scripts/ensure-services.sh: no syslog on these machines,
# so keep MariaDB's error log in a file (50-mysqld_safe.cnf says skip_log_error + syslog).
[mysqld]
log_error = ${MARIADB_ERROR_LOG}

[mysqld_safe]
log_error = ${MARIADB_ERROR_LOG}
skip_syslog
"
    if [[ ! -f "$MARIADB_LOG_CONF" ]] || [[ "$(cat "$MARIADB_LOG_CONF")"$'\n' != "$conf_content" ]]; then
        printf '%s' "$conf_content" >"$MARIADB_LOG_CONF"
        log "wrote $MARIADB_LOG_CONF (error log -> $MARIADB_ERROR_LOG; applies from the next MariaDB start)"
    fi
    # The package creates this directory, but images that prune /var/log lose it; mariadbd
    # (running as mysql) must be able to create the file.
    if [[ ! -d "$(dirname "$MARIADB_ERROR_LOG")" ]]; then
        install -d -o mysql -g adm -m 2750 "$(dirname "$MARIADB_ERROR_LOG")"
    fi

    mariadb_alive() { "$(mariadb_admin)" --connect-timeout=2 ping >/dev/null 2>&1; }

    if mariadb_alive; then
        log "MariaDB is already running"
    else
        log "starting MariaDB ..."
        if ! run_service mariadb start "$MARIADB_TIMEOUT" "$tmpdir/mariadb-start.log"; then
            cat "$tmpdir/mariadb-start.log" >&2 || true
            log "last lines of $MARIADB_ERROR_LOG:"
            tail -n 30 "$MARIADB_ERROR_LOG" >&2 2>/dev/null || true
            die "'service mariadb start' failed (see above)"
        fi
        deadline=$((SECONDS + MARIADB_TIMEOUT))
        until mariadb_alive; do
            if ((SECONDS >= deadline)); then
                log "last lines of $MARIADB_ERROR_LOG:"
                tail -n 30 "$MARIADB_ERROR_LOG" >&2 2>/dev/null || true
                die "MariaDB did not answer 'mariadb-admin ping' within ${MARIADB_TIMEOUT}s"
            fi
            sleep 0.5
        done
        log "MariaDB is up"
    fi

    # Test account. Tests create/drop their own throwaway databases fptest_<something>, so the
    # grant is on the pattern `fptest\_%` (\_ = a literal underscore) and on nothing else.
    # Both hosts: a TCP login from 127.0.0.1 may match 'localhost' (skip-name-resolve off),
    # and the anonymous/other accounts must not shadow ours.
    # ALTER USER resets the password in case the account existed with another one.
    # max_connections: test classes run in parallel, each with its own connection pool (race tests open
    # 100+ at once); the default 151 is too few. SET GLOBAL lasts until the server restarts, and we run
    # this on every call.
    if ! "$(mariadb_client)" -uroot --connect-timeout=5 >"$tmpdir/grant.log" 2>&1 <<SQL; then
CREATE USER IF NOT EXISTS '${DB_USER}'@'127.0.0.1' IDENTIFIED BY '${DB_PASSWORD}';
CREATE USER IF NOT EXISTS '${DB_USER}'@'localhost' IDENTIFIED BY '${DB_PASSWORD}';
ALTER USER '${DB_USER}'@'127.0.0.1' IDENTIFIED BY '${DB_PASSWORD}';
ALTER USER '${DB_USER}'@'localhost' IDENTIFIED BY '${DB_PASSWORD}';
GRANT ALL PRIVILEGES ON \`fptest\\_%\`.* TO '${DB_USER}'@'127.0.0.1';
GRANT ALL PRIVILEGES ON \`fptest\\_%\`.* TO '${DB_USER}'@'localhost';
SET GLOBAL max_connections = GREATEST(@@GLOBAL.max_connections, 1000);
SQL
        cat "$tmpdir/grant.log" >&2
        die "could not create the MariaDB user ${DB_USER} as root over the unix socket (mariadb -uroot)"
    fi
fi

# Verify the way the tests connect (TCP, test user); also the only check a non-root run can do.
if ! db_version="$(test_user_version)" || [[ -z "$db_version" ]]; then
    if is_root; then
        die "MariaDB runs but '${DB_USER}' cannot log in over TCP ${DB_HOST}:${DB_PORT} (bind-address / skip-networking?)"
    fi
    printf '[ensure-services] ERROR: no MariaDB accepting %s@%s:%s, and only root can start/configure one.\n' \
        "$DB_USER" "$DB_HOST" "$DB_PORT" >&2
    existing_servers_help
    exit 1
fi
# "10.11.19-MariaDB-0+deb12u1" -> "10.11.19-mariadb" (the form Pomelo's ServerVersion.Parse takes).
db_number="$(sed -E 's/^([0-9]+\.[0-9]+\.[0-9]+).*/\1/' <<<"$db_version")"
if [[ "${db_version,,}" == *mariadb* ]]; then db_server_version="${db_number}-mariadb"; else db_server_version="${db_number}-mysql"; fi
log "MariaDB ${db_version}: ${DB_USER} logs in over TCP"

# ---------------------------------------------------------------------------------------------
# 3. RabbitMQ + management plugin (tests create a throwaway vhost per fixture through its API)
# ---------------------------------------------------------------------------------------------
if rabbit_ready; then
    log "RabbitMQ is already running with the management API"
elif is_root; then
    # `service start` is a no-op when the node already runs; its init script waits up to 600 s
    # on its own, hence the timeout.
    log "starting RabbitMQ ..."
    if ! run_service rabbitmq-server start "$RABBITMQ_TIMEOUT" "$tmpdir/rabbit-start.log"; then
        cat "$tmpdir/rabbit-start.log" >&2 || true
        for f in /var/log/rabbitmq/startup_err /var/log/rabbitmq/startup_log "/var/log/rabbitmq/rabbit@$(hostname -s).log"; do
            if [[ -s "$f" ]]; then log "last lines of $f:"; tail -n 30 "$f" >&2; fi
        done
        die "'service rabbitmq-server start' failed or took more than ${RABBITMQ_TIMEOUT}s (the node name is rabbit@$(hostname -s): that host name must resolve)"
    fi
    timeout "$((RABBITMQ_TIMEOUT + 10))" rabbitmqctl await_startup --timeout "$RABBITMQ_TIMEOUT" </dev/null >"$tmpdir/await.log" 2>&1 \
        || { cat "$tmpdir/await.log" >&2; die "RabbitMQ did not finish starting within ${RABBITMQ_TIMEOUT}s"; }
    # The management plugin: skip the ~2 s `rabbitmq-plugins enable` when it is already listed
    # in enabled_plugins and the API comes up; otherwise enable it online (takes effect without
    # a restart; a no-op when already enabled, which covers a node started before the file said so).
    if ! grep -qs rabbitmq_management /etc/rabbitmq/enabled_plugins || ! wait_rabbit_ready 10; then
        log "enabling rabbitmq_management ..."
        timeout 120 rabbitmq-plugins enable rabbitmq_management </dev/null >"$tmpdir/plugins.log" 2>&1 \
            || { cat "$tmpdir/plugins.log" >&2; die "rabbitmq-plugins enable rabbitmq_management failed"; }
        wait_rabbit_ready "$RABBITMQ_TIMEOUT" \
            || die "RabbitMQ management API http://127.0.0.1:${MGMT_PORT}/api/overview (guest/guest) or AMQP :${AMQP_PORT} did not answer within ${RABBITMQ_TIMEOUT}s"
    fi
    log "RabbitMQ is up with the management API"
else
    printf '[ensure-services] ERROR: no RabbitMQ management API on 127.0.0.1:%s (guest/guest), and only root can start one.\n' "$MGMT_PORT" >&2
    existing_servers_help
    exit 1
fi

# ---------------------------------------------------------------------------------------------
# 3b. Redis (the shared rate limits' store). Throwaway data: no snapshots, no append-only file.
# ---------------------------------------------------------------------------------------------
redis_cs="${FLASHPURCHASE_TEST_REDIS:-127.0.0.1:${REDIS_PORT}}"
redis_ready() { [[ "$(redis-cli -p "$REDIS_PORT" ping 2>/dev/null)" == PONG ]]; }
if [[ -z "${FLASHPURCHASE_TEST_REDIS:-}" ]]; then
    if ! command -v redis-server >/dev/null 2>&1; then
        is_root && command -v apt-get >/dev/null 2>&1 || die "redis-server is missing and cannot be installed (needs root and apt-get)"
        log "installing redis-server ..."
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends redis-server </dev/null >"$tmpdir/apt-redis.log" 2>&1 \
            || { apt-get update -q </dev/null >"$tmpdir/apt-update.log" 2>&1 \
                 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends redis-server </dev/null >"$tmpdir/apt-redis.log" 2>&1; } \
            || { tail -n 40 "$tmpdir/apt-redis.log" >&2; die "apt-get install redis-server failed"; }
    fi
    if ! redis_ready; then
        log "starting redis-server on :${REDIS_PORT} ..."
        redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --daemonize yes --save '' --appendonly no \
            --logfile /tmp/flashpurchase-test-redis.log >/dev/null
        deadline=$((SECONDS + 20))
        until redis_ready; do
            ((SECONDS < deadline)) || die "redis-server did not answer PING on :${REDIS_PORT} within 20s (see /tmp/flashpurchase-test-redis.log)"
            sleep 0.2
        done
    fi
    log "Redis is up"
fi

# ---------------------------------------------------------------------------------------------
# 4. Hand the settings to the caller (stdout = eval-able export lines only).
# ---------------------------------------------------------------------------------------------
for kv in \
    "FLASHPURCHASE_TEST_MYSQL_ADMIN=$admin_cs" \
    "FLASHPURCHASE_TEST_MYSQL_SERVER_VERSION=$db_server_version" \
    "FLASHPURCHASE_TEST_RABBITMQ_AMQP=$amqp_url" \
    "FLASHPURCHASE_TEST_RABBITMQ_MANAGEMENT=$mgmt_url" \
    "FLASHPURCHASE_TEST_REDIS=$redis_cs"; do
    value="${kv#*=}"
    # Single-quoted (values hold ';' and spaces); a ' inside would become '\''.
    printf "export %s='%s'\n" "${kv%%=*}" "${value//\'/\'\\\'\'}"
    log "${kv%%=*}=${kv#*=}"
done
log "services ready in ${SECONDS}s"
