# shellcheck shell=bash
# CallCentre local infrastructure: a throwaway RabbitMQ node and PostgreSQL server on loopback.
#
# A library, sourced, not executed:
#   source deploy/local/infra.sh
#   cc_infra_install            # apt-get install what is missing or, for tzdata, out of date (root, Debian 12)
#   cc_infra_start DIR          # RabbitMQ on 127.0.0.1:$CC_RABBIT_PORT, PostgreSQL on 127.0.0.1:$CC_PG_PORT
#   cc_infra_export             # CALLCENTRE_TEST_RABBITMQ / _POSTGRES / _CHROMIUM
#   cc_infra_stop DIR           # stops both; never fails
#   cc_telephony_start DIR      # Kamailio (SIP, deploy/telephony/kamailio.cfg) and rtpengine (media), see below
#   cc_telephony_stop DIR       # stops both; never fails
#   cc_kamailio_start DIR       # Kamailio alone again, from DIR's run copy (after it died; rtpengine carries on)
#
# Works without systemd or docker: both servers run as plain processes whose data, logs and pid files
# live under DIR. Nothing listens beyond 127.0.0.1 (AMQP, Erlang distribution, epmd, PostgreSQL).
#
# Settings (environment):
#   CC_RABBIT_PORT     AMQP port (default 25672)
#   CC_RABBIT_DIST_PORT  the Erlang distribution port (default AMQP port + 1). RabbitMQ's own default, AMQP + 20000,
#                      falls in Linux's ephemeral range (32768-60999), where any outgoing connection may hold it.
#   CC_EPMD_PORT       a private epmd port (default 24369), so that the node never shares a system epmd
#   CC_RABBIT_PLUGINS  comma-separated plugins to enable (default rabbitmq_consistent_hash_exchange)
#   CC_RABBIT_MGMT_PORT  management UI port if rabbitmq_management is enabled (default 15672, on 127.0.0.1)
#   CC_PG_PORT         PostgreSQL port (default 25432)
#   CC_PG_BIN          PostgreSQL binaries (default /usr/lib/postgresql/15/bin)
#   CC_INFRA_QUIET=1   no progress lines
#   CC_SIP_PORT        Kamailio's SIP port, UDP (default 5060); CC_SIP_ADDR its address (default 127.0.0.1)
#   CC_EVAPI_PORT      where the Telephony module connects to Kamailio, TCP on 127.0.0.1 (default 8448)
#   CC_RTPENGINE_NG_PORT  rtpengine's control port, UDP on 127.0.0.1 (default 2223)
#   CC_RTPENGINE_CLI_PORT  rtpengine's command-line port, TCP on 127.0.0.1 (default 2224)
#   CC_RTP_PORT_MIN / CC_RTP_PORT_MAX  rtpengine's media ports (default 31000-31999)
#   CC_SIP_WS_PORT     Kamailio's WebSocket listener for the desk's softphone, TCP on CC_SIP_ADDR (default 5066)
#   CC_MEDIA_DIR       what callers hear while they wait or are held: ringback.wav, hold.wav, <queueId>.wav (default deploy/telephony/media)
#   CC_SIP_SECRET      the agents' SIP credential secret, shared with Telephony:SipSecret (default: generated once into
#                      DIR/telephony/sip-secret); letters and digits

_cc_log() { [[ "${CC_INFRA_QUIET:-0}" == 1 ]] || printf '[infra %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
_cc_err() { printf '[infra %s] ERROR: %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

_cc_rabbit_port() { echo "${CC_RABBIT_PORT:-25672}"; }
_cc_rabbit_dist_port() { echo "${CC_RABBIT_DIST_PORT:-$(($(_cc_rabbit_port) + 1))}"; }
_cc_pg_port() { echo "${CC_PG_PORT:-25432}"; }
_cc_epmd_port() { echo "${CC_EPMD_PORT:-24369}"; }
_cc_rabbit_node() { echo "cc$(_cc_rabbit_port)@localhost"; }
_cc_pg_bin() { echo "${CC_PG_BIN:-/usr/lib/postgresql/15/bin}"; }
# Remembers which DIR the last cc_infra_start on these ports used, so a later run can stop a leftover.
_cc_state_file() { echo "${TMPDIR:-/tmp}/callcentre-infra-$(_cc_rabbit_port)-$(_cc_pg_port).dir"; }

_cc_now() { date +%s.%N; }
_cc_since() { awk -v a="$1" -v b="$(_cc_now)" 'BEGIN { printf "%.1f", b - a }'; }

# True if something accepts TCP connections on 127.0.0.1:$1.
_cc_port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Who listens on 127.0.0.1:$1 (for error messages).
_cc_port_owner() { ss -ltnpH "sport = :$1" 2>/dev/null | sed 's/^/    /'; }

_cc_pkg_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

# True if the installed version of $1 is the newest the package lists know.
_cc_pkg_current() {
    local policy
    policy=$(apt-cache policy "$1" 2>/dev/null) || return 1
    [[ $(awk '/Installed:/ { print $2 }' <<<"$policy") == "$(awk '/Candidate:/ { print $2 }' <<<"$policy")" ]]
}

cc_infra_install() {
    local missing=() p
    for p in rabbitmq-server postgresql chromium kamailio kamailio-extra-modules kamailio-json-modules kamailio-autheph-modules kamailio-websocket-modules kamailio-sqlite-modules sqlite3 rtpengine-daemon sip-tester fonts-dejavu-core poppler-utils python3-aiosmtpd; do
        _cc_pkg_installed "$p" || missing+=("$p")
    done
    # The newest zone data, so that the operating system's time zones agree with the ones NodaTime carries.
    _cc_pkg_current tzdata || missing+=(tzdata)
    ((${#missing[@]} == 0)) && return 0
    if [[ $EUID -ne 0 ]]; then
        _cc_err "missing packages (${missing[*]}) and not root: install them with apt-get"
        return 1
    fi
    local t0 log created_policy=0
    t0=$(_cc_now)
    log=$(mktemp "${TMPDIR:-/tmp}/callcentre-apt.XXXXXX")
    _cc_log "installing ${missing[*]} (apt log: $log)"
    # No init system here: keep the packages' post-install scripts from trying to start their services
    # (a system RabbitMQ would listen on 0.0.0.0:5672).
    if [[ ! -e /usr/sbin/policy-rc.d ]]; then
        printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && created_policy=1
    fi
    local rc=0
    export DEBIAN_FRONTEND=noninteractive
    # apt-get update only when the package lists are missing or do not know a package.
    if ! compgen -G '/var/lib/apt/lists/*_Packages*' >/dev/null || ! apt-cache show "${missing[@]}" >/dev/null 2>&1; then
        apt-get update -qq >>"$log" 2>&1 || rc=$?
    fi
    if ((rc == 0)); then
        apt-get install -y -qq -o Dpkg::Use-Pty=0 "${missing[@]}" >>"$log" 2>&1 || rc=$?
    fi
    ((created_policy)) && rm -f /usr/sbin/policy-rc.d
    if ((rc != 0)); then
        _cc_err "apt-get failed ($rc); last lines of $log:"
        tail -n 20 "$log" >&2
        return "$rc"
    fi
    rm -f "$log"
    _cc_log "installed ${missing[*]} in $(_cc_since "$t0") s"
}

# --- RabbitMQ -------------------------------------------------------------------------------------

# Runs a RabbitMQ CLI tool against the node of DIR ($1): same HOME (Erlang cookie), same private epmd,
# distribution on loopback. Runs as root without Debian's user switch.
_cc_rabbit_cli() {
    local dir=$1 tool=$2
    shift 2
    timeout "${CC_RABBIT_CLI_TIMEOUT:-120}" env HOME="$dir/rabbit" \
        ERL_EPMD_ADDRESS=127.0.0.1 ERL_EPMD_PORT="$(_cc_epmd_port)" \
        RABBITMQ_CONF_ENV_FILE="$dir/rabbit/rabbitmq-env.conf" \
        RABBITMQ_ENABLED_PLUGINS_FILE="$dir/rabbit/enabled_plugins" \
        RABBITMQ_CTL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}" \
        "/usr/lib/rabbitmq/bin/$tool" -n "$(_cc_rabbit_node)" "$@"
}

# True once the AMQP port answers a protocol header with a Connection.Start method frame (type 1).
_cc_amqp_ready() {
    local reply
    reply=$(timeout 5 bash -c '
        exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
        printf "AMQP\x00\x00\x09\x01" >&3
        head -c 1 <&3 | od -An -tx1' _ "$1" 2>/dev/null) || return 1
    [[ "${reply// /}" == 01 ]]
}

_cc_rabbit_start() {
    local dir=$1 port dist t0 pid
    port=$(_cc_rabbit_port)
    dist=$(_cc_rabbit_dist_port)
    if ((dist > 65535)) || ((dist >= 35672 && dist <= 35682)); then
        _cc_err "Erlang distribution port $dist is unusable (needs <= 65535 and outside 35672-35682, the CLI tools' range): set CC_RABBIT_DIST_PORT"
        return 1
    fi
    local rd="$dir/rabbit"
    mkdir -p "$rd/log"
    : >"$rd/rabbitmq-env.conf"   # do not read /etc/rabbitmq/rabbitmq-env.conf
    local plugins="${CC_RABBIT_PLUGINS-rabbitmq_consistent_hash_exchange}"
    {
        echo "listeners.tcp.default = 127.0.0.1:$port"
        echo "loopback_users.guest = true"
        if [[ ",$plugins," == *",rabbitmq_management,"* ]]; then
            echo "management.tcp.ip = 127.0.0.1"
            echo "management.tcp.port = ${CC_RABBIT_MGMT_PORT:-15672}"
        fi
    } >"$rd/rabbitmq.conf"
    echo "[${plugins}]." >"$rd/enabled_plugins"

    # epmd: a private one on loopback; remember its pid only if this start launched it.
    local epmd_port
    epmd_port=$(_cc_epmd_port)
    if ! _cc_port_open "$epmd_port"; then
        ERL_EPMD_ADDRESS=127.0.0.1 ERL_EPMD_PORT="$epmd_port" epmd -daemon
        local i
        for i in $(seq 50); do _cc_port_open "$epmd_port" && break; sleep 0.1; done
        pid=$(ss -ltnpH "sport = :$epmd_port" 2>/dev/null | grep -o 'pid=[0-9]*' | head -n1 | cut -d= -f2 || true)
        [[ -n "$pid" ]] && echo "$pid" >"$rd/epmd.pid"
    fi

    t0=$(_cc_now)
    env HOME="$rd" \
        ERL_EPMD_ADDRESS=127.0.0.1 ERL_EPMD_PORT="$epmd_port" \
        RABBITMQ_CONF_ENV_FILE="$rd/rabbitmq-env.conf" \
        RABBITMQ_NODENAME="$(_cc_rabbit_node)" RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT="$port" \
        RABBITMQ_DIST_PORT="$dist" \
        RABBITMQ_MNESIA_BASE="$rd/mnesia" RABBITMQ_LOG_BASE="$rd/log" RABBITMQ_CONFIG_FILE="$rd/rabbitmq" \
        RABBITMQ_ENABLED_PLUGINS_FILE="$rd/enabled_plugins" RABBITMQ_PID_FILE="$rd/pid" \
        RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1} ${CC_RABBIT_ERL_ARGS-+sbwt none +sbwtdcpu none +sbwtdio none}" \
        setsid /usr/lib/rabbitmq/bin/rabbitmq-server </dev/null >"$rd/out.log" 2>&1 &
    echo $! >"$rd/launcher.pid"

    if ! _cc_rabbit_cli "$dir" rabbitmqctl -q wait "$rd/pid" --timeout 90 >>"$rd/wait.log" 2>&1; then
        _cc_err "RabbitMQ did not start; $rd/out.log:"
        tail -n 30 "$rd/out.log" >&2
        return 1
    fi
    local ok=0 i
    for i in $(seq 100); do
        if _cc_amqp_ready "$port"; then ok=1; break; fi
        sleep 0.2
    done
    if ((!ok)); then
        _cc_err "RabbitMQ node is up but 127.0.0.1:$port does not speak AMQP; $rd/out.log:"
        tail -n 30 "$rd/out.log" >&2
        return 1
    fi
    if ! _cc_rabbit_cli "$dir" rabbitmqctl -q authenticate_user guest guest >/dev/null 2>&1; then
        _cc_err "RabbitMQ is up but user guest/guest cannot authenticate"
        return 1
    fi
    _cc_log "RabbitMQ $(_cc_rabbit_node) ready on 127.0.0.1:$port in $(_cc_since "$t0") s"
}

_cc_rabbit_stop() {
    local dir=$1 rd="$1/rabbit" t0 pid
    [[ -d "$rd" ]] || return 0
    t0=$(_cc_now)
    if [[ -s "$rd/pid" ]]; then
        pid=$(cat "$rd/pid" 2>/dev/null)
        if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
            # 'stop PIDFILE' returns once the Erlang VM has exited.
            CC_RABBIT_CLI_TIMEOUT=60 _cc_rabbit_cli "$dir" rabbitmqctl -q stop "$rd/pid" >/dev/null 2>&1 || true
            if kill -0 "$pid" 2>/dev/null; then
                kill -TERM "$pid" 2>/dev/null || true
                local i
                for i in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
                kill -KILL "$pid" 2>/dev/null || true
            fi
            _cc_log "RabbitMQ stopped in $(_cc_since "$t0") s"
        fi
        rm -f "$rd/pid"
    fi
    if [[ -s "$rd/launcher.pid" ]]; then
        pid=$(cat "$rd/launcher.pid")
        kill -0 "$pid" 2>/dev/null && kill -TERM "$pid" 2>/dev/null
        rm -f "$rd/launcher.pid"
    fi
    if [[ -s "$rd/epmd.pid" ]]; then
        pid=$(cat "$rd/epmd.pid")
        # Only the epmd this library launched (its own port), by pid.
        if [[ -n "$pid" ]] && [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == epmd ]]; then
            kill -TERM "$pid" 2>/dev/null || true
        fi
        rm -f "$rd/epmd.pid"
    fi
    return 0
}

# --- PostgreSQL -----------------------------------------------------------------------------------

_cc_as_postgres() { runuser -u postgres -- "$@"; }

_cc_pg_start() {
    local dir=$1 port t0 pd="$1/pg" bin
    port=$(_cc_pg_port)
    bin=$(_cc_pg_bin)
    [[ -x "$bin/pg_ctl" ]] || { _cc_err "PostgreSQL binaries not found in $bin (set CC_PG_BIN)"; return 1; }
    mkdir -p "$pd"
    chown postgres:postgres "$pd"
    # initdb and the server run as 'postgres', which must be able to reach DIR.
    chmod o+x "$dir" 2>/dev/null || true
    if ! _cc_as_postgres test -w "$pd"; then
        _cc_err "user postgres cannot write $pd (a parent folder is not searchable by others): use a DIR under /tmp"
        return 1
    fi
    t0=$(_cc_now)
    if [[ ! -s "$pd/data/PG_VERSION" ]]; then
        if ! _cc_as_postgres "$bin/initdb" -D "$pd/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 \
                --no-sync >"$pd/initdb.log" 2>&1; then
            _cc_err "initdb failed; $pd/initdb.log:"
            tail -n 20 "$pd/initdb.log" >&2
            return 1
        fi
    fi
    if ! _cc_as_postgres "$bin/pg_ctl" -D "$pd/data" -l "$pd/log" -w -t 60 start \
            -o "-p $port -k $pd -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" >/dev/null 2>&1; then
        _cc_err "PostgreSQL did not start; $pd/log:"
        tail -n 20 "$pd/log" >&2
        return 1
    fi
    local i
    for i in $(seq 100); do
        pg_isready -q -h 127.0.0.1 -p "$port" -U postgres && break
        sleep 0.1
    done
    if ! pg_isready -q -h 127.0.0.1 -p "$port" -U postgres; then
        _cc_err "PostgreSQL started but pg_isready fails on 127.0.0.1:$port"
        return 1
    fi
    _cc_log "PostgreSQL ready on 127.0.0.1:$port in $(_cc_since "$t0") s"
}

_cc_pg_stop() {
    local dir=$1 pd="$1/pg" t0 bin
    bin=$(_cc_pg_bin)
    [[ -s "$pd/data/postmaster.pid" ]] || return 0
    t0=$(_cc_now)
    timeout 60 runuser -u postgres -- "$bin/pg_ctl" -D "$pd/data" -m fast -w -t 30 stop >/dev/null 2>&1 || {
        local pid
        pid=$(head -n1 "$pd/data/postmaster.pid" 2>/dev/null)
        [[ -n "$pid" ]] && kill -QUIT "$pid" 2>/dev/null
    }
    _cc_log "PostgreSQL stopped in $(_cc_since "$t0") s"
    return 0
}

# --- Telephony: Kamailio and rtpengine -------------------------------------------------------------

_cc_udp_bound() { [[ -n "$(ss -lunH "sport = :$1" 2>/dev/null)" ]]; }
_cc_tcp_bound() { [[ -n "$(ss -ltnH "sport = :$1" 2>/dev/null)" ]]; }

# Starts rtpengine (userspace forwarding, no kernel module) and Kamailio under DIR/telephony, as plain processes.
cc_telephony_start() {
    local dir=${1:?usage: cc_telephony_start DIR} here td t0 i
    here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
    mkdir -p "$dir/telephony"
    td=$(cd "$dir/telephony" && pwd)
    local sip_addr=${CC_SIP_ADDR:-127.0.0.1} sip_port=${CC_SIP_PORT:-5060} evapi_port=${CC_EVAPI_PORT:-8448}
    local ng_port=${CC_RTPENGINE_NG_PORT:-2223} rtp_min=${CC_RTP_PORT_MIN:-31000} rtp_max=${CC_RTP_PORT_MAX:-31999}
    command -v kamailio >/dev/null || { _cc_err "kamailio is not installed (run cc_infra_install)"; return 1; }
    command -v rtpengine >/dev/null || { _cc_err "rtpengine is not installed (run cc_infra_install)"; return 1; }
    t0=$(_cc_now)
    # The secret shared with the Telephony module (Telephony:SipSecret); kept in the folder so that a restart keeps it.
    if [[ -n "${CC_SIP_SECRET:-}" ]]; then
        printf '%s' "$CC_SIP_SECRET" >"$td/sip-secret"
    elif [[ ! -s "$td/sip-secret" ]]; then
        head -c 24 /dev/urandom | base64 | tr -d '/+=' >"$td/sip-secret"
    fi
    chmod 600 "$td/sip-secret"
    # --config-file=none: Debian's /etc/rtpengine/rtpengine.conf would add its own listeners (http on 2225) to every instance.
    setsid rtpengine --config-file=none --foreground --log-stderr --log-level="${CC_RTPENGINE_LOG_LEVEL:-5}" --table=-1 --delete-delay=0 --endpoint-learning=heuristic \
        --interface="$sip_addr" --listen-ng="127.0.0.1:$ng_port" \
        --listen-cli="127.0.0.1:${CC_RTPENGINE_CLI_PORT:-2224}" --port-min="$rtp_min" --port-max="$rtp_max" \
        </dev/null >"$td/rtpengine.log" 2>&1 &
    echo $! >"$td/rtpengine.pid"
    # Kamailio pings rtpengine at start and leaves it out for a minute if it does not answer.
    for i in $(seq 100); do _cc_udp_bound "$ng_port" && break; sleep 0.1; done
    # The queues with an announcement of their own (MEDIA/<queueId>.wav); the others keep the ringback while they wait.
    local media=${CC_MEDIA_DIR:-$here/deploy/telephony/media} queues
    queues=$(find "$media" -maxdepth 1 -name '*.wav' ! -name ringback.wav ! -name hold.wav -printf '%f\n' 2>/dev/null | sed -n 's/^\([A-Za-z0-9_-]*\)\.wav$/\1/p' | paste -sd'|' -)
    sed -e "s|@SIP_ADDR@|$sip_addr|g" -e "s|@SIP_PORT@|$sip_port|g" -e "s|@SIP_DOMAIN@|${CC_SIP_DOMAIN:-$sip_addr}|g" \
        -e "s|@EVAPI_ADDR@|127.0.0.1|g" -e "s|@EVAPI_PORT@|$evapi_port|g" -e "s|@EVAPI_ALLOW@|${CC_EVAPI_ALLOW:-127.0.0.1}|g" \
        -e "s|@RTPENGINE_ADDR@|127.0.0.1|g" -e "s|@RTPENGINE_NG_PORT@|$ng_port|g" \
        -e "s|@MAX_WAIT_MS@|${CC_SIP_MAX_WAIT_MS:-1800000}|g" -e "s|@CALL_EXPIRE_S@|${CC_SIP_CALL_EXPIRE_S:-14400}|g" \
        -e "s|@TRANSFER_WAIT_S@|${CC_SIP_TRANSFER_WAIT_S:-30}|g" \
        -e "s|@WS_PORT@|${CC_SIP_WS_PORT:-5066}|g" -e "s|@LOCATION_DB@|$td/location.db|g" -e "s|@SIP_SECRET@|$(cat "$td/sip-secret")|g" -e "s|@TOPOLOGY_KEY@|$(printf 'topology:%s' "$(cat "$td/sip-secret")" | sha256sum | cut -c1-32)|g" -e "s|@LOG_LEVEL@|${CC_KAMAILIO_LOG_LEVEL:-1}|g" -e "s|@MODULES@|/usr/lib/x86_64-linux-gnu/kamailio/modules/|g" -e "s|@MEDIA_DIR@|$media|g" -e "s#@QUEUE_MEDIA@#^(${queues:-no queue has media})\$#g" \
        "$here/deploy/telephony/kamailio.cfg" >"$td/kamailio.cfg"
    if ! kamailio -c -f "$td/kamailio.cfg" >"$td/check.log" 2>&1; then
        _cc_err "kamailio.cfg does not load; $td/check.log:"
        tail -n 20 "$td/check.log" >&2
        cc_telephony_stop "$dir"
        return 1
    fi
    : >"$td/kamailio.log"
    if ! cc_kamailio_start "$dir"; then
        cc_telephony_stop "$dir"
        return 1
    fi
    _cc_log "Kamailio on udp $sip_addr:$sip_port and ws $sip_addr:${CC_SIP_WS_PORT:-5066} (evapi 127.0.0.1:$evapi_port), rtpengine on 127.0.0.1:$ng_port ready in $(_cc_since "$t0") s"
}

# The phones' registrations (usrloc's location table): kept as they are, or made from Debian's schema when missing. WAL, so
# that a reader (a backup) never makes Kamailio's write fail: db_sqlite does not wait for a busy file.
_cc_location_db() {
    local db=$1 schema=/usr/share/kamailio/db_sqlite
    command -v sqlite3 >/dev/null || { _cc_err "sqlite3 is not installed (run cc_infra_install)"; return 1; }
    if [[ ! -s "$db" ]]; then
        [[ -f "$schema/usrloc-create.sql" ]] || { _cc_err "$schema/usrloc-create.sql is missing (kamailio-sqlite-modules)"; return 1; }
        rm -f "$db.new" "$db-wal" "$db-shm"
        if ! cat "$schema/standard-create.sql" "$schema/usrloc-create.sql" | sqlite3 -bail "$db.new"; then
            _cc_err "could not create $db"
            rm -f "$db.new"
            return 1
        fi
        chmod 600 "$db.new" && mv "$db.new" "$db"
    fi
    sqlite3 "$db" 'PRAGMA journal_mode=WAL;' >/dev/null || { _cc_err "$db cannot be opened"; return 1; }
}

# Starts Kamailio alone from the run copy cc_telephony_start wrote in DIR (same settings and ports), e.g. after it died;
# rtpengine and its calls' media carry on meanwhile. Appends to kamailio.log.
cc_kamailio_start() {
    local td="${1:?usage: cc_kamailio_start DIR}/telephony" i
    local sip_port=${CC_SIP_PORT:-5060} evapi_port=${CC_EVAPI_PORT:-8448} ng_port=${CC_RTPENGINE_NG_PORT:-2223} ws_port=${CC_SIP_WS_PORT:-5066}
    _cc_location_db "$td/location.db" || return 1
    # -DD: no daemon, the first process stays the main one; setsid: its workers share its process group (kill -- -PID).
    setsid kamailio -DD -E -f "$td/kamailio.cfg" -Y "$td" </dev/null >>"$td/kamailio.log" 2>&1 &
    echo $! >"$td/kamailio.pid"
    for i in $(seq 100); do
        _cc_udp_bound "$ng_port" && _cc_udp_bound "$sip_port" && _cc_port_open "$evapi_port" && _cc_tcp_bound "$ws_port" && return 0
        sleep 0.1
    done
    _cc_err "Kamailio or rtpengine did not start; $td/kamailio.log and rtpengine.log:"
    tail -n 20 "$td/kamailio.log" "$td/rtpengine.log" >&2
    return 1
}

cc_telephony_stop() {
    local td="${1:-}/telephony" name pid i
    [[ -n "${1:-}" && -d "$td" ]] || return 0
    for name in kamailio rtpengine; do
        [[ -s "$td/$name.pid" ]] || continue
        pid=$(cat "$td/$name.pid")
        if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
            kill -TERM "$pid" 2>/dev/null || true
            for i in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
            kill -KILL "$pid" 2>/dev/null || true
        fi
        rm -f "$td/$name.pid"
    done
    return 0
}

# --- public ---------------------------------------------------------------------------------------

# Frees our ports from a node left over by an earlier run (known through the state file), or fails
# naming whoever holds them.
_cc_free_ports() {
    local state old p busy=()
    state=$(_cc_state_file)
    for p in "$(_cc_rabbit_port)" "$(_cc_rabbit_dist_port)" "$(_cc_pg_port)"; do
        _cc_port_open "$p" && busy+=("$p")
    done
    ((${#busy[@]} == 0)) && return 0
    if [[ -s "$state" ]]; then
        old=$(cat "$state")
        if [[ -d "$old" ]]; then
            _cc_log "ports ${busy[*]} in use: stopping the servers left by an earlier run in $old"
            cc_infra_stop "$old"
        fi
    fi
    busy=()
    for p in "$(_cc_rabbit_port)" "$(_cc_rabbit_dist_port)" "$(_cc_pg_port)"; do
        _cc_port_open "$p" && busy+=("$p")
    done
    ((${#busy[@]} == 0)) && return 0
    _cc_err "port(s) ${busy[*]} on 127.0.0.1 are in use by something this library did not start:"
    for p in "${busy[@]}"; do _cc_port_owner "$p" >&2; done
    _cc_err "stop it, or choose other ports with CC_RABBIT_PORT / CC_PG_PORT"
    return 1
}

cc_infra_start() {
    local dir=${1:?usage: cc_infra_start DIR}
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    command -v rabbitmqctl >/dev/null || [[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ]] ||
        { _cc_err "rabbitmq-server is not installed (run cc_infra_install)"; return 1; }
    _cc_free_ports || return 1
    echo "$dir" >"$(_cc_state_file)"
    _cc_pg_start "$dir" || { cc_infra_stop "$dir"; return 1; }
    _cc_rabbit_start "$dir" || { cc_infra_stop "$dir"; return 1; }
}

cc_infra_stop() {
    local dir=${1:-}
    [[ -n "$dir" && -d "$dir" ]] || return 0
    _cc_rabbit_stop "$dir" || true
    _cc_pg_stop "$dir" || true
    local state
    state=$(_cc_state_file)
    [[ -s "$state" && "$(cat "$state" 2>/dev/null)" == "$dir" ]] && rm -f "$state"
    return 0
}

cc_infra_export() {
    export CALLCENTRE_TEST_RABBITMQ="amqp://guest:guest@127.0.0.1:$(_cc_rabbit_port)/"
    export CALLCENTRE_TEST_POSTGRES="Host=127.0.0.1;Port=$(_cc_pg_port);Username=postgres;Password=postgres"
    export CALLCENTRE_TEST_CHROMIUM="${CALLCENTRE_TEST_CHROMIUM:-/usr/bin/chromium}"
}
