import { describe, expect, it } from 'vitest'
import { runPiped } from '../../src/core/media/ffmpeg.ts'
import { tempDir } from '../helpers.ts'
import { processesMentioning, within } from '../reliability/kills.ts'

// A consumer that cannot even start (here: an argument holding a NUL, which no process can be
// given) left its producer blocked on a pipe nobody read, for ever (decision 0093).
describe('runPiped when the consumer cannot start', () => {
  it('rejects, and stops the producer it had started', async () => {
    const { dir, cleanup } = tempDir('voces-piped-')
    try {
      const producer = {
        file: 'ffmpeg',
        args: ['-nostdin', '-v', 'error', '-f', 'lavfi', '-i', 'sine=d=600', '-f', 'nut'],
      }
      producer.args.push('-metadata', `comment=${dir}`, 'pipe:1')
      const consumer = { file: 'ffmpeg', args: ['-i', 'pipe:0', '-metadata', 'title=a\u0000b'] }
      consumer.args.push('-f', 'null', '-')
      await expect(runPiped(producer, consumer)).rejects.toThrow(/null bytes/)
      const left = await within(2_000, () => {
        const found = processesMentioning(dir)
        return found.length === 0 ? found : undefined
      })
      expect(left ?? processesMentioning(dir)).toEqual([])
    } finally {
      cleanup()
    }
  })
})
