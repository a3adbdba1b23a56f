// Brokers known only by pid (the CLI's detached ones): is this pid still that broker, and stop
// it from any process. A pid is trusted only while its command line names the node's config,
// so a recycled pid is never signalled; zombies count as gone.
import { readFileSync } from "node:fs"

const procAvailable = (): boolean => {
  try {
    readFileSync("/proc/self/stat")
    return true
  } catch {
    return false
  }
}

const signalable = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"
  }
}

/** True when `pid` runs `kafka.Kafka` with `serverProperties` (where /proc exists to tell). */
export const isKafkaBrokerPid = (pid: number, serverProperties: string): boolean => {
  if (!Number.isInteger(pid) || pid <= 0) return false
  if (!procAvailable()) return signalable(pid)
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8")
    const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3)
    if (state === "Z" || state === "X") return false
    const args = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0")
    return args.includes("kafka.Kafka") && args.includes(serverProperties)
  } catch {
    return false
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

const waitUntilGone = async (pid: number, serverProperties: string, timeoutMs: number): Promise<boolean> => {
  const started = performance.now()
  while (isKafkaBrokerPid(pid, serverProperties)) {
    if (performance.now() - started >= timeoutMs) return false
    await sleep(50)
  }
  return true
}

/** SIGTERM, SIGKILL after `timeoutMs`, then waits until the broker is gone. */
export const stopKafkaBrokerPid = async (
  pid: number,
  serverProperties: string,
  timeoutMs: number,
): Promise<"NotRunning" | "Terminated" | "Killed"> => {
  if (!isKafkaBrokerPid(pid, serverProperties)) return "NotRunning"
  process.kill(pid, "SIGTERM")
  if (await waitUntilGone(pid, serverProperties, timeoutMs)) return "Terminated"
  try {
    process.kill(pid, "SIGKILL")
  } catch {
    // Exited between the check and the kill.
  }
  await waitUntilGone(pid, serverProperties, 10_000)
  return "Killed"
}
