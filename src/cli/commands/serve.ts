import { spawn } from 'node:child_process'
import { startHttpServer } from '../../server/http-server.ts'
import type { Command } from '../command.ts'

const serve: Command = {
  path: ['serve'],
  usage: 'serve [--port N] [--open] [--host 0.0.0.0] [--tls-cert FILE --tls-key FILE]',
  summary:
    'Serve the Voces interface to a browser: on this machine (127.0.0.1), or with accounts to a network (--host).',
  options: {
    port: { type: 'string' },
    open: { type: 'boolean' },
    host: { type: 'string' },
    'tls-cert': { type: 'string' },
    'tls-key': { type: 'string' },
  },
  async run({ values, io, open }) {
    const cert = values['tls-cert']
    const key = values['tls-key']
    if ((typeof cert === 'string') !== (typeof key === 'string')) {
      io.stderr.write('Give both --tls-cert FILE and --tls-key FILE, or neither.\n')
      return 2
    }
    const voces = await open()
    const port = values.port === undefined ? 0 : Number(values.port)
    const server = await startHttpServer({
      voces,
      port,
      host: typeof values.host === 'string' ? values.host : undefined,
      tls: typeof cert === 'string' && typeof key === 'string' ? { cert, key } : undefined,
    })
    // The first line is the address to open (with its one-time token); tests read it.
    io.stdout.write(`Voces is running at ${server.url}\n`)
    if (server.accounts)
      io.stdout.write('People sign in there with their email and password (voces users list).\n')
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
