import type { Language } from '../shared/language.ts'
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session, shell } from 'electron'
import path from 'node:path'
import { dispatch } from '../core/api/index.ts'
import { resolveLibraryDir } from '../core/paths.ts'
import { Voces } from '../core/voces.ts'
import { contentSecurityPolicy } from '../shared/content-security-policy.ts'
import { appProtocolHandler, appScheme, appSchemePrivileges, appUrl } from './app-protocol.ts'
import { registerIpc } from './ipc.ts'
import { mediaProtocolHandler, mediaScheme } from './media-protocol.ts'
import { menuTemplate } from './menu.ts'
import {
  isAllowedNavigation,
  isHelpLink,
  isPermissionAllowed,
  secureWebPreferences,
} from './security.ts'

// The thin shell: a window, a menu, dialogs, IPC and the media protocol. Everything else is the
// core (src/core), which this file only opens and hands to the transports.

protocol.registerSchemesAsPrivileged([
  // The page itself, from the renderer build (decision 0095).
  { scheme: appScheme, privileges: appSchemePrivileges },
  {
    scheme: mediaScheme,
    privileges: { standard: true, secure: true, stream: true, supportFetchAPI: true },
  },
])

let voces: Voces | undefined
let mainWindow: BrowserWindow | undefined

const rendererDir = path.join(import.meta.dirname, '../renderer')
const rendererUrl = (): string => process.env.ELECTRON_RENDERER_URL ?? appUrl

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
    // Only the app's own help links reach the system browser (decision 0096).
    if (isHelpLink(url)) void shell.openExternal(url)
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

function buildMenu(language: Language): void {
  const template = menuTemplate(
    language,
    {
      addRecordings: () => void addRecordings(),
      setLanguage: (next) => {
        void voces?.settings.update({ uiLanguage: next })
        buildMenu(next)
        mainWindow?.webContents.reload()
      },
    },
    process.platform === 'darwin',
  )
  Menu.setApplicationMenu(Menu.buildFromTemplate(template))
}

app.whenReady().then(async () => {
  voces = new Voces({
    libraryDir: resolveLibraryDir(undefined),
    resourcesDir: process.resourcesPath,
  })
  const core = voces
  protocol.handle(appScheme, appProtocolHandler(rendererDir))
  protocol.handle(mediaScheme, mediaProtocolHandler(core))
  // Every permission the page does not use is denied, asked or checked (decision 0096).
  session.defaultSession.setPermissionRequestHandler((contents, permission, callback, details) =>
    callback(
      isPermissionAllowed(permission, details.requestingUrl ?? contents.getURL(), rendererUrl()),
    ),
  )
  session.defaultSession.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    isPermissionAllowed(permission, requestingOrigin, rendererUrl()),
  )
  // The dev server's page gets the same policy header app://voces/ sends (decision 0095).
  const devUrl = process.env.ELECTRON_RENDERER_URL
  if (devUrl) {
    session.defaultSession.webRequest.onHeadersReceived(
      { urls: [`${new URL(devUrl).origin}/*`] },
      (details, callback) =>
        callback({
          responseHeaders: {
            ...details.responseHeaders,
            'Content-Security-Policy': [contentSecurityPolicy],
          },
        }),
    )
  }
  registerIpc(ipcMain, core, rendererUrl, () =>
    BrowserWindow.getAllWindows().map((w) => w.webContents),
  )
  buildMenu((await core.settings.get()).uiLanguage)
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
