// Exact-size copy-on-write edits of small arrays held in immutable state. Spreading (`[...a, x]`)
// over-allocates and copies twice in V8; these allocate one array of the final length.

/** A copy of `items` with `item` added at the end. */
export const appended = <A>(items: ReadonlyArray<A>, item: A): Array<A> => {
  const result = new Array<A>(items.length + 1)
  for (let i = 0; i < items.length; i++) result[i] = items[i]!
  result[items.length] = item
  return result
}

/** A copy of `items` with `item` inserted before position `index`. */
export const inserted = <A>(items: ReadonlyArray<A>, index: number, item: A): Array<A> => {
  const result = new Array<A>(items.length + 1)
  for (let i = 0; i < index; i++) result[i] = items[i]!
  result[index] = item
  for (let i = index; i < items.length; i++) result[i + 1] = items[i]!
  return result
}

/** A copy of `items` without the element at `index`. */
export const removed = <A>(items: ReadonlyArray<A>, index: number): Array<A> => {
  const result = new Array<A>(items.length - 1)
  for (let i = 0; i < index; i++) result[i] = items[i]!
  for (let i = index + 1; i < items.length; i++) result[i - 1] = items[i]!
  return result
}

/** A copy of `items` with the element at `index` replaced by `item`. */
export const replaced = <A>(items: ReadonlyArray<A>, index: number, item: A): Array<A> => {
  const result = items.slice()
  result[index] = item
  return result
}

/** A copy of `items` without the element at `index` and with `item` added at the end. */
export const removedThenAppended = <A>(items: ReadonlyArray<A>, index: number, item: A): Array<A> => {
  const result = new Array<A>(items.length)
  for (let i = 0; i < index; i++) result[i] = items[i]!
  for (let i = index + 1; i < items.length; i++) result[i - 1] = items[i]!
  result[items.length - 1] = item
  return result
}
