#!/usr/bin/env bash
# Comment lines per code line of the C# under each folder given (default: the folders the style guide's
# "one comment line in twenty" is checked on). Code = non-blank lines that are not comments; comments = `//` lines
# and trailing `// ...`; XML docs (`///`) are counted apart, since public APIs must have them. Ratio = code : (comments + docs).
#   tools/comment-ratio.sh [--except FOLDER]... [FOLDER]...
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
folders=() except=()
while (($#)); do
    if [[ $1 == --except ]]; then except+=(-not -path "$2/*"); shift 2; else folders+=("$1"); shift; fi
done
if ((${#folders[@]} == 0)); then
    folders=(services/Routing services/SlaTracking services/Scheduling services/Dashboard services/Simulator shared/CallCentre.Hosting)
fi
printf '%-32s %7s %9s %9s %8s\n' folder code comments xml-docs ratio
for folder in "${folders[@]}"; do
    find "$folder" -name '*.cs' -not -path '*/bin/*' -not -path '*/obj/*' "${except[@]}" -print0 | xargs -0 cat | awk -v f="$folder" '
        { line = $0; sub(/^[ \t]+/, "", line) }
        line == "" { next }
        line ~ /^\/\/\// { xml++; next }
        line ~ /^\/\// { comments++; next }
        line ~ /^\/\*/ || line ~ /^\*/ { comments++; next }
        { code++; if ($0 ~ /[;{})] *\/\/ /) comments++ }
        END { printf "%-32s %7d %9d %9d %8s\n", f, code, comments, xml, (comments + xml ? sprintf("1:%.1f", code / (comments + xml)) : "-") }'
done
