// Lets `toEqual` compare answer logs by what they hold (answers and their times, oldest first):
// versions share a backing, so two equal logs may differ in backing and window. Import for effect.
import { expect } from "vitest"
import { AnswerLog, answeredAtOf, answersOf } from "../../src/reservation/index.ts"

expect.addEqualityTesters([
  function answerLogsEqual(a: unknown, b: unknown) {
    const isLogA = a instanceof AnswerLog
    const isLogB = b instanceof AnswerLog
    if (!isLogA && !isLogB) return undefined
    if (!isLogA || !isLogB) return false
    return this.equals(answersOf(a), answersOf(b)) && this.equals(answeredAtOf(a), answeredAtOf(b))
  },
])
