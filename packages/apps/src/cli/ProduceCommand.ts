// `streamfold produce <topic>`: appends one record per JSON line read from stdin, through the running
// process (the embedded log belongs to it), like kafka-console-producer.
import { createInterface } from "node:readline"
import { Data, Effect, Option } from "effect"
import { Argument, Command, Flag } from "effect/cli"
import { processUrl, urlFlag } from "./ProcessUrl.ts"

/** A client command failed; the message says why. */
export class ClientError extends Data.TaggedError("ClientError")<{ readonly message: string }> {}

const batchSize = 500

const post = (
  url: string,
  records: ReadonlyArray<{ readonly key: string | null; readonly value: unknown }>,
) =>
  Effect.tryPromise({
    try: async () => {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ records }),
      })
      if (response.status !== 201) throw new Error(`${response.status} ${await response.text()}`)
    },
    catch: (error) =>
      new ClientError({
        message: `append to ${url} failed: ${error instanceof Error ? error.message : String(error)}`,
      }),
  })

/** The `produce` command. */
export const produceCommand = Command.make(
  "produce",
  {
    topic: Argument.withDescription(Argument.String("topic"), "the topic to append to"),
    key: Flag.optional(Flag.withDescription(Flag.String("key"), "the key of every record (default: no key)")),
    url: urlFlag,
  },
  (config) =>
    Effect.gen(function* () {
      const url = `${processUrl(config.url)}/topics/${encodeURIComponent(config.topic)}/records`
      const key = Option.getOrNull(config.key)
      const lines = yield* Effect.promise(async () => {
        const all: Array<string> = []
        for await (const line of createInterface({ input: process.stdin })) all.push(line)
        return all
      })
      const records: Array<{ key: string | null; value: unknown }> = []
      for (const [index, line] of lines.entries()) {
        if (line.trim() === "") continue
        try {
          records.push({ key, value: JSON.parse(line) as unknown })
        } catch (error) {
          return yield* new ClientError({
            message: `line ${index + 1} is not JSON: ${error instanceof Error ? error.message : String(error)}`,
          })
        }
      }
      for (let i = 0; i < records.length; i += batchSize) yield* post(url, records.slice(i, i + batchSize))
      yield* Effect.sync(() =>
        process.stderr.write(`appended ${records.length} record(s) to ${config.topic}\n`),
      )
    }),
).pipe(
  Command.withDescription(
    "Append JSON lines from stdin to a topic (key via --key) through the running process",
  ),
)
