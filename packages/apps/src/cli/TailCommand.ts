// `streamfold tail <topic>`: prints a topic's records as JSON lines (partition, offset, key, value),
// like kafka-console-consumer, reading through the running process.
import { Effect } from "effect"
import { Argument, Command, Flag } from "effect/cli"
import { processUrl, urlFlag } from "./ProcessUrl.ts"
import { ClientError } from "./ProduceCommand.ts"

interface Page {
  readonly partitions: number
  readonly result: ReadonlyArray<{ readonly partition: number; readonly offset: number }>
}

const get = (url: string) =>
  Effect.tryPromise({
    try: async () => {
      const response = await fetch(url)
      if (response.status !== 200) throw new Error(`${response.status} ${await response.text()}`)
      return (await response.json()) as Page
    },
    catch: (error) =>
      new ClientError({
        message: `read ${url} failed: ${error instanceof Error ? error.message : String(error)}`,
      }),
  })

/** The `tail` command. */
export const tailCommand = Command.make(
  "tail",
  {
    topic: Argument.withDescription(Argument.String("topic"), "the topic to print"),
    once: Flag.withDescription(Flag.Boolean("once"), "stop after printing what is there now"),
    url: urlFlag,
  },
  (config) =>
    Effect.gen(function* () {
      const base = `${processUrl(config.url)}/topics/${encodeURIComponent(config.topic)}/records`
      const first = yield* get(`${base}?partition=0&offset=0&max=0`)
      const next = new Array<number>(first.partitions).fill(0)
      for (;;) {
        let printed = 0
        for (let partition = 0; partition < next.length; partition++) {
          const page = yield* get(`${base}?partition=${partition}&offset=${next[partition]}&max=1000`)
          for (const record of page.result) {
            process.stdout.write(`${JSON.stringify(record)}\n`)
            next[partition] = record.offset + 1
          }
          printed += page.result.length
        }
        if (printed === 0) {
          if (config.once) return
          yield* Effect.sleep("200 millis")
        }
      }
    }),
).pipe(Command.withDescription("Print a topic's records as JSON lines, following new ones (--once to stop)"))
