#!/usr/bin/env bash
# A 2 GB CSV end to end through the CLI: wall time and peak RSS.
#
#   npm run bench:2gb            (builds first)
#   EVENTS=7400000 bash scripts/bench-2gb.sh
#
# Generates bench-data/exchange-2gb.csv (gitignored; ~2.0 GB, 7.4M events of
# the bench profile, deterministic) unless it is there, then runs
# `node dist/cli.js score` on it under /usr/bin/time -v and prints the
# elapsed time, CPU time and maximum resident set size. The target is a peak
# RSS under 4 GB (docs/performance.md).
set -euo pipefail
cd "$(dirname "$0")/.."
EVENTS="${EVENTS:-7400000}"
FILE="bench-data/exchange-2gb.csv"
mkdir -p bench-data
if [ ! -s "$FILE" ] || [ "$(cat "$FILE.events" 2>/dev/null)" != "$EVENTS" ]; then
  echo "generating $FILE ($EVENTS events) ..."
  node dist/gen-sample.js --events "$EVENTS" --profile bench --format csv --out "$FILE.tmp" --anomalies none
  mv "$FILE.tmp" "$FILE"
  echo "$EVENTS" > "$FILE.events"
fi
ls -l "$FILE"
/usr/bin/time -v node dist/cli.js score "$FILE" --top 5 > bench-data/2gb.out 2> bench-data/2gb.err
cat bench-data/2gb.out
grep -E '^sessionscope: [0-9]+ events' bench-data/2gb.err || true
grep -E 'Elapsed|User time|System time|Maximum resident|Exit status' bench-data/2gb.err
