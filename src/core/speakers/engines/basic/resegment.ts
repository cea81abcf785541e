import type { SpeakerTurn } from '../types.ts'
import { framesPerBlock } from './analyse.ts'
import { framesPerSecond } from './features.ts'

/**
 * The best path through `steps` × `voices` scores (row-major) when each change of voice costs
 * `switchCost`: a voice does not flip for one quarter second of doubt.
 */
export function viterbi(scores: Float64Array, voices: number, switchCost: number): Int32Array {
  const steps = scores.length / voices
  const back = new Int32Array(scores.length)
  let score = new Float64Array(voices)
  let next = new Float64Array(voices)
  for (let step = 0; step < steps; step++) {
    let leader = 0
    for (let j = 1; j < voices; j++)
      if ((score[j] as number) > (score[leader] as number)) leader = j
    for (let to = 0; to < voices; to++) {
      const stay = score[to] as number
      const change = step === 0 ? -Infinity : (score[leader] as number) - switchCost
      const from = stay >= change ? to : leader
      back[step * voices + to] = from
      next[to] = Math.max(stay, change) + (scores[step * voices + to] as number)
    }
    ;[score, next] = [next, score]
  }
  const path = new Int32Array(steps)
  let state = 0
  for (let j = 1; j < voices; j++) if ((score[j] as number) > (score[state] as number)) state = j
  for (let step = steps - 1; step >= 0; step--) {
    path[step] = state
    state = back[step * voices + state] as number
  }
  return path
}

/** Renumbers labels 0…n−1 in order of first appearance (−1 stays: no speech). */
export function compact(labels: Int32Array): Int32Array {
  const order = new Map<number, number>()
  return labels.map((label) => {
    if (label < 0) return -1
    if (!order.has(label)) order.set(label, order.size)
    return order.get(label) as number
  })
}

/**
 * Turns from a voice per block and speech per frame. Gaps shorter than `bridge` seconds between
 * two turns of one voice are bridged: a breath is not the end of a turn.
 */
export function turnsOf(labels: Int32Array, speech: Uint8Array, bridge: number): SpeakerTurn[] {
  const turns: SpeakerTurn[] = []
  let open: SpeakerTurn | null = null
  for (let frame = 0; frame < speech.length; frame++) {
    const label = speech[frame] ? (labels[Math.floor(frame / framesPerBlock)] ?? -1) : -1
    if (label < 0) continue
    const start = frame / framesPerSecond
    const end = (frame + 1) / framesPerSecond
    if (open && open.speaker === label && start - open.end < bridge) open.end = end
    else {
      if (open) turns.push(open)
      open = { start, end, speaker: label }
    }
  }
  if (open) turns.push(open)
  const round = (value: number) => Math.round(value * 1000) / 1000
  return turns.map((turn) => ({
    start: round(turn.start),
    end: round(turn.end),
    speaker: turn.speaker,
  }))
}
