// Timestamps as the collector's outputs carry them: RFC 3339, UTC, truncated to the second
// (`2020-07-17T23:38:21Z`). Pure: formats a given epoch-ms value, never reads the clock.

/** Formats epoch milliseconds as `YYYY-MM-DDTHH:MM:SSZ` (UTC, second precision, truncated). */
export const rfc3339Seconds = (epochMs: number): string => {
  const iso = new Date(Math.floor(epochMs / 1000) * 1000).toISOString()
  return `${iso.slice(0, -5)}Z`
}
