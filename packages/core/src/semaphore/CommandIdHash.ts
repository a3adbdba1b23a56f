// A small hash of a command id. Each resource keeps the hashes of the ids it knows in one packed
// integer array, so telling a new command from a duplicate rarely has to touch a stored string.

/**
 * 30-bit FNV-1a of the id's length and of its first and last 8 UTF-16 code units (all of them when
 * short). Only a prefilter before exact comparison, so speed beats spread; 30 bits keep V8's
 * small-integer arrays packed.
 */
export const commandIdHash = (commandId: string): number => {
  const length = commandId.length
  let hash = Math.imul(0x811c9dc5 ^ length, 0x01000193)
  const head = length <= 16 ? length : 8
  for (let i = 0; i < head; i++) hash = Math.imul(hash ^ commandId.charCodeAt(i), 0x01000193)
  for (let i = Math.max(head, length - 8); i < length; i++) {
    hash = Math.imul(hash ^ commandId.charCodeAt(i), 0x01000193)
  }
  return hash & 0x3fffffff
}
