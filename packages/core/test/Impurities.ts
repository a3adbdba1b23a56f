// Finds imports and globals that would make a core module impure. Text-based on purpose: fast and
// strict, and the compiler (no Node or DOM types in the core) catches what a regex could miss.
const allowedImport = /^(\.{1,2}\/|fp-ts(\/|$)|io-ts(\/|$))/

const forbiddenGlobals: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bDate\.now\s*\(/, "Date.now()"],
  [/\bnew\s+Date\s*\(\s*\)/, "new Date() without an argument"],
  [/\bMath\.random\s*\(/, "Math.random()"],
  [/\b(setTimeout|setInterval|setImmediate|queueMicrotask)\s*\(/, "timer"],
  [/\bprocess\s*\./, "process"],
  [/\bcrypto\s*\./, "crypto"],
  [/\bperformance\s*\./, "performance"],
]

/** Lists the impure imports and globals in one module's source text. */
export const impurities = (source: string): Array<string> => {
  const found: Array<string> = []
  const code = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "")
  for (const match of code.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)["']([^"']+)["']/g)) {
    const specifier = match[1] ?? ""
    if (!allowedImport.test(specifier)) found.push(`imports "${specifier}"`)
  }
  for (const [pattern, name] of forbiddenGlobals) if (pattern.test(code)) found.push(`uses ${name}`)
  return found
}
