import { translate } from './translate.ts'
import type { Language } from './types.ts'

/**
 * A speaker as the screen shows it: the default label the transcription gives ("Speaker 1")
 * in the interface language ("Hablante 1"); a name given in the editor, or a label an imported
 * file brought ("SPEAKER_00"), as it is. Only the screen changes: the stored label stays, since
 * exports, `--disguise "Speaker 1"` and the speaker filter match it (decision 0082).
 */
export function speakerLabel(language: Language, shown: string): string {
  const numbered = /^Speaker (\d+)$/.exec(shown)
  return numbered ? translate(language, 'speaker.numbered', { n: Number(numbered[1]) }) : shown
}
