#!/usr/bin/env bash
# The SIP edge's load run (docs/telephony.md, Load): tests/telephony-load.sh [calls/s] [seconds] [agents] [talk seconds]
# Kamailio, rtpengine, SIPp and the Host on ports CC_LOAD_BASE_PORT (28000) + 10 to + 999; needs root's Debian packages
# (cc_infra_install) and builds the Host in Release first.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
MSBUILDDISABLENODEREUSE=1 dotnet build services/Host -c Release -v q -nologo | tail -3
exec python3 tests/telephony-load/run.py "$@"
