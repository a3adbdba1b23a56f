// DATA_DIR is always a directory, whatever its name: lmdb-js on its own treats a path with a dot
// (`/tmp/tmp.x1Y`, `~/.streamfold`) as a file name and fails on an existing directory.
import { existsSync, mkdirSync } from "node:fs"
import { join } from "node:path"
import { PartitionedLog } from "@streamfold/core/runtime"
import { Effect } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { removeTempDataDirs, runEmbedded, tempDataDir } from "./TempDataDir.ts"

afterAll(removeTempDataDirs)

describe("DATA_DIR", () => {
  it.each(["with.dot", ".hidden", "plain"])("opens an existing directory named %j", async (name) => {
    const dir = join(tempDataDir(), name)
    mkdirSync(dir)
    const end = await runEmbedded(
      dir,
      Effect.gen(function* () {
        const log = yield* PartitionedLog
        yield* log.createTopics([{ name: "t", partitions: 1 }])
        yield* log.append([{ topic: "t", key: "k", value: new Uint8Array([1]) }])
        return yield* log.endOffset("t", 0)
      }),
    )
    expect(end).toBe(1)
    expect(existsSync(join(dir, "data.mdb"))).toBe(true)
  })
})
