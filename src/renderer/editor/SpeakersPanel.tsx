import { useEffect, useState } from 'react'
import type { EditorSpeaker, EditorTranscript } from '../../shared/contract/index.ts'
import { speakerLabel } from '../../shared/i18n/index.ts'
import { useT } from '../i18n/useT.ts'
import type { EditorT } from './strings.ts'
import type { TranscriptModel } from './useTranscript.ts'

function SpeakerFields({
  speaker,
  model,
  t,
}: {
  speaker: EditorSpeaker
  model: TranscriptModel
  t: EditorT
}) {
  const { language } = useT()
  const [name, setName] = useState(speaker.name)
  const [affiliation, setAffiliation] = useState(speaker.affiliation)
  // What was saved (or undone) shows in the fields; each field follows its own value only.
  useEffect(() => setName(speaker.name), [speaker.name])
  useEffect(() => setAffiliation(speaker.affiliation), [speaker.affiliation])
  const save = () => {
    if (name.trim() === speaker.name && affiliation.trim() === speaker.affiliation) return
    void model.send('editor.renameSpeaker', { speakerId: speaker.id, name, affiliation })
  }
  return (
    <fieldset className="speaker">
      <legend>{speakerLabel(language, speaker.label)}</legend>
      <label>
        <span>{t('speakers.name')}</span>
        <input value={name} onChange={(event) => setName(event.target.value)} onBlur={save} />
      </label>
      <label>
        <span>{t('speakers.affiliation')}</span>
        <input
          value={affiliation}
          onChange={(event) => setAffiliation(event.target.value)}
          onBlur={save}
        />
      </label>
    </fieldset>
  )
}

/** Names each speaker once for the recording; every segment's menu shows the name. */
export function SpeakersPanel({
  transcript,
  model,
  t,
}: {
  transcript: EditorTranscript
  model: TranscriptModel
  t: EditorT
}) {
  return (
    <section className="editor-panel speakers" aria-label={t('speakers.title')}>
      <p className="hint">{t('speakers.hint')}</p>
      {transcript.speakers.map((speaker) => (
        <SpeakerFields key={speaker.id} speaker={speaker} model={model} t={t} />
      ))}
      <button
        type="button"
        className="button button--small"
        onClick={() =>
          void model.send('editor.addSpeaker', {
            recordingId: transcript.recordingId,
            name: '',
            affiliation: '',
          })
        }
      >
        {t('speakers.add')}
      </button>
    </section>
  )
}
