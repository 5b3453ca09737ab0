#!/usr/bin/env bash
# Comment lines per code line of the C# under each folder given (default: the folders the style guide's
# "one comment line in twenty" is checked on). Code = non-blank lines that are not comments; comments = `//` lines
# and trailing `// ...`; XML docs (`///`) are counted apart, since public APIs must have them. Ratio = code : (comments + docs).
#   tools/comment-ratio.sh [--check N] [--except FOLDER]... [FOLDER]...
# --check N exits 1, naming them, when folders have fewer than N code lines per comment line.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
folders=() except=() check=0
while (($#)); do
    case $1 in
        --except) except+=(-not -path "$2/*"); shift 2 ;;
        --check) [[ ${2:-} =~ ^[0-9]+([.][0-9]+)?$ ]] || { echo "--check needs a number of code lines per comment line" >&2; exit 2; }
                 check=$2; shift 2 ;;
        *) folders+=("$1"); shift ;;
    esac
done
if ((${#folders[@]} == 0)); then
    folders=(services/Routing services/SlaTracking services/Scheduling services/Dashboard services/Simulator services/Telephony
             shared/CallCentre.Hosting)
fi
below=()
printf '%-32s %7s %9s %9s %8s\n' folder code comments xml-docs ratio
for folder in "${folders[@]}"; do
    line=$(find "$folder" -name '*.cs' -not -path '*/bin/*' -not -path '*/obj/*' "${except[@]}" -print0 | xargs -0 cat | awk -v f="$folder" '
        { line = $0; sub(/^[ \t]+/, "", line) }
        line == "" { next }
        line ~ /^\/\/\// { xml++; next }
        line ~ /^\/\// { comments++; next }
        line ~ /^\/\*/ || line ~ /^\*/ { comments++; next }
        { code++; if ($0 ~ /[;{})] *\/\/ /) comments++ }
        END { printf "%-32s %7d %9d %9d %8s\n", f, code, comments, xml, (comments + xml ? sprintf("1:%.1f", code / (comments + xml)) : "-") }')
    echo "$line"
    read -r _ code comments xml _ <<<"$line"
    if awk -v c="$code" -v n=$((comments + xml)) -v t="$check" 'BEGIN { exit !(n > 0 && c < t * n) }'; then below+=("$folder"); fi
done
if ((${#below[@]})); then
    echo "below 1:$check: ${below[*]}" >&2
    exit 1
fi
