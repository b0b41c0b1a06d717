#!/bin/sh
# Prepares the monitoring-stack volume of docker-compose.yml before the stack starts: each
# server's config directory with its first config (kept when one is there: the monitor-configurator
# rewrites them as setups are applied), owned by the image's `node` user (uid 1000) who writes them.
# STACK_DIR and SEEDS_DIR move it (tools/check-deploy.sh runs it on a temp directory).
set -eu
stack="${STACK_DIR:-/data/stack}"
seeds="${SEEDS_DIR:-/etc/jetway/monitoring-stack}"
for pair in prometheus:prometheus.yml alertmanager:alertmanager.yml blackbox:blackbox.yml; do
  dir="$stack/${pair%%:*}"
  file="${pair#*:}"
  mkdir -p "$dir"
  [ -f "$dir/$file" ] || cp "$seeds/$file" "$dir/$file"
done
mkdir -p "$stack/setups"
# As root (in compose), hand it to the services' user; a check run as anyone else skips that.
if [ "$(id -u)" = 0 ]; then chown -R 1000:1000 "$stack"; fi
chmod -R a+rX "$stack"
echo "monitoring stack volume ready: $(ls "$stack" | tr '\n' ' ')"
