// Media on an S3-compatible store (decision 0144), against a real Swift with s3api on loopback
// (scripts/services/swift.sh, or the store the run was given in VOCES_TEST_S3_ENDPOINT…): a big
// file sent up in parts (MB/s), the player's seek as the HTTP server serves it (a HEAD for the
// size, then the first MiB chunk of the range: p50/p95), and a download for FFmpeg (`localPath`,
// MB/s), each beside the library folder's store doing the same on this machine's disk.
import { randomBytes } from 'node:crypto'
import { promises as fs } from 'node:fs'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { LocalMediaStore } from '../src/core/storage/local/media.ts'
import type { MediaStore } from '../src/core/storage/ports.ts'
import { S3MediaStore } from '../src/core/storage/s3/media.ts'
import { tempDir } from '../tests/helpers.ts'
import { s3Service } from '../tests/storage/s3-service.ts'

const fileMiB = 128
const rounds = 3
const seeks = 200
const chunk = 1 << 20 // the HTTP server's read size (src/core/media/serve.ts)

function stats(list: number[]) {
  const sorted = [...list].sort((a, b) => a - b)
  const at = (p: number) =>
    Math.round((sorted[Math.floor((sorted.length - 1) * p)] ?? NaN) * 100) / 100
  return { p50: at(0.5), p95: at(0.95), runs: list.length }
}

async function seconds(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now()
  await work()
  return (performance.now() - start) / 1000
}

const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!
const round = (n: number) => Math.round(n * 10) / 10

async function measure(media: MediaStore, source: string) {
  const size = fileMiB << 20
  const upload: number[] = []
  const download: number[] = []
  const localPathMs: number[] = []
  for (let i = 0; i < rounds; i++) {
    upload.push(
      size / 2 ** 20 / (await seconds(() => media.putFile('media/bench/original.wav', source))),
    )
    const took = await seconds(async () => {
      const local = await media.localPath('media/bench/original.wav')
      await local.release()
    })
    localPathMs.push(took * 1000)
    download.push(size / 2 ** 20 / took)
  }
  const seek: number[] = []
  for (let i = 0; i < seeks; i++) {
    const start = Math.floor(Math.random() * (size - chunk))
    const begun = performance.now()
    await media.size('media/bench/original.wav')
    await media.readRange('media/bench/original.wav', start, start + chunk - 1)
    seek.push(performance.now() - begun)
  }
  await media.delete('media/bench/original.wav')
  return {
    uploadMBps: round(median(upload)),
    // The library folder's localPath is the file itself: no copy, so no MB/s to give.
    downloadMBps: media instanceof LocalMediaStore ? null : round(median(download)),
    localPathMs: round(median(localPathMs)),
    seekFirstChunkMs: stats(seek),
  }
}

export async function benchS3Media(): Promise<object> {
  const service = await s3Service()
  const scratch = tempDir('voces-bench-s3-')
  try {
    const source = path.join(scratch.dir, 'interview.wav')
    await fs.writeFile(source, randomBytes(fileMiB << 20))
    const s3 = new S3MediaStore({
      location: service.location(),
      tempDir: path.join(scratch.dir, 'temp'),
    })
    const onS3 = await measure(s3, source)
    s3.close()
    const local = await measure(new LocalMediaStore(path.join(scratch.dir, 'library')), source)
    return {
      store: 'OpenStack Swift 2.30 + s3api on loopback (one replica, a plain folder as its disk)',
      fileMiB,
      partMiB: s3.partBytes / 2 ** 20,
      s3: onS3,
      libraryFolder: local,
    }
  } finally {
    scratch.cleanup()
    await service.stop()
  }
}
