#!/usr/bin/env bash
# Lockstep benchmarks: builds what they need, runs the suites, prints one summary line per suite
# and writes docs/benchmarks.md. See docs/benchmarks.md for what each suite measures.
#
#   benchmarks/run.sh [--quick] [SUITE...]     suites: apply catch-up full-load latency verify reconcile memory
#
# --quick runs every suite on smaller workloads (under 5 minutes); the full run takes under 30.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

echo "benchmarks: building Lockstep and the harness..." >&2
mvn -B -q -DskipTests -Dspotless.check.skip=true install -pl local-runner,benchmarks -am >&2

BENCH="$ROOT/benchmarks/target"
exec java -Xmx2g -Djava.awt.headless=true \
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED \
  -Dlog4j2.configurationFile=lockstep-bench-log4j2.properties \
  -cp "$BENCH/lockstep-benchmarks.jar:$BENCH/lib/*" io.lockstep.bench.Benchmarks --root "$ROOT" "$@"
