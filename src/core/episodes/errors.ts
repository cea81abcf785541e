import { VocesError } from '../../shared/contract/index.ts'

/** What every backend's EpisodeStore rejects with when the episode is not in the library. */
export function episodeNotFound(id: string): VocesError {
  return new VocesError('EPISODE_NOT_FOUND', `There is no episode ${id} in this library.`, { id })
}
