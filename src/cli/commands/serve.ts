import { spawn } from 'node:child_process'
import { startHttpServer } from '../../server/http-server.ts'
import type { Command } from '../command.ts'

const loopback = new Set(['127.0.0.1', 'localhost', '::1', '[::1]'])

const serve: Command = {
  path: ['serve'],
  usage: 'serve [--port N] [--host 127.0.0.1] [--open]',
  summary: 'Serve the Voces interface to a browser on this machine (127.0.0.1 only).',
  options: { port: { type: 'string' }, host: { type: 'string' }, open: { type: 'boolean' } },
  async run({ values, io, open, location }) {
    // Loopback only (decision 0094); on a shared archive too, until accounts exist (decision
    // 0148): refused before the archive is opened, so nothing is reached for a wrong host.
    const host = typeof values.host === 'string' ? values.host : '127.0.0.1'
    if (!loopback.has(host.toLowerCase())) {
      io.stderr.write(
        location.kind === 'postgres'
          ? `Voces will not serve the shared archive on ${host}: until accounts exist it serves this computer only (127.0.0.1). Reach it from elsewhere through an SSH tunnel (ssh -L PORT:127.0.0.1:PORT).\n`
          : `Voces will not serve on ${host}: it serves this computer only (127.0.0.1).\n`,
      )
      return 2
    }
    const voces = await open()
    const port = values.port === undefined ? 0 : Number(values.port)
    const server = await startHttpServer({ voces, port })
    // The first line is the address to open (with its one-time token); tests read it.
    io.stdout.write(`Voces is running at ${server.url}\n`)
    // Without a display (a server, CI) a Linux opener falls back to text browsers that would
    // wait on a terminal nobody sees: say what to do instead (decision 0071).
    const headless =
      process.platform !== 'darwin' &&
      process.platform !== 'win32' &&
      !process.env.DISPLAY &&
      !process.env.WAYLAND_DISPLAY
    if (values.open && headless)
      io.stderr.write('No display to open a browser on: open the address above in one.\n')
    else if (values.open) {
      const opener =
        process.platform === 'darwin'
          ? 'open'
          : process.platform === 'win32'
            ? 'explorer'
            : 'xdg-open'
      spawn(opener, [server.url], { stdio: 'ignore', detached: true })
        .on('error', () => undefined)
        .unref()
    }
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve)
      process.once('SIGTERM', resolve)
    })
    await server.close()
    return 0
  },
}

export const serveCommands: Command[] = [serve]
