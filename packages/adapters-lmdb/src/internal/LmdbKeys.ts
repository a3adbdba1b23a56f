// Binary LMDB keys for state and timers: `store \0 partition(u32 BE) [dueAt] key-UTF-8`, compared
// by memcmp, so a partition's keys sort by their UTF-8 bytes. ordered-binary array keys are not
// used for user keys: it writes strings of 64+ chars unescaped, so a NUL inside splits the key.
import { Buffer } from "node:buffer"

/** LMDB's default maximum key size in bytes (lmdb-js is built with 1978). */
export const maxKeyBytes = 1978

/** A rejected input (bad name, oversized key, invalid value): retrying cannot help. */
export class LmdbRejected extends Error {
  override readonly name = "LmdbRejected"
}

/** Keys are UTF-8; lone surrogates become U+FFFD, as in the partitioner and Kafka's serializer. */
const utf8 = (text: string): Buffer => Buffer.from(text, "utf8")

/** `store \0 partition`: the prefix of one store partition's keys. */
export const storePrefix = (store: string, partition: number): Buffer => {
  if (store.length === 0 || store.includes("\u0000"))
    throw new LmdbRejected(`invalid store name ${JSON.stringify(store)}`)
  if (!Number.isInteger(partition) || partition < 0 || partition > 0xffffffff)
    throw new LmdbRejected(`invalid partition ${partition}`)
  const name = utf8(store)
  const prefix = Buffer.alloc(name.length + 5)
  name.copy(prefix, 0)
  prefix.writeUInt32BE(partition, name.length + 1)
  return prefix
}

/** The exclusive upper bound of every key under `prefix` (UTF-8 never contains 0xFF). */
export const prefixEnd = (prefix: Buffer): Buffer => Buffer.concat([prefix, Buffer.from([0xff])])

const checked = (key: Buffer): Buffer => {
  if (key.length > maxKeyBytes) throw new LmdbRejected(`key of ${key.length} bytes exceeds ${maxKeyBytes}`)
  return key
}

/** The state key (and timer key) of a store key. */
export const stateKey = (prefix: Buffer, key: string): Buffer => checked(Buffer.concat([prefix, utf8(key)]))

/** The smallest key greater than every key ≤ `key` (its immediate successor: key + U+0000). */
export const stateKeyAfter = (prefix: Buffer, key: string): Buffer =>
  Buffer.concat([prefix, utf8(key), Buffer.from([0])])

/** The store key back from a state key. */
export const decodeStateKey = (prefix: Buffer, raw: Uint8Array): string =>
  Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString("utf8", prefix.length)

/** 8 bytes that sort as the number does: IEEE-754 BE, sign bit flipped (all bits for negatives). */
const orderedDouble = (value: number): Buffer => {
  const bytes = Buffer.alloc(8)
  bytes.writeDoubleBE(value === 0 ? 0 : value, 0)
  if (bytes[0]! & 0x80) for (let i = 0; i < 8; i++) bytes[i] = ~bytes[i]! & 0xff
  else bytes[0] = bytes[0]! | 0x80
  return bytes
}

const readOrderedDouble = (raw: Buffer, at: number): number => {
  const bytes = Buffer.from(raw.subarray(at, at + 8))
  if (bytes[0]! & 0x80) bytes[0] = bytes[0]! & 0x7f
  else for (let i = 0; i < 8; i++) bytes[i] = ~bytes[i]! & 0xff
  return bytes.readDoubleBE(0)
}

/** The due-index key: `prefix dueAt key`, so a partition's timers scan earliest first. */
export const dueKey = (prefix: Buffer, dueAt: number, key: string): Buffer => {
  if (Number.isNaN(dueAt)) throw new LmdbRejected("timer dueAt is NaN")
  return checked(Buffer.concat([prefix, orderedDouble(dueAt), utf8(key)]))
}

/** `[dueAt, key]` back from a due-index key. */
export const decodeDueKey = (prefix: Buffer, raw: Uint8Array): readonly [number, string] => {
  const bytes = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength)
  return [readOrderedDouble(bytes, prefix.length), bytes.toString("utf8", prefix.length + 8)]
}
