#!/usr/bin/env bash
# Try CallCentre's distributed mode on one machine: RabbitMQ + PostgreSQL on loopback, and one process
# per module (the same CallCentre.Host binary with --modules X).
#
#   deploy/local/run-distributed.sh                   # start; Ctrl-C stops everything
#   deploy/local/run-distributed.sh --with-simulator  # also run the traffic simulator against routing
#   deploy/local/run-distributed.sh --replicas 2      # 2 processes of dashboard, scheduling and slatracking
#   deploy/local/run-distributed.sh --routing 2       # 2 routing processes: one active, one standing by
#   deploy/local/run-distributed.sh --centre my-centre.json --partition emea=bank-a,insurer-b
#                                                     # a routing partition of its own for those tenants (repeatable)
#   deploy/local/run-distributed.sh --stop            # stop a previous run (e.g. from another terminal)
#
# A module process that exits is started again (the script prints its exit code), after 1 s, longer if it
# keeps exiting. Routing is one process unless --routing says otherwise (--replicas leaves it alone): the one that
# holds the lease serves, the others stand by and forward requests to it. Replica N of a module listens on CC_BASE_PORT (default 5100)
# + the module's offset + 10 x (N - 1). Each --partition adds as many routing processes (routing@NAME, routing-2@NAME...),
# on offsets 5 to 9; the tenants it names leave the default partition (docs/routing.md, Partitions). CC_EXTERNAL_INFRA=1 uses a RabbitMQ and PostgreSQL already running
# on CC_RABBIT_PORT and CC_PG_PORT; CC_NO_BUILD=1 runs the Release build already there.
# Data, logs and secrets live under ${CC_DEPLOY_DIR:-/tmp/callcentre-distributed} and survive a restart.
# Runs as root on Debian 12 (installs rabbitmq-server if missing). Everything listens on 127.0.0.1 only.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
repo=$(pwd)
# shellcheck source=infra.sh
source deploy/local/infra.sh

deploy_dir=${CC_DEPLOY_DIR:-/tmp/callcentre-distributed}
infra_dir="$deploy_dir/infra"
log_dir="$deploy_dir/logs"
pid_file="$deploy_dir/pids"
dll="$repo/services/Host/bin/Release/net10.0/CallCentre.Host.dll"
rabbit_port=${CC_RABBIT_PORT:-25672}
pg_port=${CC_PG_PORT:-25432}
base_port=${CC_BASE_PORT:-5100}
external_infra=${CC_EXTERNAL_INFRA:-0}

with_simulator=0
stop_only=0
replicas=1
routing_replicas=1
partitions=()
centre_file=
while (($#)); do
    case "$1" in
        --with-simulator) with_simulator=1 ;;
        --stop) stop_only=1 ;;
        --replicas)
            [[ "${2:-}" =~ ^[1-9]$ ]] || { echo "--replicas: a number from 1 to 9, not '${2:-}'" >&2; exit 2; }
            replicas=$2
            shift ;;
        --routing)
            [[ "${2:-}" =~ ^[1-9]$ ]] || { echo "--routing: a number from 1 to 9, not '${2:-}'" >&2; exit 2; }
            routing_replicas=$2
            shift ;;
        --partition)
            [[ "${2:-}" =~ ^[a-z0-9][a-z0-9_.-]{0,63}=[a-z0-9][a-z0-9_.,-]*$ ]] || { echo "--partition: NAME=TENANT,TENANT..., not '${2:-}'" >&2; exit 2; }
            ((${#partitions[@]} < 5)) || { echo "--partition: at most 5" >&2; exit 2; }
            partitions+=("$2")
            shift ;;
        --centre)
            [[ -f "${2:-}" ]] || { echo "--centre: no file '${2:-}'" >&2; exit 2; }
            centre_file=$(realpath "$2")
            shift ;;
        -h|--help) sed -n '2,20p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown argument: $1 (try --help)" >&2; exit 2 ;;
    esac
    shift
done

say() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*"; }

# The processes: NAME MODULE PORT. Replica N > 1 of a module is NAME-N, 10 x (N - 1) ports further.
declare -A offsets=([dashboard]=0 [routing]=1 [scheduling]=2 [slatracking]=3 [simulator]=4)
processes=()
for module in dashboard routing scheduling slatracking; do
    count=$replicas
    [[ $module == routing ]] && count=$routing_replicas
    for ((n = 1; n <= count; n++)); do
        name=$module
        ((n == 1)) || name="$module-$n"
        processes+=("$name $module $((base_port + offsets[$module] + 10 * (n - 1)))")
    done
done
for ((k = 1; k <= ${#partitions[@]}; k++)); do
    for ((n = 1; n <= routing_replicas; n++)); do
        name="routing@${partitions[k - 1]%%=*}"
        ((n == 1)) || name="routing-$n@${partitions[k - 1]%%=*}"
        processes+=("$name routing $((base_port + 4 + k + 10 * (n - 1)))")
    done
done
((with_simulator)) && processes+=("simulator simulator $((base_port + 4))")
ports=()
for p in "${processes[@]}"; do ports+=("${p##* }"); done

# Stops the module processes listed in the pid file (TERM, then KILL after 20 s).
stop_modules() {
    [[ -s "$pid_file" ]] || return 0
    # Taken away first: the supervising loop (perhaps in another terminal) restarts no process it sees stopping.
    flock "$pid_file.lock" mv "$pid_file" "$pid_file.stopping"
    local pid name pids=()
    while read -r pid name _; do
        [[ -n "$pid" ]] || continue
        if kill -0 "$pid" 2>/dev/null; then
            kill -TERM "$pid" 2>/dev/null || true
            pids+=("$pid")
            say "stopping $name (pid $pid)"
        fi
    done <"$pid_file.stopping"
    local i
    for i in $(seq 100); do
        local alive=0
        for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
        ((alive)) || break
        sleep 0.2
    done
    for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
    rm -f "$pid_file.stopping"
}

stop_all() {
    stop_modules
    [[ $external_infra == 1 ]] || cc_infra_stop "$infra_dir"
}

if ((stop_only)); then
    stop_all
    say "stopped"
    exit 0
fi

# A previous run still up (from another terminal, or one that was killed): stop it first.
if [[ -s "$pid_file" ]]; then
    say "a previous run left processes behind: stopping them"
    stop_modules
fi

for port in "${ports[@]}"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        echo "port $port is already in use:" >&2
        ss -ltnpH "sport = :$port" >&2 || true
        exit 1
    fi
done

mkdir -p "$deploy_dir" "$log_dir"
chmod 755 "$deploy_dir"

if [[ $external_infra != 1 ]]; then
    say "installing what is missing"
    cc_infra_install
fi

trap 'trap - INT TERM EXIT; echo; stop_all; exit 0' INT TERM
trap 'rc=$?; trap - INT TERM EXIT; stop_all; exit $rc' EXIT

if [[ $external_infra == 1 ]]; then
    say "using the RabbitMQ (127.0.0.1:$rabbit_port) and PostgreSQL (127.0.0.1:$pg_port) already running"
else
    say "starting RabbitMQ (127.0.0.1:$rabbit_port) and PostgreSQL (127.0.0.1:$pg_port) under $infra_dir"
    cc_infra_start "$infra_dir"
fi

pg_base="Host=127.0.0.1;Port=$pg_port;Username=postgres;Password=postgres"
for db in callcentre_routing callcentre_scheduling callcentre_slatracking callcentre_dashboard; do
    if [[ -z "$(psql -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -tAc "select 1 from pg_database where datname = '$db'")" ]]; then
        psql -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -q -c "create database $db" >/dev/null
        say "created database $db"
    fi
done

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1
if [[ "${CC_NO_BUILD:-0}" == 1 && -f "$dll" ]]; then
    say "using the build already in $(dirname "$dll")"
else
    say "building services/Host (Release)"
    dotnet build services/Host/CallCentre.Host.csproj -c Release -nologo -v quiet >"$log_dir/build.log" 2>&1 || {
        tail -n 40 "$log_dir/build.log" >&2
        echo "build failed (full log: $log_dir/build.log)" >&2
        exit 1
    }
fi

# Secrets shared by every process of this run: generated once per run, kept in files only root reads. Token keys:
# dashboard and routing sign (the ES256 private key), the other processes only verify (its public key).
secrets="$deploy_dir/secrets.env"
signing_key="$deploy_dir/signing-key.pem"
verification_keys="$deploy_dir/verification-keys.pem"
demo_password_file="$deploy_dir/demo-password"
umask 077
{
    echo "Telephony__CallerHashKey=$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')"
    echo "Webhooks__SealingKey=$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')"
} >"$secrets"
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$signing_key" 2>/dev/null
openssl pkey -in "$signing_key" -pubout -out "$verification_keys"
# The monthly packs' signing key (docs/packs.md), for the slatracking processes.
pack_key="$deploy_dir/pack-signing-key.pem"
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$pack_key" 2>/dev/null
if [[ -n "${CC_DEMO_PASSWORD:-}" ]]; then
    printf '%s\n' "$CC_DEMO_PASSWORD" >"$demo_password_file"
else
    od -An -tx1 -N12 /dev/urandom | tr -d ' \n' >"$demo_password_file"
    echo >>"$demo_password_file"
fi
umask 022
demo_password=$(head -n1 "$demo_password_file")
set -a
# shellcheck disable=SC1090
source "$secrets"
set +a

export Messaging__Transport=RabbitMq
export ConnectionStrings__RabbitMq="amqp://guest:guest@127.0.0.1:$rabbit_port/"
export Database__Provider=Postgres
export ConnectionStrings__Routing="$pg_base;Database=callcentre_routing"
export ConnectionStrings__Scheduling="$pg_base;Database=callcentre_scheduling"
export ConnectionStrings__SlaTracking="$pg_base;Database=callcentre_slatracking"
export ConnectionStrings__Dashboard="$pg_base;Database=callcentre_dashboard"
export Auth__VerificationKeysFile="$verification_keys"
export Simulator__Enabled=false
[[ -z "$centre_file" ]] || export Centre__File="$centre_file"
# Every routing process reads the same assignment; each serves the partition its name carries (routing@NAME).
partition_env=()
for partition in "${partitions[@]}"; do partition_env+=("Routing__Partitions__${partition%%=*}=${partition#*=}"); done
# The processes that sign users in: the private key and the demo users (the password from $demo_password_file).
issuer=(Auth__VerificationKeysFile= Auth__SigningKeyFile="$signing_key" Auth__DemoUsers=true Auth__DemoPassword="$demo_password")

say "applying database migrations (CallCentre.Host migrate --modules all)"
if ! (cd "$(dirname "$dll")" && dotnet "$dll" migrate --modules all) >"$log_dir/migrate.log" 2>&1; then
    tail -n 40 "$log_dir/migrate.log" >&2
    echo "migration failed (full log: $log_dir/migrate.log)" >&2
    exit 1
fi

# module_env MODULE: the environment of a process of MODULE, in the array `env_args`.
module_env() {
    env_args=()
    case "$1" in
        # The wallboard process pushes bursts to many connections: workstation GC keeps its pauses short, and a larger
        # shared array pool keeps the transport's buffers from one burst to the next (docs/deploy.md). Each replica
        # reads the current boards from routing and slatracking when it starts.
        dashboard) env_args=("${issuer[@]}" DOTNET_gcServer=0 DOTNET_SYSTEM_BUFFERS_SHAREDARRAYPOOL_MAXARRAYSPERPARTITION=4096
            Dashboard__RoutingUrl="http://127.0.0.1:$((base_port + 1))" Dashboard__SlaTrackingUrl="http://127.0.0.1:$((base_port + 3))"
            Dashboard__SchedulingUrl="http://127.0.0.1:$((base_port + 2))") ;;
        routing) env_args=("${issuer[@]}" "${partition_env[@]}") ;;
        routing@*) env_args=("${issuer[@]}" "${partition_env[@]}" Routing__Partition="${1#*@}") ;;
        # It serves /oauth/token, the client systems' tokens (docs/delivery.md).
        slatracking) env_args=("${issuer[@]}" Packs__SigningKeyFile="$pack_key") ;;
        # Started once routing answers: the simulator logs in and posts calls through the public API.
        simulator) env_args=(Simulator__Enabled=true Simulator__Target="http://127.0.0.1:$((base_port + 1))" Simulator__Password="$demo_password") ;;
    esac
}

# launch NAME MODULE PORT: a process of the Host hosting MODULE, its output appended to NAME.log; its pid in `launched`.
launch() {
    local name=$1 module=$2 port=$3
    if [[ $name == *@* ]]; then module_env "routing@${name#*@}"; else module_env "$module"; fi
    # From the output folder (the content root: appsettings.json, centre.demo.json). setsid: Ctrl-C
    # reaches this script only, which then stops the modules.
    (cd "$(dirname "$dll")" && exec env "${env_args[@]}" setsid dotnet "$dll" --modules "$module" \
        --urls "http://127.0.0.1:$port") </dev/null >>"$log_dir/$name.log" 2>&1 &
    launched=$!
}

# start_module NAME MODULE PORT; the pid file holds "PID NAME PORT MODULE STARTED RESTART-DELAY" per process.
start_module() {
    : >"$log_dir/$1.log"
    launch "$@"
    echo "$launched $1 $3 $2 $(date +%s) 1" >>"$pid_file"
    say "started $1 (pid $launched) on http://127.0.0.1:$3, log $log_dir/$1.log"
}

# HTTP status of GET http://127.0.0.1:PORT/health/ready (empty when nothing answers).
http_status() {
    timeout 5 bash -c '
        exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
        printf "GET /health/ready HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nConnection: close\r\n\r\n" "$1" >&3
        head -n1 <&3' _ "$1" 2>/dev/null | awk '{ print $2 }' || true
}

# wait_ready NAME...: waits until each module's /health/ready answers 200 (120 s each), or fails with
# its log tail.
wait_ready() {
    local pid name port deadline
    while read -r pid name port _ <&4; do
        [[ " $* " == *" $name "* ]] || continue
        deadline=$((SECONDS + 120))
        until [[ "$(http_status "$port")" == 200 ]]; do
            if ! kill -0 "$pid" 2>/dev/null || ((SECONDS >= deadline)); then
                if kill -0 "$pid" 2>/dev/null; then
                    echo "$name is not ready after 120 s (GET http://127.0.0.1:$port/health/ready). Last log lines:" >&2
                else
                    echo "$name exited. Last log lines:" >&2
                fi
                tail -n 40 "$log_dir/$name.log" >&2
                exit 1
            fi
            sleep 1
        done
        say "$name ready"
    done 4<"$pid_file"
}

: >"$pid_file"
names=()
for p in "${processes[@]}"; do
    read -r name module port <<<"$p"
    [[ $module == simulator ]] && continue
    start_module "$name" "$module" "$port"
    names+=("$name")
done
wait_ready "${names[@]}"
if ((with_simulator)); then
    start_module simulator simulator $((base_port + 4))
    wait_ready simulator
fi

cat <<EOF

CallCentre is running in distributed mode (RabbitMQ + PostgreSQL, $(((replicas > 1)) && echo "$replicas processes of each module but routing" || echo "one process per module")):
$(for p in "${processes[@]}"; do read -r name module port <<<"$p"; printf '  %-14s http://127.0.0.1:%s/\n' "$name" "$port"; done)
  on each: health /health/live and /health/ready; API docs /api-docs and /metrics with an admin token
  PostgreSQL: psql -h 127.0.0.1 -p $pg_port -U postgres      RabbitMQ: $ConnectionStrings__RabbitMq

Demo logins on dashboard and routing: admin, supervisor, agent01, client-lumiere-bank; the password is in
  $demo_password_file (root only; set CC_DEMO_PASSWORD, 12 characters or more, to choose it)
  A token (valid on every module: dashboard and routing sign, the others check the public key):
    curl -s -X POST http://127.0.0.1:$base_port/api/auth/token -H 'Content-Type: application/json' \\
      -d "{\"username\":\"supervisor\",\"password\":\"\$(cat $demo_password_file)\"}"

Logs: $log_dir   Ctrl-C stops everything (or: $0 --stop)
EOF

# Stay in the foreground until Ctrl-C, as a supervisor: a module process that exits is started again after 1 s, or
# after twice its last delay (up to 30 s) when it ran less than 30 s, so that a process that cannot start does not spin.
while true; do
    # Read once: --stop from another terminal may move the file away at any moment.
    listed=$(cat "$pid_file" 2>/dev/null) || listed=
    [[ -n $listed ]] || { say "stopped from elsewhere (--stop)"; exit 0; }
    exited=()
    while read -r pid name port module started delay; do
        kill -0 "$pid" 2>/dev/null || exited+=("$pid $name $port $module $started $delay")
    done <<<"$listed"
    for entry in "${exited[@]}"; do
        read -r pid name port module started delay <<<"$entry"
        rc=0
        wait "$pid" 2>/dev/null || rc=$?
        if (($(date +%s) - started < 30)); then delay=$((delay * 2 > 30 ? 30 : delay * 2)); else delay=1; fi
        say "$name (pid $pid) exited with code $rc; restarting it in $delay s. Last log lines:"
        tail -n 10 "$log_dir/$name.log" | sed 's/^/    /'
        sleep "$delay"
        [[ -s "$pid_file" ]] || break
        echo "--- restarted $(date -Is) after exit code $rc ---" >>"$log_dir/$name.log"
        launch "$name" "$module" "$port"
        if ! flock "$pid_file.lock" sed -i "s/^$pid $name .*/$launched $name $port $module $(date +%s) $delay/" "$pid_file" 2>/dev/null; then
            kill -TERM "$launched" 2>/dev/null || true
            break
        fi
        say "restarted $name (pid $launched) on http://127.0.0.1:$port"
    done
    sleep 2
done
