// The full-size form of tests/reliability/ (decisions 0091, 0092): many exports killed with
// SIGKILL and interrupted with SIGINT at random moments; counts what outlived the CLI, what was
// left half-written after the next start, and how each interrupt ended.
import { mkdirSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { mkdtempSync } from 'node:fs'
import { exportableLibrary, interruptExport, killExport } from '../tests/reliability/kills.ts'
import { editableLibrary, killEdits } from '../tests/reliability/edit-kills.ts'

const kills = Number(process.env.VOCES_BENCH_KILLS ?? 50)
const interrupts = Number(process.env.VOCES_BENCH_INTERRUPTS ?? 20)
const editKills = Number(process.env.VOCES_BENCH_EDIT_KILLS ?? 50)

export async function benchReliability(): Promise<object> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'voces-bench-kills-'))
  try {
    mkdirSync(path.join(dir, 'out'))
    const { libraryDir, recordingId } = await exportableLibrary(dir, 6)
    const delay = () => Math.round(Math.random() * 3000)
    let childSurvived = 0
    let partialsLeft = 0
    let partialsBeforeNextStart = 0
    for (let i = 0; i < kills; i++) {
      const outcome = await killExport(dir, libraryDir, recordingId, delay())
      if (outcome.survivors.length > 0) childSurvived++
      if (outcome.partialsAfterKill.length > 0) partialsBeforeNextStart++
      if (outcome.partialsAfterNextStart.length > 0) partialsLeft++
    }
    const ends: Record<string, number> = {}
    let interruptLeftChild = 0
    let interruptLeftPartial = 0
    let cancelledWithFile = 0
    for (let i = 0; i < interrupts; i++) {
      const outcome = await interruptExport(
        dir,
        libraryDir,
        recordingId,
        delay(),
        `interrupted-${i}.mp3`,
      )
      const end = `exit ${outcome.code}, job ${outcome.state}`
      ends[end] = (ends[end] ?? 0) + 1
      if (outcome.survivors.length > 0) interruptLeftChild++
      if (outcome.partials.length > 0) interruptLeftPartial++
      if (outcome.state === 'cancelled' && outcome.fileAppeared) cancelledWithFile++
    }
    // Edits: a process editing a transcript as fast as it can, killed at random moments.
    const editable = await editableLibrary(path.join(dir, 'edits'))
    let acknowledged = 0
    let lost = 0
    for (let i = 0; i < editKills; i++) {
      const outcome = await killEdits(
        editable.libraryDir,
        editable.recordingId,
        editable.segmentIds,
        200 + Math.round(Math.random() * 1500),
      )
      acknowledged += outcome.acknowledged
      lost += outcome.lost
    }
    return {
      editKill9: { runs: editKills, acknowledgedEdits: acknowledged, lost },
      kill9: { runs: kills, childSurvived, partialsBeforeNextStart, partialsLeft },
      sigint: {
        runs: interrupts,
        ends,
        childSurvived: interruptLeftChild,
        partialsLeft: interruptLeftPartial,
        cancelledWithFile,
      },
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
