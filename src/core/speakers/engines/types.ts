/**
 * What every speaker-detection engine gives (basic, neural, channels): who spoke when, over
 * one recording's 16 kHz mono working audio (channels: the stored original).
 */
export interface SpeakerTurn {
  /** Seconds from the recording's start. */
  start: number
  end: number
  /** The engine's voice number, 0-based, in order of first appearance. */
  speaker: number
}

export interface DiarizeOptions {
  /** The number of voices when a person knows it; estimated when absent. */
  speakers?: number
  signal?: AbortSignal
  /** 0..1, called now and then. */
  onProgress?: (fraction: number) => void
}

export interface DiarizationEngine {
  readonly id: 'basic' | 'neural' | 'channels'
  /** Turns sorted by start; speech only (silence is in no turn). */
  diarize(audioPath: string, options: DiarizeOptions): Promise<SpeakerTurn[]>
}
