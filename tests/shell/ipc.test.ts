import type { IpcMainInvokeEvent } from 'electron'
import { afterEach, describe, expect, it } from 'vitest'
import { callChannel, eventChannel, registerIpc, type IpcMainLike } from '../../src/main/ipc.ts'
import { Voces } from '../../src/core/voces.ts'
import type { Result } from '../../src/shared/contract/index.ts'
import { tempDir } from '../helpers.ts'

type Listener = (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>

/** A stand-in for ipcMain: records the handler so the test can invoke it as a renderer would. */
class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, Listener>()
  handle(channel: string, listener: Listener): void {
    this.handlers.set(channel, listener)
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel)
  }
  invoke(senderUrl: string, ...args: unknown[]): Promise<unknown> {
    const event = { senderFrame: { url: senderUrl } } as unknown as IpcMainInvokeEvent
    return this.handlers.get(callChannel)!(event, ...args)
  }
}

const appUrl = 'file:///app/out/renderer/index.html'
const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn()
})

function setup() {
  const { dir, cleanup } = tempDir()
  const voces = new Voces({ libraryDir: dir })
  cleanups.push(cleanup, () => voces.close())
  const ipc = new FakeIpcMain()
  const sent: Array<{ channel: string; payload: unknown }> = []
  const target = {
    isDestroyed: () => false,
    send: (channel: string, payload: unknown) => sent.push({ channel, payload }),
  }
  const unregister = registerIpc(
    ipc,
    voces,
    () => appUrl,
    () => [target],
  )
  return { voces, ipc, sent, unregister }
}

describe('IPC transport', () => {
  it('answers contract calls from the app page through the core dispatcher', async () => {
    const { ipc } = setup()
    const result = (await ipc.invoke(`${appUrl}#/`, 'settings.update', {
      uiLanguage: 'es',
    })) as Result<{ uiLanguage: string }>
    expect(result).toMatchObject({ ok: true, value: { uiLanguage: 'es' } })
    const invalid = (await ipc.invoke(appUrl, 'settings.update', {
      uiLanguage: 'fr',
    })) as Result<unknown>
    expect(invalid.ok || invalid.error.code).toBe('INVALID_INPUT')
  })

  it('refuses a sender that is not the app page', async () => {
    const { ipc, voces } = setup()
    const result = (await ipc.invoke('https://evil.example/', 'settings.update', {
      uiLanguage: 'es',
    })) as Result<unknown>
    expect(result.ok || result.error.code).toBe('FORBIDDEN')
    expect((await voces.settings.get()).uiLanguage).toBe('en')
  })

  it('forwards job and library events to the window and stops when unregistered', () => {
    const { voces, sent, unregister, ipc } = setup()
    const job = {
      id: 'j',
      kind: 'ingest',
      state: 'running' as const,
      label: 'x',
      recordingId: null,
      progress: 0.5,
      eta: null,
      error: null,
      result: null,
      createdAt: '',
      updatedAt: '',
    }
    voces.jobs.emit('job', job)
    expect(sent).toEqual([{ channel: eventChannel, payload: { event: 'job', payload: job } }])
    voces.events.emit('library', { recordingId: 'r', change: 'updated' })
    expect(sent[1]).toEqual({
      channel: eventChannel,
      payload: { event: 'library', payload: { recordingId: 'r', change: 'updated' } },
    })
    unregister()
    voces.jobs.emit('job', job)
    voces.events.emit('library', { recordingId: 'r', change: 'removed' })
    expect(sent).toHaveLength(2)
    expect(ipc.handlers.size).toBe(0)
  })
})
