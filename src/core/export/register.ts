import { podcastExportInput, type ExportResult } from '../../shared/contract/index.ts'
import type { CoreContext } from '../context.ts'
import { exportPodcast, type PodcastExport } from './podcast.ts'
import { audiogramExportSchema, exportAudiogram, type AudiogramExport } from './audiogram.ts'
import {
  exportVideo,
  videoExportSchema,
  type VideoExport,
  type VideoExportResult,
} from './video.ts'
import path from 'node:path'
import { exportThroughStore } from './stored.ts'

export function registerExport(voces: CoreContext): void {
  voces.jobs.register<PodcastExport, ExportResult>({
    kind: 'export.podcast',
    input: podcastExportInput,
    // Encoding uses a core; two exports at once would only share the same two.
    concurrency: 1,
    // Decision 0082: a job's label names its subject only; the interface says the action in the
    // person's language ("Exportando x.mp3"), so the label must not say "Export" in English.
    label: (input) => path.basename(input.output),
    run: (ctx) => exportThroughStore(voces, ctx, (staged) => exportPodcast(voces, staged)),
  })
  voces.jobs.register<VideoExport, VideoExportResult>({
    kind: 'export.video',
    input: videoExportSchema,
    concurrency: 1,
    label: (input) => path.basename(input.output),
    recordingId: (input) => input.recordingId,
    run: (ctx) => exportThroughStore(voces, ctx, (staged) => exportVideo(voces, staged)),
  })
  voces.jobs.register<AudiogramExport, Awaited<ReturnType<typeof exportAudiogram>>>({
    kind: 'export.audiogram',
    input: audiogramExportSchema,
    concurrency: 1,
    label: (input) => path.basename(input.output),
    run: (ctx) => exportThroughStore(voces, ctx, (staged) => exportAudiogram(voces, staged)),
  })
}
