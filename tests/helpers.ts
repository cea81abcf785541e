import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Writable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import type { Database } from 'better-sqlite3'
import { SqliteStorage } from '../src/core/storage/sqlite/storage.ts'

/** ../shared beside the checkout: real recordings and whisper.cpp's test models. */
export const sharedDir = fileURLToPath(new URL('../../shared', import.meta.url))
export const mediaDir = path.join(sharedDir, 'media')
export const modelsDir = path.join(sharedDir, 'models')
export const repoRoot = fileURLToPath(new URL('..', import.meta.url))
/**
 * The renderer build the end-to-end tests serve: `out/renderer`, or `$VOCES_OUT_DIR/renderer` for
 * a build made with `npx electron-vite build --outDir DIR` (developers working side by side).
 */
export const rendererDir = path.join(
  process.env.VOCES_OUT_DIR ?? path.join(repoRoot, 'out'),
  'renderer',
)

/** A fresh temp folder, removed by the returned function. */
export function tempDir(prefix = 'voces-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix))
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

/** Streams for the CLI's `io`, keeping what it writes: `const c = captureIo(); runCli(args, c.io)`. */
export function captureIo() {
  let out = ''
  let err = ''
  const stdout = new Writable({ write: (chunk, _enc, done) => ((out += String(chunk)), done()) })
  const stderr = new Writable({ write: (chunk, _enc, done) => ((err += String(chunk)), done()) })
  return { io: { stdout, stderr }, out: () => out, err: () => err }
}

/** The SQLite connection behind a library's storage, for tests that look at the rows themselves. */
export function databaseOf(voces: { storage: unknown }): Database {
  if (!(voces.storage instanceof SqliteStorage)) throw new Error('not the SQLite backend')
  return voces.storage.statements.db
}

/** Seconds a media file lasts, by ffprobe. */
export const probeSeconds = (file: string): number =>
  Number(
    execFileSync('ffprobe', [
      '-v',
      'error',
      '-show_entries',
      'format=duration',
      '-of',
      'csv=p=0',
      file,
    ])
      .toString()
      .trim(),
  )
