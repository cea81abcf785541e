import net from 'node:net'

/**
 * A TCP relay to a real server that counts what comes back (`received`) and can cut the network
 * once: after `cutAfter(bytes)`, the moment that many more bytes have gone towards the server,
 * every open connection is destroyed (as a dropped link does); connections made after the cut
 * go through again.
 */
export async function cuttingProxy(target: { host: string; port: number }): Promise<{
  endpoint: string
  /** Bytes the server has sent back through the relay so far. */
  received(): number
  cutAfter(bytes: number): Promise<void>
  close(): Promise<void>
}> {
  const open = new Set<net.Socket>()
  let budget = Infinity
  let received = 0
  let onCut: (() => void) | null = null
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host)
    open.add(client).add(upstream)
    const drop = () => {
      open.delete(client)
      open.delete(upstream)
      client.destroy()
      upstream.destroy()
    }
    client.on('error', drop).on('close', drop)
    upstream.on('error', drop).on('close', drop)
    upstream.on('data', (chunk: Buffer) => {
      received += chunk.length
    })
    upstream.pipe(client)
    client.on('data', (chunk: Buffer) => {
      budget -= chunk.length
      if (budget <= 0) {
        budget = Infinity
        for (const socket of [...open]) socket.destroy()
        onCut?.()
        return
      }
      upstream.write(chunk)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  return {
    endpoint: `http://127.0.0.1:${port}`,
    received: () => received,
    cutAfter: (bytes) =>
      new Promise<void>((resolve) => {
        budget = bytes
        onCut = resolve
      }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy()
        server.close(() => resolve())
      }),
  }
}
