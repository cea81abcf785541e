import { checkFfmpegPath, ffmpegInfo } from '../media/ffmpeg.ts'
import { checkApertiumPath } from '../translation/apertium.ts'
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
  'settings.update': async (patch, { voces }) => {
    // A path that is not a working FFmpeg is refused, not kept and quietly passed over.
    if (patch.ffmpegPath) await checkFfmpegPath(patch.ffmpegPath)
    if (patch.apertiumPath) await checkApertiumPath(patch.apertiumPath)
    return voces.settings.update(patch)
  },
} satisfies Partial<Handlers>
