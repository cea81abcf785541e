import { ffmpegInfo } from '../media/ffmpeg.ts'
import { appVersion } from '../version.ts'
import type { Handlers } from './types.ts'

export const appHandlers = {
  'app.info': async (_input, { voces, transport }) => ({
    version: appVersion,
    libraryDir: voces.layout.root,
    transport: transport === 'ipc' ? ('ipc' as const) : ('http' as const),
    ffmpeg: await ffmpegInfo(await voces.settings.get(), voces.resourcesDir),
  }),
  'settings.get': (_input, { voces }) => voces.settings.get(),
  'settings.update': (patch, { voces }) => voces.settings.update(patch),
} satisfies Partial<Handlers>
