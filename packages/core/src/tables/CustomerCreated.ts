// The `customer_created` table of the enrichment app: the customers table WHERE action = 'created',
// written with ksqlDB's columns. A customer that is edited or deleted leaves it with a tombstone.

import type { CustomerCreatedValue } from "./EnrichmentCodecs.ts"
import { makeFilteredTable } from "./FilteredTable.ts"
import type { TableChange } from "./TableChange.ts"
import { column, stringColumn, type TableRow } from "./TableRow.ts"

/** True while the customer's latest action is `created`. */
export const isCustomerCreated = (row: TableRow): boolean => column(row, "action") === "created"

/** The customer_created filter over the customers table's changelog. */
export const makeCustomerCreated = () => makeFilteredTable(isCustomerCreated)

/** The CUSTOMER_CREATED value of a row; its ID is the record key, not a value column. */
export const customerCreated = (row: TableRow): CustomerCreatedValue => ({
  NAME: stringColumn(row, "name"),
  LAST_NAME: stringColumn(row, "last_name"),
  EMAIL: stringColumn(row, "email"),
  ACTION: stringColumn(row, "action"),
})

/** A record for the CUSTOMER_CREATED topic: key = customer id text, value null = tombstone. */
export interface CustomerCreatedRecord {
  readonly key: string
  readonly value: CustomerCreatedValue | null
}

/** The topic record for one change of the customer_created table. */
export const customerCreatedRecord = (change: TableChange<TableRow>): CustomerCreatedRecord => ({
  key: change.key,
  value: change._tag === "Row" ? customerCreated(change.row) : null,
})
