// Consumer-group assignment for the memory log: round-robin over members sorted by id, with
// explicit moves layered on top (the reassignment fault), recomputed on every join and leave.

/** Who owns each partition: partition → memberId, for `partitions` partitions. */
export const assignPartitions = (
  partitions: number,
  memberIds: ReadonlyArray<string>,
  moves: ReadonlyMap<number, string>,
): ReadonlyMap<number, string> => {
  const sorted = [...memberIds].sort()
  const owners = new Map<number, string>()
  if (sorted.length === 0) return owners
  for (let p = 0; p < partitions; p++) {
    const moved = moves.get(p)
    owners.set(p, moved !== undefined && sorted.includes(moved) ? moved : sorted[p % sorted.length]!)
  }
  return owners
}
