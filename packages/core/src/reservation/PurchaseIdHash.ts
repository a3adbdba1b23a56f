// A small hash of a purchase id, kept beside each remembered answer so the idempotence check scans
// a packed array of integers instead of chasing one pointer chain per answer through the heap.

/** 30-bit FNV-1a of the id's UTF-16 code units (30 bits keep V8's small-integer arrays packed). */
export const purchaseIdHash = (purchaseId: string): number => {
  let hash = 0x811c9dc5
  for (let i = 0; i < purchaseId.length; i++) hash = Math.imul(hash ^ purchaseId.charCodeAt(i), 0x01000193)
  return hash & 0x3fffffff
}
