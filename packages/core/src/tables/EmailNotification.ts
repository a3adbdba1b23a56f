// Turns an enriched record (ORDERS_CREATED, CUSTOMER_CREATED) into the e-mail notification the
// notifier delivers, or says why it cannot. One notification per record, identified by topic,
// partition and offset (the seed used topic and offset, so partitions collided).

import { argText, notificationArgs, tenantOf } from "./NotificationPayload.ts"
import { chooseTemplate, templateCandidates } from "./NotificationTemplate.ts"
import { type ColumnRecord, field } from "./TableRow.ts"

/** Where a record was read. */
export interface RecordPosition {
  readonly topic: string
  readonly partition: number
  readonly offset: number
}

/** A notification's delivery state (the seed's three). */
export type NotificationStatus = "created" | "sent" | "failed_to_send"

/** An e-mail to send, as registered before sending. */
export interface EmailNotification {
  readonly _tag: "EmailNotification"
  readonly id: string
  readonly tenant: string
  readonly organization_id: string | null
  readonly email: string
  readonly template: string
  readonly topic: string
  readonly partition: number
  readonly offset: number
  readonly status: NotificationStatus
  readonly args: ColumnRecord
}

/** A record that cannot become a notification, and why. */
export interface InvalidNotification {
  readonly _tag: "InvalidNotification"
  readonly id: string
  readonly topic: string
  readonly partition: number
  readonly offset: number
  readonly reason: string
}

/** The templates a topic's notifications choose from. */
export interface NotificationTemplates {
  /** The aliases that exist (e.g. the template provider's list). */
  readonly available: ReadonlyArray<string>
  /** The topic's base alias (the seed: `test-email1`, `test-email-orders`). */
  readonly base: string
}

/** The seed's base alias for CUSTOMER_CREATED. */
export const customerCreatedTemplate = "test-email1"
/** The seed's base alias for ORDERS_CREATED. */
export const ordersCreatedTemplate = "test-email-orders"

/** The dedup key of a record's notification: `<topic>/<partition>/<offset>` (topic names have no `/`). */
export const notificationId = (meta: RecordPosition): string =>
  `${meta.topic}/${meta.partition}/${meta.offset}`

/** The notification for a record, or why there is none (tombstone, no email, no template). */
export const notificationFor = (
  meta: RecordPosition,
  payload: unknown,
  templates: NotificationTemplates,
): EmailNotification | InvalidNotification => {
  const where = {
    id: notificationId(meta),
    topic: meta.topic,
    partition: meta.partition,
    offset: meta.offset,
  }
  const invalid = (reason: string): InvalidNotification => ({ _tag: "InvalidNotification", ...where, reason })
  const args = notificationArgs(payload)
  if (args === undefined)
    return invalid(payload === null ? "tombstone: no payload" : "payload is not a JSON object")
  const email = field(args, "email")
  if (typeof email !== "string" || email.trim() === "") return invalid("missing email")
  const template = chooseTemplate(templates.available, templates.base, args)
  if (template === undefined) {
    return invalid(`no template: none of ${templateCandidates(templates.base, args).join(", ")} exists`)
  }
  return {
    _tag: "EmailNotification",
    id: where.id,
    tenant: tenantOf(args),
    organization_id: argText(args, "organization_id"),
    email,
    template,
    topic: meta.topic,
    partition: meta.partition,
    offset: meta.offset,
    status: "created",
    args,
  }
}
