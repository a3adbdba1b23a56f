// Notifications: the most specific existing template, case-insensitive payload keys, the
// EmailNotification record, the reasons a record cannot notify, and the (topic, partition, offset) id.
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { notificationFor, notificationId, ordersCreatedTemplate } from "../../src/tables/EmailNotification.ts"
import { notificationArgs } from "../../src/tables/NotificationPayload.ts"
import { chooseTemplate } from "../../src/tables/NotificationTemplate.ts"

const base = "test-email-orders"
const all = [
  "test-email-orders",
  "default-test-email-orders",
  "default-13-test-email-orders",
  "acme-test-email-orders",
]

describe("chooseTemplate", () => {
  it("prefers tenant-organisation over tenant over base, reading ksqlDB's upper-case keys", () => {
    expect(chooseTemplate(all, base, { ORGANIZATION_ID: 13 })).toBe("default-13-test-email-orders")
    expect(chooseTemplate(all, base, { ORGANIZATION_ID: 14 })).toBe("default-test-email-orders")
    expect(chooseTemplate(all, base, { TENANT: "acme", organization_id: 13 })).toBe("acme-test-email-orders")
    expect(chooseTemplate(["test-email-orders"], base, { Tenant: "acme" })).toBe("test-email-orders")
    expect(chooseTemplate(["other"], base, {})).toBeUndefined()
  })

  it("does not let alphabetical order decide (the seed took the last alias sorted)", () => {
    // "test-email1" sorts after "default-test-email1": the seed picked the base alias.
    expect(chooseTemplate(["test-email1", "default-test-email1"], "test-email1", {})).toBe(
      "default-test-email1",
    )
  })

  it("picks the most specific existing alias whatever the list's order", () => {
    fc.assert(
      fc.property(fc.subarray(all), fc.constantFrom(13, 14), (available, organization) => {
        const shuffled = [...available].reverse()
        const chosen = chooseTemplate(shuffled, base, { ORGANIZATION_ID: organization })
        const ranked = [`default-${organization}-${base}`, `default-${base}`, base]
        expect(chosen).toBe(ranked.find((alias) => available.includes(alias)))
      }),
    )
  })
})

describe("notificationFor", () => {
  const meta = { topic: "ORDERS_CREATED", partition: 2, offset: 41 }
  const templates = { available: all, base: ordersCreatedTemplate }
  const payload = {
    ID: 7,
    PO: "po002",
    ORGANIZATION_ID: 13,
    ORGANIZATION_NAME: "SuperCompany Tech",
    CUSTOMER_NAME: "John",
    CUSTOMER_LAST_NAME: "Do",
    EMAIL: "jdo@gmail.com",
  }

  it("builds the EmailNotification record with lower-cased args", () => {
    expect(notificationFor(meta, payload, templates)).toEqual({
      _tag: "EmailNotification",
      id: "ORDERS_CREATED/2/41",
      tenant: "default",
      organization_id: "13",
      email: "jdo@gmail.com",
      template: "default-13-test-email-orders",
      topic: "ORDERS_CREATED",
      partition: 2,
      offset: 41,
      status: "created",
      args: {
        id: 7,
        po: "po002",
        organization_id: 13,
        organization_name: "SuperCompany Tech",
        customer_name: "John",
        customer_last_name: "Do",
        email: "jdo@gmail.com",
      },
    })
  })

  it("says why a record cannot notify: tombstone, not an object, no email, no template", () => {
    const reason = (p: unknown, available = all) => {
      const result = notificationFor(meta, p, { available, base })
      return result._tag === "InvalidNotification" ? result.reason : result._tag
    }
    expect(reason(null)).toBe("tombstone: no payload")
    expect(reason([1])).toBe("payload is not a JSON object")
    expect(reason({ ...payload, EMAIL: null })).toBe("missing email")
    expect(reason({ ...payload, EMAIL: "  " })).toBe("missing email")
    expect(reason(payload, ["x"])).toBe(
      "no template: none of default-13-test-email-orders, default-test-email-orders, test-email-orders exists",
    )
  })

  it("keeps prototype-looking keys as data", () => {
    const args = notificationArgs(JSON.parse('{"__proto__":{"x":1},"Constructor":"c","EMAIL":"a@b.c"}'))!
    expect(Object.getPrototypeOf(args)).toBeNull()
    expect(Object.keys(args)).toEqual(["__proto__", "constructor", "email"])
    const result = notificationFor(meta, JSON.parse('{"__proto__":{"email":"x@y.z"}}'), {
      available: all,
      base,
    })
    expect(result).toMatchObject({ _tag: "InvalidNotification", reason: "missing email" })
  })

  it("identifies a notification by topic, partition and offset (the seed collided across partitions)", () => {
    expect(notificationId({ topic: "t", partition: 0, offset: 5 })).not.toBe(
      notificationId({ topic: "t", partition: 1, offset: 5 }),
    )
    fc.assert(
      fc.property(
        fc.tuple(fc.stringMatching(/^[a-zA-Z0-9._-]{1,8}$/), fc.nat(5), fc.nat(1000)),
        fc.tuple(fc.stringMatching(/^[a-zA-Z0-9._-]{1,8}$/), fc.nat(5), fc.nat(1000)),
        ([t1, p1, o1], [t2, p2, o2]) => {
          const same = t1 === t2 && p1 === p2 && o1 === o2
          const a = notificationId({ topic: t1, partition: p1, offset: o1 })
          const b = notificationId({ topic: t2, partition: p2, offset: o2 })
          expect(a === b).toBe(same)
        },
      ),
    )
  })
})
