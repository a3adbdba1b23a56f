// Runs a short-lived tool (mvn, Kafka's StorageTool) to completion and keeps its combined output,
// so a failure can quote it. Never throws for a non-zero exit; a spawn error becomes code -1.
import { spawn } from "node:child_process"

/** Exit code (-1 when it could not be started) and stdout+stderr interleaved. */
export interface Completed {
  readonly code: number
  readonly output: string
}

/** Runs `command args` and resolves when it exits. */
export const runToCompletion = (
  command: string,
  args: ReadonlyArray<string>,
  options: { readonly cwd?: string; readonly env?: NodeJS.ProcessEnv } = {},
): Promise<Completed> =>
  new Promise((resolve) => {
    const chunks: Array<Buffer> = []
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
    })
    child.stdout.on("data", (chunk: Buffer) => chunks.push(chunk))
    child.stderr.on("data", (chunk: Buffer) => chunks.push(chunk))
    child.on("error", (error) =>
      resolve({ code: -1, output: `${Buffer.concat(chunks).toString()}${String(error)}` }),
    )
    child.on("close", (code, signal) =>
      resolve({ code: code ?? (signal === null ? -1 : 128), output: Buffer.concat(chunks).toString() }),
    )
  })
