import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import {
  fetchKafkaBrokerJars,
  kafkaBrokerPom,
  kafkaBrokerVersion,
  kafkaCacheRoot,
} from "../../src/harness/KafkaBrokerJars.ts"
import { KafkaHarnessError } from "../../src/harness/KafkaHarnessError.ts"

// A stand-in for mvn: records each call, then copies a fake jar into -DoutputDirectory or fails.
const fakeMvn = (dir: string, exitCode: number) => `#!/bin/sh
echo "$@" >> "${dir}/calls"
for arg in "$@"; do
  case "$arg" in -DoutputDirectory=*) out="\${arg#-DoutputDirectory=}";; esac
done
if [ ${exitCode} -ne 0 ]; then echo "[ERROR] Could not resolve dependencies" >&2; exit ${exitCode}; fi
mkdir -p "$out" && echo jar > "$out/kafka_2.13-fake.jar"
`

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "streamfold-jars-test-"))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const installFakeMvn = async (exitCode: number): Promise<string> => {
  const path = join(dir, "mvn")
  await writeFile(path, fakeMvn(dir, exitCode))
  await chmod(path, 0o755)
  return path
}

const calls = async (): Promise<ReadonlyArray<string>> =>
  (await readFile(join(dir, "calls"), "utf8").catch(() => "")).split("\n").filter((line) => line !== "")

describe("fetchKafkaBrokerJars", () => {
  it("fetches once, then answers from the cache without calling mvn", async () => {
    const mvn = await installFakeMvn(0)
    const cacheRoot = join(dir, "cache")
    const first = await fetchKafkaBrokerJars({ cacheRoot, mvn, version: "3.9.2" })
    expect(first).toEqual({ version: "3.9.2", libsDir: join(cacheRoot, "3.9.2", "libs"), fetched: true })
    expect(await readdir(first.libsDir)).toContain("kafka_2.13-fake.jar")
    expect(await calls()).toHaveLength(1)
    expect((await calls())[0]).toContain("copy-dependencies")
    expect(await readFile(join(cacheRoot, "3.9.2", "pom.xml"), "utf8")).toBe(kafkaBrokerPom("3.9.2"))

    const second = await fetchKafkaBrokerJars({ cacheRoot, mvn, version: "3.9.2" })
    expect(second.fetched).toBe(false)
    expect(await calls()).toHaveLength(1)
    // No staging directory is left beside the libs.
    expect(await readdir(join(cacheRoot, "3.9.2"))).toEqual(["libs", "pom.xml"])
  })

  it("fails with mvn's output and leaves no half-filled cache", async () => {
    const mvn = await installFakeMvn(1)
    const cacheRoot = join(dir, "cache")
    const failure = await fetchKafkaBrokerJars({ cacheRoot, mvn }).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(KafkaHarnessError)
    expect((failure as KafkaHarnessError).reason).toBe("FetchFailed")
    expect((failure as KafkaHarnessError).logTail).toContain("Could not resolve dependencies")
    expect(await readdir(join(cacheRoot, kafkaBrokerVersion))).toEqual(["pom.xml"])
  })

  it("pins a 3.9 broker with a log4j binding", () => {
    expect(kafkaBrokerVersion).toMatch(/^3\.9\.\d+$/)
    const pom = kafkaBrokerPom(kafkaBrokerVersion)
    expect(pom).toContain(`<artifactId>kafka_2.13</artifactId><version>${kafkaBrokerVersion}</version>`)
    expect(pom).toContain("<artifactId>slf4j-reload4j</artifactId>")
  })

  it("takes its cache root from STREAMFOLD_KAFKA_CACHE", () => {
    const saved = process.env.STREAMFOLD_KAFKA_CACHE
    try {
      process.env.STREAMFOLD_KAFKA_CACHE = join(dir, "elsewhere")
      expect(kafkaCacheRoot()).toBe(join(dir, "elsewhere"))
      delete process.env.STREAMFOLD_KAFKA_CACHE
      expect(kafkaCacheRoot()).toMatch(/\/\.cache\/kafka$/)
    } finally {
      if (saved === undefined) delete process.env.STREAMFOLD_KAFKA_CACHE
      else process.env.STREAMFOLD_KAFKA_CACHE = saved
    }
  })
})
