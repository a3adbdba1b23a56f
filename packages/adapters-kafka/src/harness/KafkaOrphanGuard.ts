// Makes sure no broker outlives the Node process that started it. Two layers: exit and signal
// handlers kill every guarded pid when Node ends normally or by a signal, and a tiny `sh` watchdog
// per broker, reading a pipe from Node, kills it when Node dies without running any handler.
import { type ChildProcess, spawn } from "node:child_process"

const guarded = new Set<number>()
const signals: ReadonlyArray<NodeJS.Signals> = ["SIGINT", "SIGTERM", "SIGHUP"]

const killGuarded = (): void => {
  for (const pid of guarded) {
    try {
      process.kill(pid, "SIGKILL")
    } catch {
      // Already gone.
    }
  }
  guarded.clear()
}

const onSignal = (signal: NodeJS.Signals): void => {
  killGuarded()
  uninstall()
  // Only when nobody else handles the signal do we owe the process its default death.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal)
}

const install = (): void => {
  process.on("exit", killGuarded)
  for (const signal of signals) process.on(signal, onSignal)
}

const uninstall = (): void => {
  process.off("exit", killGuarded)
  for (const signal of signals) process.off(signal, onSignal)
}

// On EOF of stdin (the Node end closed: Node is gone) kill the broker. Killing the watchdog
// itself with SIGKILL on a clean stop skips that last line.
const watchdogScript = 'while read -r _; do :; done; kill -9 "$1" 2>/dev/null'

/** Guards a broker process; the returned function lifts the guard once it has exited. */
export const guardAgainstOrphan = (child: ChildProcess): (() => void) => {
  const pid = child.pid
  if (pid === undefined) return () => {}
  if (guarded.size === 0) install()
  guarded.add(pid)
  const watchdog = spawn("sh", ["-c", watchdogScript, "kafka-watchdog", String(pid)], {
    stdio: ["pipe", "ignore", "ignore"],
    detached: false,
  })
  watchdog.on("error", () => {})
  watchdog.unref()
  // The pipe must not keep Node's event loop alive either.
  const stdin = watchdog.stdin as (NodeJS.WritableStream & { unref?: () => void }) | null
  stdin?.unref?.()
  return () => {
    guarded.delete(pid)
    if (guarded.size === 0) uninstall()
    watchdog.kill("SIGKILL")
  }
}
