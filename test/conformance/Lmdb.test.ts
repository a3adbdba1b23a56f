// The LMDB adapter (embedded mode) passes the port contracts, each test on a fresh DATA_DIR.
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { LmdbEmbedded } from "@streamfold/adapters-lmdb"
import { afterAll } from "vitest"
import { partitionedLogContract } from "./PartitionedLogContract.ts"
import { stateStoreContract } from "./StateStoreContract.ts"

const dirs: Array<string> = []
const freshLmdb = () => {
  const path = mkdtempSync(join(tmpdir(), "streamfold-lmdb-conformance-"))
  dirs.push(path)
  return LmdbEmbedded.layer({ path })
}
afterAll(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

partitionedLogContract("lmdb", freshLmdb)
stateStoreContract("lmdb", freshLmdb)
