import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, shell } from 'electron'
import path from 'node:path'
import { dispatch } from '../core/api/index.ts'
import { resolveLibraryDir } from '../core/paths.ts'
import { Voces } from '../core/voces.ts'
import { registerIpc } from './ipc.ts'
import { mediaProtocolHandler, mediaScheme } from './media-protocol.ts'
import { menuTemplate } from './menu.ts'
import { isAllowedNavigation, secureWebPreferences } from './security.ts'

// The thin shell: a window, a menu, dialogs, IPC and the media protocol. Everything else is the
// core (src/core), which this file only opens and hands to the transports.

protocol.registerSchemesAsPrivileged([
  {
    scheme: mediaScheme,
    privileges: { standard: true, secure: true, stream: true, supportFetchAPI: true },
  },
])

let voces: Voces | undefined
let mainWindow: BrowserWindow | undefined

const rendererUrl = (): string =>
  process.env.ELECTRON_RENDERER_URL ??
  new URL(`file://${path.join(import.meta.dirname, '../renderer/index.html')}`).href

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    title: 'Voces',
    show: false,
    webPreferences: secureWebPreferences(path.join(import.meta.dirname, '../preload/index.cjs')),
  })
  window.once('ready-to-show', () => window.show())
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url)
    return { action: 'deny' }
  })
  window.webContents.on('will-navigate', (event, url) => {
    if (!isAllowedNavigation(url, rendererUrl())) event.preventDefault()
  })
  void window.loadURL(rendererUrl())
  return window
}

async function addRecordings(): Promise<void> {
  if (!voces || !mainWindow) return
  const picked = await dialog.showOpenDialog(mainWindow, {
    properties: ['openFile', 'openDirectory', 'multiSelections'],
    filters: [
      {
        name: 'Media',
        extensions: ['mp3', 'wav', 'm4a', 'flac', 'ogg', 'opus', 'mp4', 'mov', 'mkv', 'webm'],
      },
    ],
  })
  if (!picked.canceled && picked.filePaths.length > 0) {
    await dispatch('library.ingest', { paths: picked.filePaths }, { voces, transport: 'ipc' })
  }
}

function buildMenu(language: 'en' | 'es'): void {
  const template = menuTemplate(
    language,
    {
      addRecordings: () => void addRecordings(),
      setLanguage: (next) => {
        voces?.settings.update({ uiLanguage: next })
        buildMenu(next)
        mainWindow?.webContents.reload()
      },
    },
    process.platform === 'darwin',
  )
  Menu.setApplicationMenu(Menu.buildFromTemplate(template))
}

app.whenReady().then(() => {
  voces = new Voces({
    libraryDir: resolveLibraryDir(undefined),
    resourcesDir: process.resourcesPath,
  })
  const core = voces
  protocol.handle(mediaScheme, mediaProtocolHandler(core))
  registerIpc(ipcMain, core, rendererUrl, () =>
    BrowserWindow.getAllWindows().map((w) => w.webContents),
  )
  buildMenu(core.settings.get().uiLanguage)
  mainWindow = createWindow()
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow()
  })
})

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit()
})

let closing = false
app.on('before-quit', (event) => {
  if (!voces || closing) return
  // Let running jobs checkpoint and stop; they resume next time.
  event.preventDefault()
  closing = true
  void voces.close().finally(() => app.quit())
})
