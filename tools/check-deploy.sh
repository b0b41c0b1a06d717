#!/usr/bin/env bash
# Validates deploy/ and docker-compose.yml with the real tools: nats-server -t (single server and
# the 3-node cluster, whose n2/n3 must be n1 with only name, ports and store changed), promtool
# (configs, rules, rule unit tests, dashboard queries), the monitoring stack's seed configs (promtool,
# amtool, the blackbox exporter) and its compose wiring, JSON parse of the Grafana dashboards and
# their layout (no two panels overlap), docker-compose.yml against the Compose specification's
# schema, and docker compose config when the compose plugin exists.
# Run from anywhere: tools/check-deploy.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
failures=0
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

step() { printf '\n== %s\n' "$1"; }
fail() { printf 'FAIL: %s\n' "$1"; failures=$((failures + 1)); }

# nats.conf reads passwords from the environment; any value will do for a syntax check.
for svc in PLANNER BUILDER SCANNER DEPLOYER MONITOR_CONFIGURATOR NOTIFIER CLI OPS; do
  var="JETWAY_${svc}_NATS_PASSWORD"
  export "$var=${!var:-check-only}"
done

step 'nats-server -t'
nats_server="${JETWAY_NATS_SERVER_BIN:-$(command -v nats-server || echo /usr/sbin/nats-server)}"
for conf in deploy/nats/nats.conf deploy/nats/cluster/n1.conf deploy/nats/cluster/n2.conf deploy/nats/cluster/n3.conf; do
  "$nats_server" -t -c "$conf" || fail "$conf"
done

step 'cluster configs agree'
# n2 and n3 must be n1 with only the node's own name, ports and store changed (routes list all three).
for n in 2 3; do
  expected="$(sed -e "s/node 1 of 3/node $n of 3/" -e "s/^server_name: n1$/server_name: n$n/" \
    -e "s/^listen: 127.0.0.1:14222$/listen: 127.0.0.1:1422$((n + 1))/" -e "s/^http: 127.0.0.1:18222$/http: 127.0.0.1:1822$((n + 1))/" \
    -e "s#/tmp/jetway-cluster/n1\"#/tmp/jetway-cluster/n$n\"#" -e "s/^  listen: 127.0.0.1:16222$/  listen: 127.0.0.1:1622$((n + 1))/" \
    deploy/nats/cluster/n1.conf)"
  if diff <(printf '%s\n' "$expected") "deploy/nats/cluster/n$n.conf"; then echo "n$n.conf matches n1.conf"; else fail "n$n.conf drifted from n1.conf"; fi
done

step 'promtool'
if command -v promtool >/dev/null; then
  promtool check config deploy/prometheus/prometheus.yml || fail prometheus.yml
  promtool check config deploy/prometheus/prometheus.compose.yml || fail prometheus.compose.yml
  promtool check rules deploy/prometheus/rules/*.rules.yml || fail 'prometheus rules'
  promtool test rules deploy/prometheus/tests/*.test.yml || fail 'prometheus rule tests'
else
  fail 'promtool not found (apt-get install prometheus, or put promtool on PATH)'
fi

step 'monitoring stack (docker-compose)'
# The first configs stack-init.sh seeds the monitoring-stack volume with, each checked by its own
# server's tool, as seeded; then that compose wires the servers to the directory the
# monitor-configurator writes (JETWAY_STACK_DIR) through one volume.
seeded="$tmp/stack"
if STACK_DIR="$seeded" SEEDS_DIR=deploy/monitoring-stack sh deploy/monitoring-stack/stack-init.sh; then
  if command -v promtool >/dev/null; then promtool check config "$seeded/prometheus/prometheus.yml" || fail 'monitoring-stack prometheus.yml'; fi
  amtool_bin="$(command -v amtool || true)"
  if [ -n "$amtool_bin" ]; then "$amtool_bin" check-config "$seeded/alertmanager/alertmanager.yml" || fail 'monitoring-stack alertmanager.yml'
  else fail 'amtool not found (apt-get install prometheus-alertmanager)'; fi
  blackbox_bin="$(command -v prometheus-blackbox-exporter || command -v blackbox_exporter || true)"
  if [ -n "$blackbox_bin" ]; then "$blackbox_bin" --config.check --config.file="$seeded/blackbox/blackbox.yml" 2>&1 | tail -1 | grep -q 'Config file is ok' || fail 'monitoring-stack blackbox.yml'
  else fail 'blackbox exporter not found (apt-get install prometheus-blackbox-exporter)'; fi
else
  fail 'deploy/monitoring-stack/stack-init.sh'
fi
# shellcheck disable=SC2016 # JavaScript, not shell
node -e '
  const d = require("yaml").parse(require("fs").readFileSync("docker-compose.yml", "utf8"), { merge: true });
  const mount = (svc) => (d.services[svc].volumes ?? []).map(String).find((v) => v.startsWith("monitoring-stack:"))?.split(":")[1];
  const env = d.services["monitor-configurator"].environment;
  if (env.JETWAY_STACK_DIR !== mount("monitor-configurator")) throw new Error("monitor-configurator: JETWAY_STACK_DIR is not where the monitoring-stack volume is mounted");
  const configs = { prometheus: "prometheus/prometheus.yml", alertmanager: "alertmanager/alertmanager.yml", blackbox: "blackbox/blackbox.yml" };
  for (const [svc, file] of Object.entries(configs)) {
    const arg = `--config.file=${mount(svc)}/${file}`;
    if (!mount(svc) || !d.services[svc].command.includes(arg)) throw new Error(`${svc}: must mount the monitoring-stack volume and read ${arg}`);
    if (!env[`JETWAY_${svc.toUpperCase()}_URL`]?.startsWith(`http://${svc}:`)) throw new Error(`monitor-configurator: JETWAY_${svc.toUpperCase()}_URL must name the ${svc} service`);
  }
  console.log("the stack servers read the configs the monitor-configurator writes");
' || fail 'docker-compose.yml (monitoring stack wiring)'

step 'grafana dashboards'
for dashboard in deploy/grafana/dashboards/*.json; do
  # shellcheck disable=SC2016 # JavaScript, not shell: ${...} is a template literal
  node -e '
    const d = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    if (d.schemaVersion !== 39) throw new Error("schemaVersion must be 39");
    if (!d.templating.list.some((v) => v.type === "datasource" && v.query === "prometheus")) throw new Error("no Prometheus datasource variable");
    console.log(`${process.argv[1]}: ${d.panels.length} panels`);
  ' "$dashboard" || fail "$dashboard"
done
# No two panels of a dashboard may share a grid cell (Grafana then stacks them on top of each
# other), and every panel must fit the 24-column grid. A row's own panels are checked among themselves.
# shellcheck disable=SC2016 # JavaScript, not shell: ${...} is a template literal
node -e '
  const fs = require("fs");
  let bad = 0;
  const where = (p) => `panel ${p.id} "${p.title}" ${JSON.stringify(p.gridPos)}`;
  const check = (file, panels) => {
    for (const p of panels) {
      const g = p.gridPos;
      if (!g || ![g.x, g.y, g.w, g.h].every(Number.isInteger) || g.x < 0 || g.y < 0 || g.w < 1 || g.h < 1 || g.x + g.w > 24) {
        console.log(`${file}: ${where(p)} is not a valid position on the 24-column grid`);
        bad += 1;
      }
      if (p.type === "row" && Array.isArray(p.panels)) check(file, p.panels);
    }
    panels.forEach((a, i) => panels.slice(i + 1).forEach((b) => {
      const [p, q] = [a.gridPos ?? {}, b.gridPos ?? {}];
      if (p.x < q.x + q.w && q.x < p.x + p.w && p.y < q.y + q.h && q.y < p.y + p.h) {
        console.log(`${file}: ${where(a)} overlaps ${where(b)}`);
        bad += 1;
      }
    }));
  };
  for (const file of process.argv.slice(1)) check(file, JSON.parse(fs.readFileSync(file, "utf8")).panels);
  if (bad > 0) process.exit(1);
  console.log("no panels overlap");
' deploy/grafana/dashboards/*.json || fail 'dashboard panels overlap'
# Every panel query must parse as PromQL: wrap them as recording rules for promtool.
if command -v promtool >/dev/null; then
  OUT="$tmp/dashboard-queries.yml"
  export OUT
  # shellcheck disable=SC2016 # JavaScript, not shell
  node -e '
    const fs = require("fs");
    const lines = ["groups:", "  - name: dashboard-queries", "    rules:"];
    for (const file of process.argv.slice(1)) {
      for (const panel of JSON.parse(fs.readFileSync(file, "utf8")).panels) {
        for (const target of panel.targets) {
          const expr = target.expr.replace(/\$__rate_interval/g, "5m").replace(/\$(\w+)/g, ".*");
          lines.push(`      - record: dashboard:query_${lines.length}`, `        expr: ${JSON.stringify(expr)}`);
        }
      }
    }
    fs.writeFileSync(process.env.OUT, lines.join("\n") + "\n");
  ' deploy/grafana/dashboards/*.json
  if promtool check rules "$OUT" >/dev/null; then echo 'dashboard queries parse'; else fail 'dashboard queries'; fi
fi

step 'nats users (generated from the step kinds)'
node -r @swc-node/register tools/nats-users/src/main.ts --check || fail 'deploy/nats/users: run npm run nats-users'

step 'docker-compose.yml'
# shellcheck disable=SC2016 # JavaScript, not shell
node -e '
  const d = require("yaml").parse(require("fs").readFileSync("docker-compose.yml", "utf8"), { merge: true });
  for (const svc of ["planner", "builder", "scanner", "deployer", "monitor-configurator", "notifier"]) {
    const s = d.services[svc];
    if (!s || !s.command.includes(`dist/apps/${svc}/src/main.js`)) throw new Error(`${svc}: missing or wrong command`);
    if (!require("fs").existsSync(`apps/${svc}/src/main.ts`)) throw new Error(`${svc}: no apps/${svc}/src/main.ts to compile`);
  }
  // The image compiles apps/ into dist/ (npm run build:js) for those commands.
  if (!/compile-cli\.ts dist/.test(require("fs").readFileSync("Dockerfile", "utf8"))) throw new Error("Dockerfile: does not compile the services into dist/");
  console.log(`docker-compose.yml parses: ${Object.keys(d.services).join(", ")}`);
' || fail 'docker-compose.yml (yaml)'
# The Compose specification's own schema (shared/schemas beside the checkout, or JETWAY_SCHEMAS_DIR).
schemas="${JETWAY_SCHEMAS_DIR:-}"
dir="$(dirname "$root")"
while [ -z "$schemas" ]; do
  [ -d "$dir/shared/schemas" ] && schemas="$dir/shared/schemas"
  [ "$dir" = / ] && break
  dir="$(dirname "$dir")"
done
if [ -n "$schemas" ] && [ -f "$schemas/compose-spec.json" ]; then
  # shellcheck disable=SC2016 # JavaScript, not shell
  node -e '
    const Ajv = require("ajv"); const addFormats = require("ajv-formats");
    // The schema names its meta-schema by an https URL Ajv does not alias; it is draft-07, which Ajv speaks.
    const ajv = new Ajv({ allErrors: true, strict: false, validateSchema: false }); addFormats(ajv);
    const validate = ajv.compile(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")));
    const doc = require("yaml").parse(require("fs").readFileSync("docker-compose.yml", "utf8"), { merge: true });
    if (!validate(doc)) throw new Error(validate.errors.map((e) => `${e.instancePath || "/"} ${e.message}`).join("; "));
    console.log("docker-compose.yml is valid against the Compose specification schema");
  ' "$schemas/compose-spec.json" || fail 'docker-compose.yml (compose-spec.json)'
else
  fail 'compose-spec.json not found (shared/schemas beside the checkout, or set JETWAY_SCHEMAS_DIR)'
fi
if docker compose version >/dev/null 2>&1; then
  docker compose config -q || fail 'docker compose config'
else
  echo 'docker compose config: not run (no docker compose plugin here; the schema check above stands in)'
fi

if [ "$failures" -gt 0 ]; then
  printf '\n%d check(s) failed\n' "$failures"
  exit 1
fi
printf '\nall deploy checks passed\n'
