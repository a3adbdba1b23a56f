// Fetches the Apache Kafka broker jars from Maven Central (through `mvn`) into a cache directory.
// Done once per version: a marker file inside the finished libs directory makes later calls
// offline and instant. The directory is filled under a temporary name and renamed into place.
import { existsSync } from "node:fs"
import { mkdir, rename, rm, writeFile } from "node:fs/promises"
import { join, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { KafkaHarnessError } from "./KafkaHarnessError.ts"
import { runToCompletion } from "./KafkaRunToCompletion.ts"

/** The Kafka broker release the harness runs: the newest 3.9.x patch on Maven Central. */
export const kafkaBrokerVersion = "3.9.2"

const reload4jVersion = "1.2.25"
const slf4jVersion = "1.7.36"
const dependencyPlugin = "org.apache.maven.plugins:maven-dependency-plugin:3.6.1"
const markerName = ".streamfold-complete"

/** Root of the jar cache: `$STREAMFOLD_KAFKA_CACHE`, else `<repo>/.cache/kafka`. */
export const kafkaCacheRoot = (): string =>
  process.env.STREAMFOLD_KAFKA_CACHE ??
  resolve(fileURLToPath(new URL("../../../../", import.meta.url)), ".cache/kafka")

/** The generated pom whose runtime dependencies are the broker's classpath. */
export const kafkaBrokerPom = (version: string): string => `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>dev.streamfold</groupId>
  <artifactId>kafka-broker-classpath</artifactId>
  <version>${version}</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>${version}</version></dependency>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-reload4j</artifactId><version>${slf4jVersion}</version></dependency>
    <dependency><groupId>ch.qos.reload4j</groupId><artifactId>reload4j</artifactId><version>${reload4jVersion}</version></dependency>
  </dependencies>
</project>
`

/** Where the jars are and whether this call had to download them. */
export interface KafkaBrokerJars {
  readonly version: string
  readonly libsDir: string
  readonly fetched: boolean
}

/** Options for {@link fetchKafkaBrokerJars}; every field has a default. */
export interface FetchKafkaBrokerJarsOptions {
  readonly version?: string
  readonly cacheRoot?: string
  readonly mvn?: string
}

/** Ensures `<cacheRoot>/<version>/libs` holds the broker classpath; downloads it on first use. */
export const fetchKafkaBrokerJars = async (
  options: FetchKafkaBrokerJarsOptions = {},
): Promise<KafkaBrokerJars> => {
  const version = options.version ?? kafkaBrokerVersion
  const versionDir = join(options.cacheRoot ?? kafkaCacheRoot(), version)
  const libsDir = join(versionDir, "libs")
  if (existsSync(join(libsDir, markerName))) return { version, libsDir, fetched: false }

  // A libs directory without the marker can only be left by hand; it is not trusted.
  await rm(libsDir, { recursive: true, force: true })
  await mkdir(versionDir, { recursive: true })
  const pom = join(versionDir, "pom.xml")
  await writeFile(pom, kafkaBrokerPom(version))
  // A private target directory, so two processes fetching at once never see a half-filled one.
  const staging = join(versionDir, `libs.staging-${process.pid}-${Date.now()}`)
  try {
    const mvn = options.mvn ?? process.env.STREAMFOLD_MVN ?? "mvn"
    const result = await runToCompletion(
      mvn,
      [
        "-q",
        "-B",
        "-f",
        pom,
        `${dependencyPlugin}:copy-dependencies`,
        "-DincludeScope=runtime",
        `-DoutputDirectory=${staging}`,
      ],
      { cwd: versionDir },
    )
    if (result.code !== 0) {
      throw new KafkaHarnessError({
        reason: "FetchFailed",
        message: `mvn could not fetch Kafka ${version} (exit ${result.code})`,
        logTail: result.output.slice(-4000),
      })
    }
    await writeFile(join(staging, markerName), `${version}\n`)
    try {
      await rename(staging, libsDir)
    } catch (cause) {
      // Another process finished first; its directory is as good as ours.
      if (!existsSync(join(libsDir, markerName))) throw cause
    }
    return { version, libsDir, fetched: true }
  } finally {
    await rm(staging, { recursive: true, force: true })
  }
}
