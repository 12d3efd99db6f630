#!/usr/bin/env bash
# Runs the README's first command as written and checks that it serves sticky traffic:
# a first request gets the affinity cookie, and 20 requests with it reach the same backend.
set -uo pipefail
cd "$(dirname "$0")/../.."
out=$(mktemp)
setsid dotnet run --project src/Sticky.Host -- --demo >"$out" 2>&1 &
pid=$!
cleanup() { kill -- -"$pid" 2>/dev/null || kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; }
trap cleanup EXIT

for _ in $(seq 1 120); do
  grep -q "Sticky demo" "$out" && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 1
done
cat "$out"
grep -q "Sticky demo" "$out" || { echo "FAIL: the demo did not start"; exit 1; }

headers=$(curl -s -D - -o /dev/null --max-time 5 http://127.0.0.1:8080/)
cookie=$(printf '%s' "$headers" | tr -d '\r' | sed -nE 's/^[Ss]et-[Cc]ookie: (_a49bc=[^;]*).*/\1/p' | head -n 1)
[ -n "$cookie" ] || { echo "FAIL: no _a49bc cookie in:"; echo "$headers"; exit 1; }
echo "cookie: $cookie"

first=$(curl -s --max-time 5 --cookie "$cookie" http://127.0.0.1:8080/ | head -n 1)
for _ in $(seq 1 20); do
  answer=$(curl -s --max-time 5 --cookie "$cookie" http://127.0.0.1:8080/ | head -n 1)
  [ "$answer" = "$first" ] || { echo "FAIL: sticky request went to '$answer', expected '$first'"; exit 1; }
done

seen=$(for _ in $(seq 1 9); do curl -s --max-time 5 http://127.0.0.1:8080/ | head -n 1; done | sort -u | wc -l)
[ "$seen" -eq 3 ] || { echo "FAIL: requests without a cookie reached $seen backends, expected 3"; exit 1; }
curl -sf --max-time 5 http://127.0.0.1:9090/ping | grep -qx OK || { echo "FAIL: /ping"; exit 1; }
echo "PASS: demo is sticky ($first), balanced over $seen backends, /ping OK"
