import { contextBridge, ipcRenderer, webUtils } from 'electron'

// Exposes exactly the contract's transport to the page: one call, one event stream, and the path
// of a dropped file. Never raw ipcRenderer. Bundled into one CommonJS file (sandboxed preload).

type Listener = (payload: unknown) => void
const listeners = new Map<string, Set<Listener>>()

ipcRenderer.on('voces:event', (_event, message: { event: string; payload: unknown }) => {
  for (const listener of listeners.get(message.event) ?? []) listener(message.payload)
})

contextBridge.exposeInMainWorld('voces', {
  call: (method: string, input: unknown): Promise<unknown> =>
    ipcRenderer.invoke('voces:call', String(method), input),
  on: (event: string, listener: Listener): (() => void) => {
    const set = listeners.get(event) ?? new Set<Listener>()
    set.add(listener)
    listeners.set(event, set)
    return () => set.delete(listener)
  },
  pathForFile: (file: File): string => webUtils.getPathForFile(file),
})
