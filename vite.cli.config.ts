// The command line as one ES module, out/cli/voces.mjs, so `bin/voces` starts in a tenth of a
// second instead of stripping the types of ~200 modules at each start (decision 0070).
// better-sqlite3 stays external, imported by its path from the bundle: its native addon loads from
// node_modules, the one the sources use, wherever the bundle is written. Beside the bundle,
// voces.sources.json lists every file it was made from with its size and modification time;
// bin/voces runs the bundle only while all of them are unchanged, else the sources.
import { statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { defineConfig, type Plugin } from 'vite'

const root = import.meta.dirname
const external = ['better-sqlite3']
const externalEntry = (id: string) => createRequire(import.meta.url).resolve(id)
/** Where the bundle goes; `--outDir` changes it. */
let outDir = path.join(root, 'out', 'cli')
/** A path as the bundle writes it: relative to its folder, with forward slashes. */
const fromBundle = (file: string) => {
  const relative = path.relative(outDir, file).split(path.sep).join('/')
  return relative.startsWith('.') ? relative : `./${relative}`
}

/** The list of the files the bundle is made from, and `import.meta.url` kept per source file. */
function sourceList(): Plugin {
  const sources = new Map<string, { mtimeMs: number; size: number }>()
  return {
    name: 'voces-cli-source-list',
    enforce: 'pre',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir)
    },
    buildStart() {
      sources.clear()
      for (const id of external) {
        for (const file of [externalEntry(id), externalEntry(`${id}/package.json`)]) {
          const { mtimeMs, size } = statSync(file)
          sources.set(file, { mtimeMs, size })
        }
      }
    },
    // Stat each file before it is read: an edit made during the build then shows as a change.
    load(id) {
      if (!id.startsWith('\0') && path.isAbsolute(id)) {
        const { mtimeMs, size } = statSync(id)
        sources.set(id, { mtimeMs, size })
      }
      return null
    },
    // A module's `import.meta.url` stays its source file's address, relative to wherever the bundle
    // is: `new URL('../../package.json', import.meta.url)` and the like find what they found.
    transform(code, id) {
      if (!code.includes('import.meta.url') || !path.isAbsolute(id)) return null
      return code.replaceAll(
        'import.meta.url',
        `new URL(${JSON.stringify(fromBundle(id))}, import.meta.url).href`,
      )
    },
    writeBundle() {
      const list = [...sources].map(([id, { mtimeMs, size }]) => [fromBundle(id), mtimeMs, size])
      writeFileSync(
        path.join(outDir, 'voces.sources.json'),
        JSON.stringify({ bundle: 'voces.mjs', sources: list }) + '\n',
      )
    },
  }
}

export default defineConfig({
  root,
  // Nothing from the renderer's public folder or index.html: this is a Node program.
  publicDir: false,
  logLevel: 'warn',
  build: {
    ssr: path.join(root, 'src/cli/main.ts'),
    outDir: path.join(root, 'out', 'cli'),
    emptyOutDir: true,
    target: 'node24',
    minify: false,
    reportCompressedSize: false,
    rollupOptions: {
      output: {
        entryFileNames: 'voces.mjs',
        codeSplitting: false,
        paths: (id) => (external.includes(id) ? fromBundle(externalEntry(id)) : id),
      },
    },
  },
  // Everything in one file but the native addon.
  ssr: { noExternal: true, external, target: 'node' },
  plugins: [sourceList()],
})
