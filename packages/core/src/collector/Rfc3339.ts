// Timestamps as the collector's outputs carry them: RFC 3339, UTC, truncated to the second
// (`2020-07-17T23:38:21Z`). Pure arithmetic on the given epoch-ms value (no Date object: this
// runs once or twice per resolved group, on the hot path).

const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`)

const pad4 = (n: number): string => (n < 0 || n > 9999 ? `${n}` : `${n}`.padStart(4, "0"))

/** Formats epoch milliseconds as `YYYY-MM-DDTHH:MM:SSZ` (UTC, second precision, truncated). */
export const rfc3339Seconds = (epochMs: number): string => {
  const seconds = Math.floor(epochMs / 1000)
  const days = Math.floor(seconds / 86_400)
  const secondOfDay = seconds - days * 86_400
  // Civil date from days since 1970-01-01 (H. Hinnant's days_from_civil, inverted).
  const z = days + 719_468
  const era = Math.floor(z / 146_097)
  const dayOfEra = z - era * 146_097
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  )
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100))
  const mp = Math.floor((5 * dayOfYear + 2) / 153)
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1
  const month = mp < 10 ? mp + 3 : mp - 9
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
  const hour = Math.floor(secondOfDay / 3600)
  const minute = Math.floor((secondOfDay % 3600) / 60)
  return `${pad4(year)}-${pad2(month)}-${pad2(day)}T${pad2(hour)}:${pad2(minute)}:${pad2(secondOfDay % 60)}Z`
}
