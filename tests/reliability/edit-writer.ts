// A process that edits one transcript as fast as it can and says "ack N SEGMENT" after each edit
// the core acknowledged; tests/reliability/edit-kills.test.ts kills it with SIGKILL at a random
// moment and checks that every acknowledged edit is in the library after.
// Usage: node tests/reliability/edit-writer.ts LIBRARY_DIR SEGMENT_ID...
import { writeSync } from 'node:fs'
import { dispatch } from '../../src/core/api/index.ts'
import { Voces } from '../../src/core/voces.ts'

const [libraryDir, ...segmentArgs] = process.argv.slice(2)
const segments = segmentArgs.map(Number)
const voces = new Voces({ libraryDir: libraryDir ?? '', startJobs: false })
writeSync(1, 'ready\n')
for (let n = 1; ; n++) {
  const segmentId = segments[n % segments.length] ?? 0
  const result = await dispatch(
    'editor.editText',
    { segmentId, text: `edit ${n}` },
    { voces, transport: 'cli' },
  )
  if (!result.ok) {
    writeSync(2, `refused: ${result.error.code}\n`)
    process.exit(1)
  }
  // Synchronous, so the line is out before the next edit starts.
  writeSync(1, `ack ${n} ${segmentId}\n`)
}
