import { VocesError, type SpeakersList } from '../../shared/contract/index.ts'
import { shownSpeaker } from '../../shared/speakers.ts'
import type { CoreContext } from '../context.ts'
import { rememberVoice, startDetection } from '../speakers/detect.ts'
import { speakerModelStates, startSpeakerModelsDownload } from '../speakers/models-job.ts'
import { formatRttm } from '../speakers/rttm.ts'
import type { Handlers } from './types.ts'

/** Speakers and remembered voices (decisions 0153 and 0155). */
async function listOf(voces: CoreContext, recordingId: string): Promise<SpeakersList> {
  await voces.storage.recordings.require(recordingId)
  return {
    recordingId,
    state: await voces.storage.speakers.state(recordingId),
    voices: await voces.storage.speakers.voices(recordingId),
  }
}

/** A voice named the way a person sees it: its label ("Speaker 2") or the name it is shown by. */
async function voiceNamed(voces: CoreContext, recordingId: string, speaker: string) {
  const voices = await voces.storage.speakers.voices(recordingId)
  const wanted = speaker.trim().toLowerCase()
  const voice =
    voices.find((v) => v.label.toLowerCase() === wanted) ??
    voices.find((v) => shownSpeaker(v.label, v.name).toLowerCase() === wanted)
  if (!voice) {
    const known = voices.map((v) => shownSpeaker(v.label, v.name)).join(', ') || 'none'
    throw new VocesError(
      'SPEAKER_UNKNOWN',
      `Recording ${recordingId} has no speaker called ${speaker}. Its speakers: ${known}.`,
      { recordingId, speaker },
    )
  }
  return voice
}

export const speakersHandlers = {
  'speakers.detect': (input, { voces }) => startDetection(voces, input),
  'speakers.list': ({ recordingId }, { voces }) => listOf(voces, recordingId),
  'speakers.rename': async ({ recordingId, speaker, name, affiliation, remember }, { voces }) => {
    await voces.storage.recordings.require(recordingId)
    const voice = await voiceNamed(voces, recordingId, speaker)
    const union = affiliation ?? voice.affiliation
    if (remember) {
      if (name === '') {
        throw new VocesError('VOICE_NAME_NEEDED', 'Give the voice a name to remember it by.', {
          recordingId,
        })
      }
      // The profile first: a voice that cannot be remembered leaves the name as it was.
      await rememberVoice(voces, recordingId, voice.id, name, union)
    }
    await voces.storage.speakers.rename(voice.id, name, union)
    return listOf(voces, recordingId)
  },
  'speakers.merge': async ({ recordingId, speaker, into }, { voces }) => {
    await voces.storage.recordings.require(recordingId)
    const from = await voiceNamed(voces, recordingId, speaker)
    const to = await voiceNamed(voces, recordingId, into)
    if (from.id === to.id) {
      throw new VocesError(
        'SPEAKERS_MERGE_INVALID',
        'Choose two different voices of the same recording to merge.',
        { speakerId: from.id, intoId: to.id },
      )
    }
    await voces.storage.speakers.merge(from.id, to.id)
    return listOf(voces, recordingId)
  },
  'speakers.turns': async ({ recordingId, format }, { voces }) => {
    await voces.storage.recordings.require(recordingId)
    const turns = await voces.storage.speakers.turns(recordingId)
    return {
      text: format === 'rttm' ? formatRttm(recordingId, turns) : JSON.stringify(turns),
      turns,
    }
  },
  'editor.moveWords': ({ segmentId, from, to, speakerId }, { voces }) =>
    voces.storage.transcripts.moveWords(segmentId, from, to, speakerId),
  'editor.mergeSpeakers': ({ speakerId, intoId }, { voces }) =>
    voces.storage.transcripts.mergeSpeakers(speakerId, intoId),
  'speakers.models': () => speakerModelStates(),
  'speakers.downloadModels': (_input, { voces }) => startSpeakerModelsDownload(voces),
  'voices.list': (_input, { voces }) => voces.storage.speakers.profiles(),
  'voices.forget': async ({ name }, { voces }) => {
    const forgotten = await voces.storage.speakers.forgetProfile(name.trim())
    // Gone from the disk too, not merely unused: the write-ahead log is truncated.
    if (forgotten) await voces.storage.scrub()
    return { forgotten }
  },
} satisfies Partial<Handlers>
