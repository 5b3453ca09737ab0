#!/usr/bin/env bash
# The project's test command: builds the solution and runs every test against a real RabbitMQ and
# PostgreSQL started for this run on loopback (see deploy/local/infra.sh), then prints a closing line
#   N passed, N failed, N skipped
# Extra arguments go to `dotnet test`, e.g.  tests/run.sh --filter "FullyQualifiedName~Routing"
# Then the short fault-injection run (tests/chaos/run.sh --short, servers of its own on ports 1000 above the tests'),
# counted as one test: with the whole suite, or with a filter that names Chaos.
# Runs as root on a fresh Debian 12 machine (installs RabbitMQ, Chromium, Kamailio, rtpengine and SIPp if missing). Idempotent.
# The telephony tests start their own Kamailio and rtpengine (deploy/local/infra.sh) on ports free at run time.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo=$(pwd)

started=$(date +%s)
phase() { printf '[run %s +%ss] %s\n' "$(date +%H:%M:%S)" "$(($(date +%s) - started))" "$*"; }

# shellcheck source=../deploy/local/infra.sh
source deploy/local/infra.sh

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export DOTNET_CLI_UI_LANGUAGE=en MSBUILDTERMINALLOGGER=off
# No MSBuild worker nodes left running after the script.
export MSBUILDDISABLENODEREUSE=1

command -v dotnet >/dev/null || { echo "dotnet (SDK 10) is not installed" >&2; exit 1; }

solution=CallCentre.sln
[[ -f "$solution" ]] || { [[ -f CallCentre.slnx ]] && solution=CallCentre.slnx; }
[[ -f "$solution" ]] || { echo "no CallCentre.sln in $repo" >&2; exit 1; }

chaos=1
[[ "$*" != *--filter* || "$*" == *Chaos* ]] || chaos=0

work=$(mktemp -d "${TMPDIR:-/tmp}/callcentre-tests.XXXXXX")
chmod 755 "$work"
infra="$work/infra"
results="$work/results"
mkdir -p "$infra" "$results"

infra_up=0
stop_infra() {
    ((infra_up)) || return 0
    infra_up=0
    phase "stopping RabbitMQ and PostgreSQL"
    cc_infra_stop "$infra"
    rm -rf "$infra"
}
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    stop_infra
    # In CI, leave no compiler server behind either.
    [[ "${CI:-}" != true ]] || dotnet build-server shutdown >/dev/null 2>&1 || true
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

phase "installing what is missing (rabbitmq-server, postgresql, chromium, kamailio, rtpengine-daemon, sip-tester, python3-aiosmtpd, current tzdata)"
cc_infra_install

phase "starting RabbitMQ and PostgreSQL under $infra"
infra_up=1
cc_infra_start "$infra"
cc_infra_export
export CALLCENTRE_REQUIRE_INFRA=1
env | grep '^CALLCENTRE_' | sort

phase "dotnet build $solution -c Release"
dotnet build "$solution" -c Release -nologo

phase "dotnet test $solution -c Release $*"
status=0
dotnet test "$solution" -c Release --no-build --logger "trx" --results-directory "$results" "$@" || status=$?
phase "dotnet test exited with $status; results in $results"

# Add up the <Counters .../> of every .trx file.
total=0 passed=0 failed=0 skipped=0 files=0
attr() { sed -n "s/.*[[:space:]]$1=\"\([0-9]*\)\".*/\1/p" <<<"$2" | head -n1; }
while IFS= read -r -d '' trx; do
    counters=$(tr -d '\r\n' <"$trx" | grep -o '<Counters [^>]*>' | head -n1 || true)
    [[ -n "$counters" ]] || { echo "no <Counters> in $trx" >&2; continue; }
    files=$((files + 1))
    for a in total executed passed failed error timeout aborted notExecuted; do
        v=$(attr "$a" "$counters")
        printf -v "c_$a" '%d' "${v:-0}"
    done
    # shellcheck disable=SC2154
    total=$((total + c_total))
    passed=$((passed + c_passed))
    failed=$((failed + c_failed + c_error + c_timeout + c_aborted))
    # VSTest writes skipped tests as outcome NotExecuted but leaves notExecuted="0": they are the
    # difference between total and executed.
    skip=$((c_total - c_executed))
    ((skip >= c_notExecuted)) || skip=$c_notExecuted
    skipped=$((skipped + skip))
done < <(find "$results" -name '*.trx' -print0)

phase "$files result file(s), $total test(s) in total"
stop_infra
if ((chaos)); then
    phase "tests/chaos/run.sh --short (its own RabbitMQ and PostgreSQL)"
    chaos_started=$SECONDS
    if CC_RABBIT_PORT=$(($(_cc_rabbit_port) + 1000)) CC_PG_PORT=$(($(_cc_pg_port) + 1000)) CC_EPMD_PORT=$(($(_cc_epmd_port) + 1000)) \
        CC_BASE_PORT=$(($(_cc_pg_port) + 1100)) CC_CHAOS_DIR="$work/chaos" CC_NO_BUILD=1 tests/chaos/run.sh --short; then
        passed=$((passed + 1))
        phase "chaos short form passed in $((SECONDS - chaos_started)) s"
    else
        failed=$((failed + 1))
        phase "chaos short form FAILED in $((SECONDS - chaos_started)) s (files in $work/chaos)"
    fi
fi
if ((status == 0 && failed > 0)); then status=1; fi
if ((passed + failed == 0)); then
    echo "no test ran" >&2
    ((status != 0)) || status=1
fi
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
