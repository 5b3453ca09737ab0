#!/usr/bin/env bash
# Fault injection on the distributed deployment: RabbitMQ, PostgreSQL and two processes of every module
# (deploy/local/run-distributed.sh, which restarts what dies), the simulator's live mode playing a fixed scenario,
# and one fault after another: SIGKILL of the active Routing, of a Routing standby, of one replica of each other
# module, of the RabbitMQ node, and an immediate stop of PostgreSQL; each restarted. At the end SlaTracking's and
# Scheduling's records are compared call by call with the simulator's ground truth (tests/chaos/compare.py) and a
# table printed per fault. Exit status 1 on any event lost or duplicated, 2 on a usage error.
#
#   tests/chaos/run.sh                 # the full run (7 faults, about 7 minutes on 2 cores; 8 with --partitions)
#   tests/chaos/run.sh --short         # under 3 minutes: one module kill, the broker kill, the database stop
#   tests/chaos/run.sh --routing 1     # Routing processes (default 2, one active, one standing by; with 1 the
#                                      # standby row says "n/a: one Routing")
#   tests/chaos/run.sh --seed 7        # the scenario's seed (default 13)
#   tests/chaos/run.sh --partitions    # two routing partitions (default; helvet = helvet-telecom), --routing processes
#                                      # each: each partition's active process killed in turn, and default's standby;
#                                      # fails too if the other partition refused a call while one was leaderless
#
# Environment: CC_RABBIT_PORT, CC_PG_PORT, CC_EPMD_PORT (deploy/local/infra.sh), CC_BASE_PORT (default 7100: the
# module processes, run-distributed.sh's layout), CC_CHAOS_DIR (default /tmp/callcentre-chaos-$CC_BASE_PORT, emptied
# at start: logs, ground truth, the fault log), CC_NO_BUILD=1 (use the Release build already there).
# docs/deploy.md, "Fault injection", says how the figures are computed.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
repo=$(pwd)

short=0
partitioned=0
routing=2
seed=13
while (($#)); do
    case "$1" in
        --short) short=1 ;;
        --partitions) partitioned=1 ;;
        --routing)
            [[ "${2:-}" =~ ^[1-9]$ ]] || { echo "--routing: a number from 1 to 9, not '${2:-}'" >&2; exit 2; }
            routing=$2
            shift ;;
        --seed)
            [[ "${2:-}" =~ ^[0-9]{1,9}$ ]] || { echo "--seed: a whole number, not '${2:-}'" >&2; exit 2; }
            seed=$2
            shift ;;
        -h|--help) sed -n '2,21p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown argument: $1 (try --help)" >&2; exit 2 ;;
    esac
    shift
done

export CC_RABBIT_PORT=${CC_RABBIT_PORT:-25672} CC_PG_PORT=${CC_PG_PORT:-25432} CC_BASE_PORT=${CC_BASE_PORT:-7100}
base_port=$CC_BASE_PORT
work=${CC_CHAOS_DIR:-/tmp/callcentre-chaos-$base_port}
export CC_DEPLOY_DIR="$work/deploy"
infra_dir="$CC_DEPLOY_DIR/infra"
pid_file="$CC_DEPLOY_DIR/pids"
# shellcheck source=../../deploy/local/infra.sh
source deploy/local/infra.sh

started=$SECONDS
say() { printf '[chaos %s +%ss] %s\n' "$(date +%H:%M:%S)" "$((SECONDS - started))" "$*"; }

# Faults in order: NAME KIND TARGET. A module kill's TARGET is the process name in run-distributed.sh's pid file, a
# Routing kill's the partition.
if ((partitioned)); then
    routing_faults=("routing-active@default kill-leader default" "routing-standby@default kill-standby default"
        "routing-active@helvet kill-leader helvet")
    ((short)) && routing_faults=("routing-active@default kill-leader default" "routing-active@helvet kill-leader helvet")
else
    routing_faults=("routing-active kill-leader default" "routing-standby kill-standby default")
    ((short)) && routing_faults=()
fi
if ((short)); then
    faults=("${routing_faults[@]}" "slatracking-1 kill slatracking" "rabbitmq-node kill-broker -" "postgresql stop-database -")
    warmup=10 period=20 settle=4 drain=120
else
    faults=("${routing_faults[@]}" "slatracking-1 kill slatracking"
        "scheduling-2 kill scheduling-2" "dashboard-1 kill dashboard" "rabbitmq-node kill-broker -" "postgresql stop-database -")
    warmup=15 period=30 settle=8 drain=180
fi
partitions=(default)
((partitioned)) && partitions+=(helvet)
# Routing rows that need a standby exist with one Routing too, and are not played.
played=0
for f in "${faults[@]}"; do
    read -r _ kind _ <<<"$f"
    [[ $kind == kill-standby && $routing == 1 ]] || played=$((played + 1))
done
# The calls go on until the last fault has settled and one more period has passed (the simulator's stop file); the
# scenario's own end is only a bound, for a machine so loaded that each fault takes several periods to recover from.
duration=$((warmup + played * period * 6))

# A previous run that was interrupted: stop what it left, through its own pid file, before emptying its folder.
if [[ -s "$pid_file" ]]; then
    CC_NO_BUILD=1 deploy/local/run-distributed.sh --stop >/dev/null 2>&1 || true
fi
cc_infra_stop "$infra_dir" 2>/dev/null || true
rm -rf "$work"
mkdir -p "$work"
chmod 755 "$work"
# The comparison's own check (made-up records) before anything is started.
python3 -B -m unittest discover -s tests/chaos -q 2>"$work/compare-tests.log" || { cat "$work/compare-tests.log" >&2; exit 1; }
# The partitioned centre: the demo centre without the agents whose clients would lie in both partitions.
partition_args=()
if ((partitioned)); then
    python3 - services/Host/centre.demo.json "$work/centre.json" <<'PY'
import json, sys
centre = json.load(open(sys.argv[1]))
centre["agents"] = [a for a in centre["agents"] if sum(s in ("banking", "insurance", "telecom") for s in a["skills"]) < 2]
json.dump(centre, open(sys.argv[2], "w"))
PY
    partition_args=(--centre "$work/centre.json" --partition helvet=helvet-telecom)
fi
demo_password=$(od -An -tx1 -N12 /dev/urandom | tr -d ' \n')
fault_log="$work/faults.tsv"
: >"$fault_log"

distributed_pid=
simulator_pid=
haproxy_pid=
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    set +e
    if [[ -n "$simulator_pid" ]]; then kill -TERM "$simulator_pid" 2>/dev/null; fi
    if [[ -n "$haproxy_pid" ]]; then kill -TERM "$haproxy_pid" 2>/dev/null; fi
    if [[ -n "$distributed_pid" ]] && kill -0 "$distributed_pid" 2>/dev/null; then
        say "stopping the modules, RabbitMQ and PostgreSQL"
        kill -TERM "$distributed_pid" 2>/dev/null
        wait "$distributed_pid" 2>/dev/null
    fi
    # A broker or database left down by an interrupted fault is not in run-distributed.sh's hands any more.
    cc_infra_stop "$infra_dir" 2>/dev/null || true
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1
simulator_dll="$repo/services/Simulator/bin/Release/net10.0/CallCentre.Simulator.dll"
if [[ "${CC_NO_BUILD:-0}" == 1 && -f "$simulator_dll" ]]; then
    say "using the Release build already there"
else
    say "building services/Host and services/Simulator (Release)"
    for project in services/Host/CallCentre.Host.csproj services/Simulator/CallCentre.Simulator.csproj; do
        dotnet build "$project" -c Release -nologo -v quiet >"$work/build.log" 2>&1 || { tail -n 40 "$work/build.log" >&2; exit 1; }
    done
fi

say "starting RabbitMQ, PostgreSQL, $routing Routing per partition (${partitions[*]}) and 2 of every other module (log $work/distributed.log)"
CC_NO_BUILD=1 CC_DEMO_PASSWORD=$demo_password \
    deploy/local/run-distributed.sh --replicas 2 --routing "$routing" "${partition_args[@]}" >"$work/distributed.log" 2>&1 &
distributed_pid=$!
until grep -q '^CallCentre is running' "$work/distributed.log"; do
    kill -0 "$distributed_pid" 2>/dev/null || { tail -n 40 "$work/distributed.log" >&2; echo "run-distributed.sh failed" >&2; exit 1; }
    sleep 1
done
say "every process ready"

# port_of NAME: the port of a module process in run-distributed.sh's pid file.
port_of() { awk -v n="$1" '$2 == n { print $3 }' "$pid_file"; }
pid_of() { awk -v n="$1" '$2 == n { print $1 }' "$pid_file"; }
# routing_of PARTITION: its Routing processes' names, as run-distributed.sh gives them.
routing_of() {
    local n suffix=
    [[ $1 == default ]] || suffix="@$1"
    echo "routing$suffix"
    for ((n = 2; n <= routing; n++)); do echo "routing-$n$suffix"; done
}
routing_names=()
for p in "${partitions[@]}"; do mapfile -t -O "${#routing_names[@]}" routing_names < <(routing_of "$p"); done
all_names=$(awk '{ print $2 }' "$pid_file")

# ready PORT: "active", "standby" or "" (not ready). A Routing process that stands by says so in /health/ready.
ready() {
    local reply
    reply=$(curl -s -m 2 -w '\n%{http_code}' "http://127.0.0.1:$1/health/ready" 2>/dev/null) || return 0
    [[ "${reply##*$'\n'}" == 200 ]] || return 0
    if grep -qi standby <<<"${reply%$'\n'*}"; then echo standby; else echo active; fi
}

# leader PARTITION: the name of its Routing process that is ready and not standing by.
leader() {
    local name
    for name in $(routing_of "$1"); do
        [[ "$(ready "$(port_of "$name")")" == active ]] && { echo "$name"; return; }
    done
}

# The simulator posts to one address: Routing itself, or haproxy in front of several (as a Kubernetes Service would).
target="http://127.0.0.1:$(port_of routing)"
if ((${#routing_names[@]} > 1)); then
    command -v haproxy >/dev/null || { say "installing haproxy"; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy >/dev/null; }
    lb_port=$((base_port + 8))
    {
        # A busy but live Routing must stay in: checks may take 2 s and three must fail; a refused connection goes to the other.
        printf 'global\n    maxconn 2000\ndefaults\n    mode http\n    timeout connect 2s\n    timeout client 60s\n    timeout server 60s\n    timeout check 2s\n    retries 3\n    option redispatch\n'
        printf 'frontend routing\n    bind 127.0.0.1:%s\n    default_backend routing\nbackend routing\n    option httpchk GET /health/live\n' "$lb_port"
        for name in "${routing_names[@]}"; do
            printf '    server %s 127.0.0.1:%s check inter 500ms fall 3 rise 1\n' "${name//@/.}" "$(port_of "$name")"
        done
    } >"$work/haproxy.cfg"
    haproxy -f "$work/haproxy.cfg" -db >"$work/haproxy.log" 2>&1 &
    haproxy_pid=$!
    until (exec 3<>"/dev/tcp/127.0.0.1/$lb_port") 2>/dev/null; do
        kill -0 "$haproxy_pid" 2>/dev/null || { cat "$work/haproxy.log" >&2; echo "haproxy failed" >&2; exit 1; }
        sleep 0.2
    done
    target="http://127.0.0.1:$lb_port"
fi

# Three tenants, four queues, about one call a second. Agents 01-25 of the demo centre log in (the scenario's groups
# map to them in order): banking, insurance and telecom, all French-speaking. The last group claims German so that the
# scenario is valid, but agent25 speaks none: every helvet-support-de caller hangs up (abandons).
cat >"$work/scenario.json" <<EOF
{
  "seed": $seed,
  "durationSeconds": $duration,
  "queues": [
    { "id": "lumiere-banking-fr", "tenant": "lumiere-bank", "requiredSkills": { "banking": 2, "fr": 3 }, "arrivalsPerHour": 1800,
      "handleTime": { "distribution": "constant", "meanSeconds": 3 }, "patience": { "distribution": "exponential", "meanSeconds": 90 },
      "serviceLevelThresholdSeconds": 20 },
    { "id": "mosane-claims-fr", "tenant": "mosane-insurance", "requiredSkills": { "insurance": 2, "fr": 3 }, "arrivalsPerHour": 1260,
      "handleTime": { "distribution": "constant", "meanSeconds": 3 }, "patience": { "distribution": "exponential", "meanSeconds": 90 },
      "serviceLevelThresholdSeconds": 30 },
    { "id": "helvet-support-fr", "tenant": "helvet-telecom", "requiredSkills": { "telecom": 2, "fr": 3 }, "arrivalsPerHour": 540,
      "handleTime": { "distribution": "constant", "meanSeconds": 3 }, "patience": { "distribution": "exponential", "meanSeconds": 90 },
      "serviceLevelThresholdSeconds": 20 },
    { "id": "helvet-support-de", "tenant": "helvet-telecom", "requiredSkills": { "telecom": 2, "de": 3 }, "arrivalsPerHour": 180,
      "handleTime": { "distribution": "constant", "meanSeconds": 3 }, "patience": { "distribution": "constant", "meanSeconds": 5 },
      "serviceLevelThresholdSeconds": 20 }
  ],
  "agents": [
    { "count": 12, "skills": { "banking": 3, "fr": 4 }, "ringSeconds": 1 },
    { "count": 9, "skills": { "insurance": 3, "fr": 3 }, "ringSeconds": 1 },
    { "count": 3, "skills": { "telecom": 4, "fr": 5 }, "ringSeconds": 1 },
    { "count": 1, "skills": { "telecom": 4, "fr": 5, "de": 4 }, "ringSeconds": 1 }
  ]
}
EOF

say "playing the scenario (seed $seed, calls until the faults are done, $duration s at most) against $target"
(cd "$(dirname "$simulator_dll")" && exec dotnet "$simulator_dll" live --scenario "$work/scenario.json" --target "$target" \
    --password "$demo_password" --retry-for 90 --truth "$work/truth.json" --stop-file "$work/stop-calls") >"$work/simulator.log" 2>&1 &
simulator_pid=$!
# The faults are timed from the first call: the simulator signs its PBX and agents in first, which a fault would fail.
until grep -qs '^live: ' "$work/simulator.log"; do
    kill -0 "$simulator_pid" 2>/dev/null || { tail -n 30 "$work/simulator.log" >&2; echo "the simulator could not start" >&2; exit 1; }
    sleep 0.5
done
sim_started=$(date +%s.%N)

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# wait_all_ready: until every module process answers /health/ready (a Routing standby counts), 120 s at most.
wait_all_ready() {
    local deadline=$((SECONDS + 120)) name pending
    while ((SECONDS < deadline)); do
        pending=
        for name in $all_names; do
            [[ -n "$(ready "$(port_of "$name")")" ]] || pending+=" $name"
        done
        [[ -z "$pending" ]] && return 0
        sleep 0.5
    done
    say "not ready after 120 s:$pending"
    return 1
}

# wait_restarted NAME OLDPID: until the supervisor has started NAME again and it answers /health/ready.
wait_restarted() {
    local deadline=$((SECONDS + 120))
    while ((SECONDS < deadline)); do
        if [[ "$(pid_of "$1")" != "$2" && -n "$(ready "$(port_of "$1")")" ]]; then return 0; fi
        sleep 0.3
    done
    say "$1 is not back after 120 s"
    return 1
}

# watch_leader PARTITION: seconds from now until one of its Routing processes is active again, polled every 0.2 s (120 s at most).
watch_leader() {
    local t0 deadline=$((SECONDS + 120))
    t0=$(now)
    sleep 0.2
    until [[ -n "$(leader "$1")" ]]; do
        ((SECONDS < deadline)) || { echo "none after 120"; return; }
        sleep 0.2
    done
    elapsed "$t0"
}

kill_process() {
    local pid
    pid=$(pid_of "$1")
    kill -KILL "$pid"
    echo "$pid"
}

i=0
for f in "${faults[@]}"; do
    read -r name kind target_name <<<"$f"
    if [[ $kind == kill-standby && $routing == 1 ]]; then
        printf '%s\t-\t-\tn/a: one Routing\n' "$name" >>"$fault_log"
        continue
    fi
    # Faults at fixed instants after the start of the calls, but never before the last one has settled.
    at=$(awk -v s="$sim_started" -v w="$warmup" -v p="$period" -v i="$i" 'BEGIN { printf "%.3f", s + w + i * p }')
    pause=$(awk -v a="$at" -v b="$(now)" 'BEGIN { d = a - b; printf "%.3f", (d > 0 ? d : 0) }')
    sleep "$pause"
    i=$((i + 1))
    kill -0 "$simulator_pid" 2>/dev/null || { tail -n 30 "$work/simulator.log" >&2; echo "the simulator stopped early" >&2; exit 1; }
    t0=$(now)
    leaderless=-
    partition=-
    case $kind in
        kill-leader|kill-standby)
            victim=
            for n in $(routing_of "$target_name"); do
                role=$(ready "$(port_of "$n")")
                if [[ $kind == kill-leader && $role == active ]] || [[ $kind == kill-standby && $role == standby ]]; then victim=$n; break; fi
            done
            [[ -n "$victim" ]] || { say "$name: no Routing process is $([[ $kind == kill-leader ]] && echo active || echo standing by)"; exit 1; }
            old=$(kill_process "$victim")
            say "$name: SIGKILL $victim (pid $old)"
            if [[ $kind == kill-leader ]]; then
                leaderless=$(watch_leader "$target_name")
                ((partitioned)) && partition=$target_name
            fi
            wait_restarted "$victim" "$old" ;;
        kill)
            old=$(kill_process "$target_name")
            say "$name: SIGKILL $target_name (pid $old)"
            wait_restarted "$target_name" "$old" ;;
        kill-broker)
            beam=$(cat "$infra_dir/rabbit/pid")
            kill -KILL "$beam"
            say "$name: SIGKILL of the RabbitMQ node (beam pid $beam); starting it again"
            sleep 1
            # A loaded machine can outlast infra.sh's wait for the node: it may still come up.
            CC_INFRA_QUIET=1 _cc_rabbit_start "$infra_dir" || {
                for _ in $(seq 240); do _cc_amqp_ready "$CC_RABBIT_PORT" && break; sleep 0.5; done
                _cc_amqp_ready "$CC_RABBIT_PORT"
            }
            wait_all_ready ;;
        stop-database)
            say "$name: PostgreSQL immediate stop; starting it again"
            runuser -u postgres -- "$(_cc_pg_bin)/pg_ctl" -D "$infra_dir/pg/data" -m immediate -w stop >/dev/null
            sleep 1
            # Crash recovery after an immediate stop can outlast infra.sh's 10 s wait on a loaded machine.
            CC_INFRA_QUIET=1 _cc_pg_start "$infra_dir" || {
                for _ in $(seq 120); do pg_isready -q -h 127.0.0.1 -p "$CC_PG_PORT" -U postgres && break; sleep 0.5; done
                pg_isready -q -h 127.0.0.1 -p "$CC_PG_PORT" -U postgres
            }
            wait_all_ready ;;
    esac
    back=$(elapsed "$t0")
    say "$name: every process ready again after $back s"
    printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$t0" "$back" "$leaderless" "$partition" >>"$fault_log"
    sleep "$settle"
done

sleep "$period"
touch "$work/stop-calls"
say "faults done; no more calls; waiting for the calls in progress to end (${drain}s at most)"
deadline=$((SECONDS + drain))
while kill -0 "$simulator_pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 1; done
if kill -0 "$simulator_pid" 2>/dev/null; then
    tail -n 5 "$work/simulator.log" >&2
    echo "the simulator's calls did not end within ${drain}s of the last fault: the platform stopped taking calls (logs in $CC_DEPLOY_DIR/logs)" >&2
    exit 1
fi
if ! wait "$simulator_pid"; then
    simulator_pid=
    tail -n 30 "$work/simulator.log" >&2
    echo "the simulator failed" >&2
    exit 1
fi
simulator_pid=
sed -n '/^| queue/,$p' "$work/simulator.log"

say "comparing SlaTracking and Scheduling with the simulator's ground truth"
status=0
python3 tests/chaos/compare.py --truth "$work/truth.json" --faults "$fault_log" --pg-port "$CC_PG_PORT" \
    --routing "http://127.0.0.1:$(port_of routing)" --slatracking "http://127.0.0.1:$(port_of slatracking)" \
    --scheduling "http://127.0.0.1:$(port_of scheduling)" --password "$demo_password" --wait 60 \
    --scenario "$work/scenario.json" "${partition_args[@]:2}" || status=$?
say "chaos run done in $((SECONDS - started)) s ($([[ $short == 1 ]] && echo short || echo full) form, $routing Routing$( ((partitioned)) && echo " per partition (${partitions[*]})"), seed $seed); files in $work"
exit "$status"
