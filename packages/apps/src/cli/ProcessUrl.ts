// Where the CLI's client commands (produce, tail) find the running process: `--url`, else
// http://localhost:$PORT (8080 by default).
import { Option } from "effect"
import { Flag } from "effect/cli"

/** The `--url` flag of client commands. */
export const urlFlag = Flag.optional(
  Flag.withDescription(
    Flag.String("url"),
    "the running streamfold process (default http://localhost:$PORT or :8080)",
  ),
)

/** The process URL from the flag or the environment. */
export const processUrl = (flag: Option.Option<string>): string =>
  Option.getOrElse(flag, () => `http://localhost:${process.env.PORT ?? "8080"}`).replace(/\/+$/, "")
