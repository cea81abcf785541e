// `npm run bench`: runs every benchmark and writes one JSON file per run into bench/results/.
// Speed and memory targets are checked here, never in timed tests.
import { mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

type Bench = () => Promise<object>
const benches: Array<[string, () => Promise<Bench>]> = [
  ['ingest', async () => (await import('./ingest.ts')).benchIngest],
  ['export', async () => (await import('./export.ts')).benchExport],
  ['transcription', async () => (await import('./transcription.ts')).benchTranscription],
  ['search', async () => (await import('./search.ts')).benchSearch],
  ['library', async () => (await import('./library.ts')).benchLibrary],
  ['editor', async () => (await import('./editor.ts')).benchEditor],
  ['cuts', async () => (await import('./cuts.ts')).benchCuts],
  ['subtitle-edits', async () => (await import('./subtitle-edits.ts')).benchSubtitleEdits],
  ['disguise', async () => (await import('./disguise.ts')).benchDisguise],
  ['jobs', async () => (await import('./jobs.ts')).benchJobs],
  ['reliability', async () => (await import('./reliability.ts')).benchReliability],
  ['hostile-inputs', async () => (await import('./hostile-inputs.ts')).benchHostileInputs],
  ['cold-start', async () => (await import('./cold-start.ts')).benchColdStart],
  ['s3-media', async () => (await import('./s3-media.ts')).benchS3Media],
  ['speakers', async () => (await import('./speakers.ts')).benchSpeakers],
  ['speakers-channels', async () => (await import('./speakers-channels.ts')).benchSpeakersChannels],
  ['translate', async () => (await import('./translate.ts')).benchTranslate],
  ['workers', async () => (await import('./workers.ts')).benchWorkers],
  ['shared-archive', async () => (await import('./shared-archive.ts')).benchSharedArchive],
  ['redaction-pg', async () => (await import('./redaction-pg.ts')).benchRedactionPostgres],
  ['whisper-dispatch', async () => (await import('./whisper-dispatch.ts')).benchWhisperDispatch],
]

const only = process.argv.slice(2)
const results: Record<string, unknown> = {
  date: new Date().toISOString(),
  machine: {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  },
  node: process.version,
}
for (const [name, load] of benches) {
  if (only.length > 0 && !only.includes(name)) continue
  process.stderr.write(`bench ${name}…\n`)
  try {
    results[name] = await (await load())()
  } catch (error) {
    results[name] = { error: error instanceof Error ? error.message : String(error) }
  }
}
const dir = path.join(import.meta.dirname, 'results')
mkdirSync(dir, { recursive: true })
const file = path.join(dir, `bench-${new Date().toISOString().replaceAll(':', '-')}.json`)
writeFileSync(file, JSON.stringify(results, null, 2) + '\n')
writeFileSync(path.join(dir, 'latest.json'), JSON.stringify(results, null, 2) + '\n')
process.stdout.write(JSON.stringify(results, null, 2) + '\n')
process.stderr.write(`written ${file}\n`)
