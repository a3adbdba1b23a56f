// The `queueing` app of the streamfold process: the semaphore topology with its outcome store, and
// its HTTP routes.
import type { StreamfoldApp } from "../StreamfoldApp.ts"
import { queueingRoutes } from "./QueueingRoutes.ts"
import { type QueueingTopologyOptions, queueingTopology } from "./QueueingTopology.ts"

/** The queueing app; `newId` replaces crypto.randomUUID (tests). */
export const queueingApp = (
  options: QueueingTopologyOptions & { readonly newId?: () => string } = {},
): StreamfoldApp => {
  const partitions = options.partitions ?? 12
  return {
    name: "queueing",
    topology: queueingTopology({ ...options, partitions }),
    routes: queueingRoutes({ partitions, ...(options.newId === undefined ? {} : { newId: options.newId }) }),
  }
}
