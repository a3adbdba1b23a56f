// One seed for every property in a run, printed so any failure can be replayed with FC_SEED=<seed>.
import fc from "fast-check"

const seed =
  process.env.FC_SEED !== undefined ? Number(process.env.FC_SEED) : (Date.now() ^ (process.pid << 8)) >>> 0
const numRuns = process.env.FC_RUNS !== undefined ? Number(process.env.FC_RUNS) : process.env.CI ? 1000 : 200

fc.configureGlobal({ seed, numRuns })
console.log(`fast-check: seed=${seed} numRuns=${numRuns} (replay with FC_SEED=${seed})`)
