// Temporary cluster directories left behind by a Node process that died without cleaning up
// (its brokers were killed by the orphan guard, but nothing removed the files). Each directory
// names its owner's pid; a directory whose owner is gone is removed by the next start.
import { readdir, readFile, rm, writeFile } from "node:fs/promises"
import { join } from "node:path"

/** Prefix of every temporary cluster directory. */
export const kafkaTempDirPrefix = "streamfold-kafka-"
const ownerFile = "owner.pid"

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"
  }
}

/** Marks `dir` as owned by this process. */
export const claimKafkaTempDir = (dir: string): Promise<void> =>
  writeFile(join(dir, ownerFile), `${process.pid}\n`)

/** Removes the cluster directories under `parent` whose owner process no longer runs. */
export const sweepStaleKafkaDirs = async (parent: string): Promise<ReadonlyArray<string>> => {
  const entries = await readdir(parent).catch(() => [] as Array<string>)
  const removed: Array<string> = []
  for (const entry of entries) {
    if (!entry.startsWith(kafkaTempDirPrefix)) continue
    const dir = join(parent, entry)
    const owner = Number((await readFile(join(dir, ownerFile), "utf8").catch(() => "")).trim())
    // No owner file yet: another process is between mkdtemp and claim; leave it alone.
    if (!Number.isInteger(owner) || owner <= 0 || isAlive(owner)) continue
    await rm(dir, { recursive: true, force: true })
    removed.push(dir)
  }
  return removed
}
