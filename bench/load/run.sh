#!/usr/bin/env bash
# Load benchmark: Sticky against HAProxy (cookie insert, roundrobin, nbthread 1) and nginx
# (hash $cookie_... consistent) in front of the same four nginx backends. Each balancer is pinned to
# CPU 0; wrk and the backends share CPU 1. Two cases per balancer: new clients (no cookie, the
# balancer picks and issues a cookie) and returning clients (a valid cookie, pinned).
#
#   bash bench/load/run.sh                 # 10 s per case
#   DURATION=30s bash bench/load/run.sh    # longer runs
#
# Prints req/s, p50 and p99 per case, the ratios Sticky/HAProxy, and Sticky's RSS idle and under load.
# Also measured in the same run: Sticky on its HttpClient transport (Sticky:Forwarding:Transport=HttpClient),
# and returning clients while a second service of 10,000 backends is swapped every second: in the services
# file (Sticky:ServicesFile), then in appsettings.json.
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-64}
PROXY_CPU=${PROXY_CPU:-0}
LOAD_CPU=${LOAD_CPU:-1}
work=$(mktemp -d /tmp/sticky-load.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -f "$work/backends.pid" ] && kill "$(cat "$work/backends.pid")" 2>/dev/null || true
  [ -f "$work/nginx-lb.pid" ] && kill "$(cat "$work/nginx-lb.pid")" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT

need() { command -v "$1" >/dev/null 2>&1 || missing="$missing $2"; }
missing=""
need haproxy haproxy; need nginx nginx; need wrk wrk; need taskset util-linux; need curl curl
if [ -n "$missing" ]; then
  echo "installing:$missing"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
fi

BACKEND_PORTS=(19101 19102 19103 19104)
HAPROXY_PORT=19201
NGINX_PORT=19202
STICKY_PORT=19203
STICKY_ADMIN=19204
STICKY_HC_PORT=19205
STICKY_HC_ADMIN=19206
SWAP_BACKENDS=${SWAP_BACKENDS:-10000}

# Four fast backends: one nginx, one worker, a fixed body per port.
{
  echo "worker_processes 1; pid $work/backends.pid; error_log $work/backends.err; daemon on;"
  echo "events { worker_connections 4096; }"
  echo "http { access_log off; keepalive_requests 1000000;"
  for i in "${!BACKEND_PORTS[@]}"; do
    echo "  server { listen 127.0.0.1:${BACKEND_PORTS[$i]}; location / { return 200 \"I'm backend-$i\n\"; } }"
  done
  echo "}"
} > "$work/backends.conf"
taskset -c "$LOAD_CPU" nginx -c "$work/backends.conf" -p "$work"

# HAProxy: insert a cookie, round-robin new clients, one thread.
{
  echo "global"; echo "  nbthread 1"; echo "  maxconn 4096"
  echo "defaults"; echo "  mode http"; echo "  timeout connect 5s"; echo "  timeout client 60s"; echo "  timeout server 60s"; echo "  option http-keep-alive"
  echo "frontend fe"; echo "  bind 127.0.0.1:$HAPROXY_PORT"; echo "  default_backend be"
  echo "backend be"; echo "  balance roundrobin"; echo "  cookie SRV insert indirect nocache"
  for i in "${!BACKEND_PORTS[@]}"; do echo "  server s$i 127.0.0.1:${BACKEND_PORTS[$i]} cookie s$i"; done
} > "$work/haproxy.cfg"
taskset -c "$PROXY_CPU" haproxy -f "$work/haproxy.cfg" -db > "$work/haproxy.log" 2>&1 &
pids+=($!)

# nginx as a balancer: consistent hash of the sticky cookie (it does not issue cookies).
{
  echo "worker_processes 1; pid $work/nginx-lb.pid; error_log $work/nginx-lb.err; daemon on;"
  echo "events { worker_connections 4096; }"
  echo "http { access_log off; keepalive_requests 1000000;"
  echo "  upstream be { hash \$cookie_sticky consistent; keepalive 64;"
  for port in "${BACKEND_PORTS[@]}"; do echo "    server 127.0.0.1:$port;"; done
  echo "  }"
  echo "  server { listen 127.0.0.1:$NGINX_PORT; location / { proxy_pass http://be; proxy_http_version 1.1; proxy_set_header Connection \"\"; } }"
  echo "}"
} > "$work/nginx-lb.conf"
taskset -c "$PROXY_CPU" nginx -c "$work/nginx-lb.conf" -p "$work"

# Sticky as the container image ships it: self-contained and trimmed, workstation GC (one core),
# configuration from STICKY__ variables.
# ReadyToRun after trimming: trimming drops the framework's precompiled code, R2R puts it back.
dotnet publish src/Sticky.Host -c Release -r linux-x64 --self-contained -p:PublishTrimmed=true -p:PublishReadyToRun=true -o "$work/sticky" >/dev/null
export STICKY__Services__bench__Rule="PathPrefix:/" STICKY__Services__bench__Sticky=true
for i in "${!BACKEND_PORTS[@]}"; do export "STICKY__Services__bench__Backends__${i}__Url=http://127.0.0.1:${BACKEND_PORTS[$i]}"; done
# The services file starts empty; the swap cases fill it.
echo '{"Services":{}}' > "$work/services.json"
DOTNET_gcServer=0 DOTNET_TieredPGO=1 taskset -c "$PROXY_CPU" "$work/sticky/Sticky.Host" \
  --proxy.address=127.0.0.1:$STICKY_PORT --admin.address=127.0.0.1:$STICKY_ADMIN --loglevel=WARN \
  --providers.file.filename="$work/services.json" > "$work/sticky.log" 2>&1 &
sticky_pid=$!
pids+=($sticky_pid)

# The same build forwarding through .NET's HttpClient, to show what the HTTP/1.1 transport is worth.
STICKY__Forwarding__Transport=HttpClient DOTNET_gcServer=0 DOTNET_TieredPGO=1 taskset -c "$PROXY_CPU" "$work/sticky/Sticky.Host" \
  --proxy.address=127.0.0.1:$STICKY_HC_PORT --admin.address=127.0.0.1:$STICKY_HC_ADMIN --loglevel=WARN > "$work/sticky-hc.log" 2>&1 &
pids+=($!)

# Two versions of a service with $SWAP_BACKENDS backends (weights differ), each as a services file and as an
# appsettings.json; its rule matches no benchmark request, so only the rebuild itself can cost anything.
for version in 1 2; do
  awk -v n="$SWAP_BACKENDS" -v w="$version" 'BEGIN {
    printf "\"swap\":{\"Rule\":\"Host(`swap.invalid`)\",\"Sticky\":true,\"Backends\":["
    for (i = 0; i < n; i++) printf "%s{\"Url\":\"http://10.%d.%d.%d:8080\",\"Weight\":%d}", (i ? "," : ""), int(i / 65536) % 256, int(i / 256) % 256, i % 256, w
    printf "]}" }' > "$work/swap-service-$version"
  printf '{"Services":{%s}}\n' "$(cat "$work/swap-service-$version")" > "$work/swap-file-$version.json"
  printf '{"Sticky":{"Services":{%s}}}\n' "$(cat "$work/swap-service-$version")" > "$work/swap-config-$version.json"
done

for port in $HAPROXY_PORT $NGINX_PORT $STICKY_PORT $STICKY_HC_PORT; do
  for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.1; done
done
rss() { awk '/VmRSS/ {print int($2/1024)}' "/proc/$1/status"; }
sticky_cookie=$(curl -s -D - -o /dev/null "http://127.0.0.1:$STICKY_PORT/" | tr -d '\r' | sed -nE 's/^[Ss]et-[Cc]ookie: ([^;]*).*/\1/p' | head -n 1)
[ -n "$sticky_cookie" ] || { echo "Sticky issued no cookie"; cat "$work/sticky.log"; exit 1; }

# wrk --latency prints "Requests/sec:" and the percentile lines; pull req/s, p50, p99.
run() {
  local url=$1; shift
  taskset -c "$LOAD_CPU" wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency "$@" "$url" > "$work/wrk.out"
  local rps p50 p99
  requests=$(awk '/requests in/ {print $1}' "$work/wrk.out")
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.out")
  p50=$(awk '$1=="50%" {print $2}' "$work/wrk.out")
  p99=$(awk '$1=="99%" {print $2}' "$work/wrk.out")
  max=$(awk '$1=="Latency" {print $4}' "$work/wrk.out")
  echo "$rps $p50 $p99 $max"
}
to_ms() { awk -v v="$1" 'BEGIN { if (v ~ /us$/) { sub(/us/, "", v); print v/1000 } else if (v ~ /ms$/) { sub(/ms/, "", v); print v+0 } else if (v ~ /s$/) { sub(/s/, "", v); print v*1000 } else print v }'; }

sticky_idle=$(rss $sticky_pid)
declare -A result
# Warm-up so every contender is measured hot: connection pools for all, and for Sticky the JIT's tiered,
# profile-guided recompilation, which takes several seconds of load to settle.
WARMUP=${WARMUP:-15s}
for port in $HAPROXY_PORT $NGINX_PORT $STICKY_PORT $STICKY_HC_PORT; do
  taskset -c "$LOAD_CPU" wrk -t1 -c"$CONNECTIONS" -d"$WARMUP" "http://127.0.0.1:$port/" > /dev/null
done
taskset -c "$LOAD_CPU" wrk -t1 -c"$CONNECTIONS" -d"$WARMUP" -H "Cookie: $sticky_cookie" "http://127.0.0.1:$STICKY_PORT/" > /dev/null

result[haproxy_new]=$(run "http://127.0.0.1:$HAPROXY_PORT/")
result[haproxy_ret]=$(run "http://127.0.0.1:$HAPROXY_PORT/" -H "Cookie: SRV=s1")
result[nginx_new]=$(run "http://127.0.0.1:$NGINX_PORT/")
result[nginx_ret]=$(run "http://127.0.0.1:$NGINX_PORT/" -H "Cookie: sticky=client-1")
allocated() { curl -s "http://127.0.0.1:$STICKY_ADMIN/metrics" | awk '$1=="dotnet_gc_allocated_bytes_total" {printf "%.0f", $2}'; }
a0=$(allocated)
run "http://127.0.0.1:$STICKY_PORT/" > "$work/sticky_new"
a1=$(allocated)
new_requests=$(awk '/requests in/ {print $1}' "$work/wrk.out")
result[sticky_new]=$(cat "$work/sticky_new")
sticky_load=$(rss $sticky_pid)
run "http://127.0.0.1:$STICKY_PORT/" -H "Cookie: $sticky_cookie" > "$work/sticky_ret"
a2=$(allocated)
ret_requests=$(awk '/requests in/ {print $1}' "$work/wrk.out")
result[sticky_ret]=$(cat "$work/sticky_ret")
sticky_load=$(( sticky_load > $(rss $sticky_pid) ? sticky_load : $(rss $sticky_pid) ))
result[sticky_hc_new]=$(run "http://127.0.0.1:$STICKY_HC_PORT/")
hc_cookie=$(curl -s -D - -o /dev/null "http://127.0.0.1:$STICKY_HC_PORT/" | tr -d '\r' | sed -nE 's/^[Ss]et-[Cc]ookie: ([^;]*).*/\1/p' | head -n 1)
result[sticky_hc_ret]=$(run "http://127.0.0.1:$STICKY_HC_PORT/" -H "Cookie: $hc_cookie")

# Returning clients again, now while the 10,000-backend service is swapped every second: first in the services
# file, then in appsettings.json. The rebuild histogram gives each case's rebuild times.
metrics() { curl -s "http://127.0.0.1:$STICKY_ADMIN/metrics"; }
rebuilds() { metrics | awk '$1 ~ /^sticky_routing_rebuild_duration_seconds_(bucket|sum|count)/ {print $1, $2}' > "$1"; }
# "<rebuilds> <mean ms> <bound ms>": how many rebuilds between two rebuilds() files, their mean, and the
# histogram bucket every one of them fell under.
rebuild_stats() {
  awk 'NR==FNR {before[$1]=$2; next} {delta[$1]=$2-before[$1]}
    END {
      count=delta["sticky_routing_rebuild_duration_seconds_count"]; sum=delta["sticky_routing_rebuild_duration_seconds_sum"]
      bound="inf"; best=1e9
      for (k in delta) if (k ~ /_bucket/ && delta[k] == count) { le=k; sub(/.*le="/, "", le); sub(/".*/, "", le); if (le != "+Inf" && le+0 < best) best=le+0 }
      if (best < 1e9) bound=best*1000
      printf "%d %.1f %s", count, (count ? sum*1000/count : 0), bound }' "$1" "$2"
}
swap_case() { # file-or-config target-file
  local kind=$1 target=$2
  # Warm-up swaps, so tiered compilation has seen the rebuild code, as the requests had their warm-up.
  for i in 1 2 3 4 5 6; do cp "$work/swap-$kind-$(( i % 2 + 1 )).json" "$target"; sleep 1; done
  rebuilds "$work/rebuilds-before"
  ( for i in $(seq 1 "$seconds"); do cp "$work/swap-$kind-$(( i % 2 + 1 )).json" "$target"; sleep 1; done ) &
  local swapper=$!
  result[sticky_swap_$kind]=$(run "http://127.0.0.1:$STICKY_PORT/" -H "Cookie: $sticky_cookie")
  wait "$swapper"; sleep 1
  rebuilds "$work/rebuilds-after"
  swaps[$kind]=$(rebuild_stats "$work/rebuilds-before" "$work/rebuilds-after")
}
seconds=${DURATION%s}
declare -A swaps
swap_case file "$work/services.json"
result[sticky_ret_again]=$(run "http://127.0.0.1:$STICKY_PORT/" -H "Cookie: $sticky_cookie")
echo '{"Services":{}}' > "$work/services.json"
swap_case config "$work/sticky/appsettings.json"

echo
echo "Load benchmark: $CONNECTIONS connections, $DURATION per case, balancers on CPU $PROXY_CPU, wrk and backends on CPU $LOAD_CPU"
echo "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(haproxy -v | head -n1 | cut -d' ' -f1-3), $(nginx -v 2>&1 | cut -d' ' -f3), .NET $(dotnet --version)"
printf '\n%-28s %12s %10s %10s %10s\n' "case" "req/s" "p50 ms" "p99 ms" "max ms"
for key in haproxy_new haproxy_ret nginx_new nginx_ret sticky_new sticky_ret sticky_hc_new sticky_hc_ret sticky_swap_file sticky_ret_again sticky_swap_config; do
  read -r rps p50 p99 max <<< "${result[$key]}"
  printf '%-28s %12s %10s %10s %10s\n' "$key" "$rps" "$(to_ms "$p50")" "$(to_ms "$p99")" "$(to_ms "$max")"
done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
read -r s_new_rps _ s_new_p99 <<< "${result[sticky_new]}"
read -r s_ret_rps _ s_ret_p99 <<< "${result[sticky_ret]}"
read -r h_new_rps _ h_new_p99 <<< "${result[haproxy_new]}"
read -r h_ret_rps _ h_ret_p99 <<< "${result[haproxy_ret]}"
echo
echo "Sticky/HAProxy req/s: new clients $(ratio "$s_new_rps" "$h_new_rps")x, returning clients $(ratio "$s_ret_rps" "$h_ret_rps")x"
echo "Sticky/HAProxy p99:   new clients $(ratio "$(to_ms "$s_new_p99")" "$(to_ms "$h_new_p99")")x, returning clients $(ratio "$(to_ms "$s_ret_p99")" "$(to_ms "$h_ret_p99")")x"
echo "Sticky new/returning req/s: $(ratio "$s_new_rps" "$s_ret_rps")"
echo "Sticky RSS: idle ${sticky_idle} MB, under load ${sticky_load} MB"
echo "Sticky allocated per request: new clients $(( (a1 - a0) / new_requests )) B, returning clients $(( (a2 - a1) / ret_requests )) B"
read -r hc_ret_rps _ _ <<< "${result[sticky_hc_ret]}"
read -r hc_new_rps _ _ <<< "${result[sticky_hc_new]}"
echo "Sticky HTTP/1.1 transport / HttpClient transport req/s: new clients $(ratio "$s_new_rps" "$hc_new_rps")x, returning clients $(ratio "$s_ret_rps" "$hc_ret_rps")x"
read -r _ _ ag_p99 ag_max <<< "${result[sticky_ret_again]}"
for kind in file config; do
  read -r _ _ sw_p99 sw_max <<< "${result[sticky_swap_$kind]}"
  read -r rebuilt mean bound <<< "${swaps[$kind]}"
  echo "Swaps of $SWAP_BACKENDS backends in the $kind under load: $seconds writes, $rebuilt rebuilds (mean $mean ms, each under $bound ms); p99 $(to_ms "$sw_p99") ms (without swaps $(to_ms "$ag_p99") ms), max $(to_ms "$sw_max") ms (without $(to_ms "$ag_max") ms)"
done
