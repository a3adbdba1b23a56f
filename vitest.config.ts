import { defineConfig } from "vitest/config"

const shared = {
  setupFiles: ["./test/setup/fastCheck.ts"],
  testTimeout: 120_000,
  hookTimeout: 300_000,
  pool: "forks" as const,
}

// Two projects: everything, and the suites against a real Kafka broker, which a global setup starts
// (or finds through KAFKA_BROKERS). A missing broker fails those suites; they never skip.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          ...shared,
          name: "unit",
          include: ["packages/*/test/**/*.test.ts", "test/**/*.test.ts"],
          exclude: ["test/kafka/**", "**/node_modules/**"],
        },
      },
      {
        test: {
          ...shared,
          name: "kafka",
          include: ["test/kafka/**/*.test.ts"],
          globalSetup: ["./test/kafka/setup/globalSetup.ts"],
        },
      },
    ],
  },
})
