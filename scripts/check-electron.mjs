// `npm start` runs this first. Electron is an optional dependency (decision 0071): where its
// program cannot be downloaded, `npm install` goes on without it, and the app is used from the
// browser build instead. Say so plainly rather than let electron-vite fail with a stack trace.
// Plain JavaScript, so that it runs on whatever Node the person has.
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import process from 'node:process'

const require = createRequire(import.meta.url)

const downloadAgain = 'node node_modules/electron/install.js'

/** What is missing and how to get it, or undefined when Electron's program is there. */
function missing() {
  try {
    require.resolve('electron/package.json')
  } catch {
    return {
      reason: 'Electron is not installed (npm could not download it, and went on without it).',
      fix: 'npm install',
    }
  }
  try {
    const program = require('electron')
    if (existsSync(program)) return undefined
    return { reason: `Electron's program is missing (${program}).`, fix: downloadAgain }
  } catch {
    return {
      reason:
        "Electron's program was not downloaded (ELECTRON_SKIP_BINARY_DOWNLOAD, or no network).",
      fix: downloadAgain,
    }
  }
}

const problem = missing()
if (problem) {
  const { reason, fix } = problem
  process.stderr.write(
    [
      `The desktop app (npm start, npm run dev) needs Electron. ${reason}`,
      '',
      'Use the browser build instead, which serves the same interface on 127.0.0.1:',
      '',
      '    npm run web',
      '',
      `For the desktop app, run \`${fix}\` where Electron can be downloaded.`,
      '',
    ].join('\n'),
  )
  process.exit(1)
}
