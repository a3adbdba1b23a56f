// Picks the e-mail template for a record: the most specific alias that exists, in the order
// `<tenant>-<organization_id>-<base>`, `<tenant>-<base>`, `<base>`. The seed sorted the matches
// alphabetically and took the last, which is not "most specific".
import { argText, notificationArgs, tenantOf } from "./NotificationPayload.ts"

/** The aliases to try for a payload, most specific first. */
export const templateCandidates = (base: string, payload: unknown): ReadonlyArray<string> => {
  const args = notificationArgs(payload)
  const tenant = tenantOf(args)
  const organization = argText(args, "organization_id")
  return organization === null
    ? [`${tenant}-${base}`, base]
    : [`${tenant}-${organization}-${base}`, `${tenant}-${base}`, base]
}

/** The most specific alias of `base` among `available`, or undefined when none exists. */
export const chooseTemplate = (
  available: ReadonlyArray<string>,
  base: string,
  payload: unknown,
): string | undefined => {
  const existing = new Set(available)
  return templateCandidates(base, payload).find((alias) => existing.has(alias))
}
