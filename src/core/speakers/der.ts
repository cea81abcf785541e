import type { LabelledTurn } from './rttm.ts'

/**
 * Diarization error rate, scored as NIST's md-eval does (docs/decisions/0150-basic-diarization.md):
 * missed speech + false alarm + speaker confusion, over the reference's speech time, every
 * speaker counted and overlapping speech scored (two voices at once are two voices to find).
 * Regions within `collar` seconds either side of a reference turn's start or end are not scored:
 * a person marking turns by ear is not more precise than that. Found speakers are mapped one to
 * one onto reference speakers so that the time they share is greatest (Hungarian method).
 */
export interface DerResult {
  der: number
  /** Seconds of reference speech scored (overlap counted once per voice). */
  total: number
  missed: number
  falseAlarm: number
  confusion: number
  /** Found speaker → reference speaker. */
  mapping: Record<string, string>
}

interface Piece {
  start: number
  end: number
}

/** The scored parts of [0, end): everything minus a collar around each reference boundary. */
function scoredPieces(reference: readonly LabelledTurn[], collar: number): Piece[] {
  const holes: Piece[] = []
  if (collar > 0)
    for (const turn of reference)
      for (const at of [turn.start, turn.end])
        holes.push({ start: Math.max(0, at - collar), end: at + collar })
  holes.sort((a, b) => a.start - b.start)
  const merged: Piece[] = []
  for (const hole of holes) {
    const last = merged[merged.length - 1]
    if (last && hole.start <= last.end) last.end = Math.max(last.end, hole.end)
    else merged.push({ ...hole })
  }
  const pieces: Piece[] = []
  let cursor = 0
  for (const hole of merged) {
    if (hole.start > cursor) pieces.push({ start: cursor, end: hole.start })
    cursor = Math.max(cursor, hole.end)
  }
  pieces.push({ start: cursor, end: Infinity })
  return pieces
}

/** Best one-to-one assignment maximising `gain[row][column]` (rows ≤ columns or not). */
export function bestAssignment(gain: readonly (readonly number[])[]): number[] {
  const rows = gain.length
  const columns = rows === 0 ? 0 : (gain[0]?.length ?? 0)
  const n = Math.max(rows, columns)
  if (n === 0) return []
  let top = 0
  for (const row of gain) for (const value of row) top = Math.max(top, value)
  // Hungarian method (Kuhn–Munkres, potentials form) on the square cost matrix top − gain.
  const cost = (i: number, j: number) => top - (i < rows && j < columns ? (gain[i]?.[j] ?? 0) : 0)
  const u = new Float64Array(n + 1)
  const v = new Float64Array(n + 1)
  const match = new Int32Array(n + 1) // column → row, 1-based; 0 = free
  const way = new Int32Array(n + 1)
  for (let i = 1; i <= n; i++) {
    match[0] = i
    let j0 = 0
    const least = new Float64Array(n + 1).fill(Infinity)
    const used = new Uint8Array(n + 1)
    do {
      used[j0] = 1
      const i0 = match[j0] as number
      let delta = Infinity
      let j1 = 0
      for (let j = 1; j <= n; j++) {
        if (used[j]) continue
        const reduced = cost(i0 - 1, j - 1) - (u[i0] as number) - (v[j] as number)
        if (reduced < (least[j] as number)) {
          least[j] = reduced
          way[j] = j0
        }
        if ((least[j] as number) < delta) {
          delta = least[j] as number
          j1 = j
        }
      }
      for (let j = 0; j <= n; j++) {
        if (used[j]) {
          u[match[j] as number] = (u[match[j] as number] as number) + delta
          v[j] = (v[j] as number) - delta
        } else least[j] = (least[j] as number) - delta
      }
      j0 = j1
    } while (match[j0] !== 0)
    do {
      const j1 = way[j0] as number
      match[j0] = match[j1] as number
      j0 = j1
    } while (j0 !== 0)
  }
  const assignment = new Array<number>(rows).fill(-1)
  for (let j = 1; j <= n; j++) {
    const i = (match[j] as number) - 1
    if (i >= 0 && i < rows && j - 1 < columns) assignment[i] = j - 1
  }
  return assignment
}

export function diarizationErrorRate(
  reference: readonly LabelledTurn[],
  hypothesis: readonly LabelledTurn[],
  collar = 0.25,
): DerResult {
  const refNames = [...new Set(reference.map((turn) => turn.speaker))]
  const hypNames = [...new Set(hypothesis.map((turn) => turn.speaker))]
  const pieces = scoredPieces(reference, collar)
  // Elementary intervals: between any two consecutive boundaries nothing changes.
  const cuts = new Set<number>([0])
  for (const turn of [...reference, ...hypothesis]) cuts.add(turn.start).add(turn.end)
  for (const piece of pieces) {
    cuts.add(piece.start)
    if (Number.isFinite(piece.end)) cuts.add(piece.end)
  }
  const times = [...cuts].sort((a, b) => a - b)
  const active = (turns: readonly LabelledTurn[], names: string[], at: number) => {
    const on = new Set<number>()
    for (const turn of turns)
      if (turn.start <= at && at < turn.end) on.add(names.indexOf(turn.speaker))
    return on
  }
  const shared = refNames.map(() => new Array<number>(hypNames.length).fill(0))
  const intervals: Array<{ length: number; ref: Set<number>; hyp: Set<number> }> = []
  let pieceIndex = 0
  for (let k = 0; k + 1 < times.length; k++) {
    const start = times[k] as number
    const end = times[k + 1] as number
    const middle = (start + end) / 2
    while (pieceIndex < pieces.length && (pieces[pieceIndex] as Piece).end <= middle) pieceIndex++
    const piece = pieces[pieceIndex]
    if (!piece || middle < piece.start) continue
    const ref = active(reference, refNames, middle)
    const hyp = active(hypothesis, hypNames, middle)
    if (ref.size === 0 && hyp.size === 0) continue
    const length = end - start
    intervals.push({ length, ref, hyp })
    for (const r of ref) {
      const row = shared[r] as number[]
      for (const h of hyp) row[h] = (row[h] as number) + length
    }
  }
  const assignment = bestAssignment(shared)
  const mapping: Record<string, string> = {}
  assignment.forEach((h, r) => {
    if (h >= 0) mapping[hypNames[h] as string] = refNames[r] as string
  })
  let total = 0
  let missed = 0
  let falseAlarm = 0
  let confusion = 0
  for (const { length, ref, hyp } of intervals) {
    let correct = 0
    for (const r of ref) {
      const h = assignment[r] as number
      if (h >= 0 && hyp.has(h)) correct++
    }
    total += length * ref.size
    missed += length * Math.max(0, ref.size - hyp.size)
    falseAlarm += length * Math.max(0, hyp.size - ref.size)
    confusion += length * (Math.min(ref.size, hyp.size) - correct)
  }
  const der = total > 0 ? (missed + falseAlarm + confusion) / total : falseAlarm > 0 ? 1 : 0
  return { der, total, missed, falseAlarm, confusion, mapping }
}
