// The memory adapter passes the port contracts.
import * as Memory from "@streamfold/adapters-memory"
import { partitionedLogContract } from "./PartitionedLogContract.ts"
import { stateStoreContract } from "./StateStoreContract.ts"

partitionedLogContract("memory", () => Memory.layer)
stateStoreContract("memory", () => Memory.layer)
