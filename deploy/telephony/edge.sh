#!/usr/bin/env bash
# The SIP edge in the foreground (a container's main process): starts Kamailio and rtpengine with cc_telephony_start,
# shows their logs, stops both on SIGTERM, and exits as soon as either dies so that the orchestrator restarts the pair.
set -o pipefail
dir=${1:?usage: edge.sh DIR}
here=$(dirname "${BASH_SOURCE[0]}")
# In the image infra.sh sits under /opt/callcentre/deploy; in the repository, next door.
infra=$here/deploy/local/infra.sh
[[ -f "$infra" ]] || infra=$here/../local/infra.sh
# shellcheck source=../local/infra.sh
source "$infra"
cc_telephony_start "$dir" || exit 1
td="$dir/telephony"
tail -n +1 -F "$td/kamailio.log" "$td/rtpengine.log" &
logs=$!
trap 'cc_telephony_stop "$dir"; kill "$logs" 2>/dev/null; exit 0' TERM INT
while kill -0 "$(cat "$td/kamailio.pid")" 2>/dev/null && kill -0 "$(cat "$td/rtpengine.pid")" 2>/dev/null; do
    sleep 2 &
    wait $! || true
done
echo "edge.sh: Kamailio or rtpengine exited" >&2
cc_telephony_stop "$dir"
kill "$logs" 2>/dev/null || true
exit 1
