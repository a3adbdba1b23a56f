// Free loopback ports for broker and controller listeners, found by binding port 0.
// All sockets are held open together so the ports are distinct, then released for Kafka to bind;
// a port taken in that short gap shows up as a bind failure, which the caller retries.
import { createServer, type Server } from "node:net"

const listenOnFreePort = (): Promise<Server> =>
  new Promise((resolve, reject) => {
    const server = createServer()
    server.once("error", reject)
    server.listen({ host: "127.0.0.1", port: 0, exclusive: true }, () => resolve(server))
  })

/** `count` distinct ports that were free on 127.0.0.1 a moment ago. */
export const freeLoopbackPorts = async (count: number): Promise<ReadonlyArray<number>> => {
  const servers: Array<Server> = []
  try {
    for (let i = 0; i < count; i++) servers.push(await listenOnFreePort())
    return servers.map((server) => {
      const address = server.address()
      if (address === null || typeof address === "string") throw new Error("a TCP server has a port")
      return address.port
    })
  } finally {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))))
  }
}
