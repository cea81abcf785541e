import { VocesError } from '../../shared/contract/index.ts'

/**
 * A subtitle file that cannot be read as a whole. The file is refused rather than half imported,
 * and the message names the line (1-based) where reading stopped.
 */
export function malformed(line: number, problem: string): VocesError {
  return new VocesError('SUBTITLE_MALFORMED', `Line ${line}: ${problem}`, { line })
}
