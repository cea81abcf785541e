import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

// Electron is an optional dependency (decision 0071): where its download failed, npm went on
// without it, and the browser build (`npm run web`) must still build. electron-vite takes the
// Electron version (for main's Node target) from the installed package, else from this variable.
try {
  createRequire(import.meta.url).resolve('electron/package.json')
} catch {
  const manifest = JSON.parse(
    readFileSync(resolve(import.meta.dirname, 'package.json'), 'utf8'),
  ) as {
    optionalDependencies: { electron: string }
  }
  process.env.ELECTRON_MAJOR_VER ??= /\d+/.exec(manifest.optionalDependencies.electron)?.[0]
}

// One config for the three bundles. Dependencies (better-sqlite3, zod) stay external to main,
// so the native addon loads from node_modules, rebuilt for Electron by `npm run package`.
export default defineConfig({
  main: {
    build: {
      rollupOptions: { input: { index: resolve(import.meta.dirname, 'src/main/index.ts') } },
    },
  },
  preload: {
    build: {
      // A sandboxed preload must be one CommonJS file with nothing left to require.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'src/renderer'),
    // Relative asset paths: the same build is served by the HTTP transport and loaded by Electron.
    base: './',
    build: {
      rollupOptions: { input: { index: resolve(import.meta.dirname, 'src/renderer/index.html') } },
    },
    plugins: [react()],
  },
})
