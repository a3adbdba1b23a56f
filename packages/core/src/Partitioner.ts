// Key → partition exactly as Kafka's Java default partitioner: murmur2 of the key bytes,
// made positive, modulo the partition count. Every mode uses it, so a key lands on the same
// partition (and task) in memory, LMDB and Kafka.
import { utf8Bytes } from "./Utf8.ts"

const seed = 0x9747b28c
const m = 0x5bd1e995

/** Kafka's `Utils.murmur2`: a signed 32-bit hash of the bytes. */
export const murmur2 = (data: Uint8Array): number => {
  const length = data.length
  let h = (seed ^ length) | 0
  const whole = length & ~3
  for (let i = 0; i < whole; i += 4) {
    let k =
      (data[i]! & 0xff) |
      ((data[i + 1]! & 0xff) << 8) |
      ((data[i + 2]! & 0xff) << 16) |
      ((data[i + 3]! & 0xff) << 24)
    k = Math.imul(k, m)
    k ^= k >>> 24
    k = Math.imul(k, m)
    h = Math.imul(h, m) ^ k
  }
  // Java folds the 1–3 trailing bytes with a falling-through switch; the same, as ifs.
  const tail = length & 3
  if (tail >= 3) h ^= (data[whole + 2]! & 0xff) << 16
  if (tail >= 2) h ^= (data[whole + 1]! & 0xff) << 8
  if (tail >= 1) {
    h ^= data[whole]! & 0xff
    h = Math.imul(h, m)
  }
  h ^= h >>> 13
  h = Math.imul(h, m)
  h ^= h >>> 15
  return h | 0
}

/** Kafka's `Utils.toPositive`: clears the sign bit (not `Math.abs`, which overflows on MIN_VALUE). */
export const toPositive = (n: number): number => n & 0x7fffffff

/** The partition Kafka's default partitioner picks for these key bytes. */
export const partitionForBytes = (key: Uint8Array, partitions: number): number => {
  if (!Number.isSafeInteger(partitions) || partitions < 1)
    throw new RangeError(`partitions must be ≥ 1, got ${partitions}`)
  return toPositive(murmur2(key)) % partitions
}

/** The partition of a string key (UTF-8 bytes), as the Java client with StringSerializer. */
export const partitionForKey = (key: string, partitions: number): number =>
  partitionForBytes(utf8Bytes(key), partitions)
