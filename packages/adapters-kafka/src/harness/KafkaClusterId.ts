// Kafka cluster ids: 16 bytes written as unpadded base64url, the text form of Kafka's `Uuid`.
// Like `Uuid.randomUuid()`, random ids are version-4 UUIDs (so never the reserved all-zero or
// metadata-topic ids) and never start with '-', which a command line would read as an option.
import { randomBytes } from "node:crypto"

/** The text form Kafka gives 16 bytes (unpadded base64url, 22 characters). */
export const kafkaUuidText = (bytes: Uint8Array): string => {
  if (bytes.length !== 16) throw new RangeError(`a Kafka Uuid has 16 bytes, got ${bytes.length}`)
  return Buffer.from(bytes).toString("base64url")
}

/** A cluster id from 16 random bytes, or undefined when Kafka would draw again. */
export const kafkaClusterIdFrom = (random: Uint8Array): string | undefined => {
  if (random.length !== 16) throw new RangeError(`a Kafka Uuid has 16 bytes, got ${random.length}`)
  const bytes = Uint8Array.from(random)
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40 // version 4
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80 // IETF variant
  const text = kafkaUuidText(bytes)
  return text.startsWith("-") ? undefined : text
}

/** A fresh random cluster id, as `kafka-storage.sh random-uuid` prints. */
export const randomKafkaClusterId = (): string => {
  for (;;) {
    const id = kafkaClusterIdFrom(randomBytes(16))
    if (id !== undefined) return id
  }
}
