#!/usr/bin/env bash
# A local Apache Kafka for development, until `streamfold kafka` exists:
#   scripts/kafka.sh fetch              download the broker jars into the cache (once)
#   scripts/kafka.sh start|stop|status [dir]   detached broker under dir (default .data/kafka)
set -euo pipefail
STREAMFOLD_SKIP_INSTALL=1 . "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
cd "$STREAMFOLD_ROOT"
command="${1:-status}"
dir="${2:-$STREAMFOLD_ROOT/.data/kafka}"
case "$command" in fetch | start | stop | status) ;; *)
  echo "usage: scripts/kafka.sh fetch|start|stop|status [dir]" >&2
  exit 2
  ;;
esac
exec node --input-type=module -e '
const harness = await import(process.argv[1] + "/packages/adapters-kafka/src/harness/index.ts")
const [command, dir] = process.argv.slice(2)
const started = performance.now()
const result =
  command === "fetch" ? await harness.fetchKafkaBrokerJars()
  : command === "start" ? await harness.startPersistentKafka({ dir })
  : command === "stop" ? await harness.stopPersistentKafka({ dir })
  : await harness.persistentKafkaStatus(dir)
console.log(JSON.stringify({ ...result, ms: Math.round(performance.now() - started) }))
if (command === "start") console.log(`bootstrap: ${result.brokers.join(",")}`)
' "$STREAMFOLD_ROOT" "$command" "$dir"
