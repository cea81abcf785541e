import { useEffect, useState } from 'react'
import type { DisguiseSpeakerInfo } from '../../shared/contract/index.ts'
import { speakerLabel } from '../../shared/i18n/index.ts'
import { useClient } from '../app/client-context.ts'
import { useT } from '../i18n/useT.ts'
import { sectionTranslator } from '../../shared/i18n/sections.ts'
import { formatClock } from '../ui/format.ts'
import { TextField } from '../ui/TextField.tsx'
import type { ExportOptions } from './options.ts'

/**
 * "Disguise voices": the speakers of the source's transcripts, each a checkbox, and one shift in
 * semitones for those ticked (decision 0060). The warning says what a pitch shift does not protect.
 */
export function DisguiseField({
  sourceId,
  value,
  invalid,
  onChange,
}: {
  sourceId: string
  value: ExportOptions['disguise']
  /** Shown only once the person tried to start. */
  invalid: boolean
  onChange: (value: ExportOptions['disguise']) => void
}) {
  const { language } = useT()
  const s = sectionTranslator(language, 'disguise')
  const client = useClient()
  const [speakers, setSpeakers] = useState<DisguiseSpeakerInfo[] | null>(null)

  useEffect(() => {
    let live = true
    void client.call('disguise.speakers', { source: sourceId }).then((result) => {
      if (live) setSpeakers(result.ok ? result.value : [])
    })
    return () => {
      live = false
    }
  }, [client, sourceId])

  const toggle = (speaker: string, on: boolean) =>
    onChange({
      ...value,
      speakers: on
        ? [...value.speakers.filter((item) => item !== speaker), speaker]
        : value.speakers.filter((item) => item !== speaker),
    })

  return (
    <fieldset className="field export-disguise" aria-describedby="export-disguise-warning">
      <legend>{s('legend')}</legend>
      <p className="hint">{s('intro')}</p>
      {speakers === null ? (
        <p className="hint">{s('loading')}</p>
      ) : speakers.length === 0 ? (
        <p className="hint">{s('none')}</p>
      ) : (
        <div className="export-disguise__body">
          <div className="export-disguise__speakers">
            {speakers.map((item) => (
              <label key={item.speaker} className="check">
                <input
                  type="checkbox"
                  checked={value.speakers.includes(item.speaker)}
                  onChange={(event) => toggle(item.speaker, event.target.checked)}
                />
                {s('speaker', {
                  speaker: speakerLabel(language, item.speaker),
                  name: item.name,
                  named:
                    item.name !== '' &&
                    item.name !== item.speaker &&
                    item.name !== speakerLabel(language, item.speaker)
                      ? 'yes'
                      : 'no',
                  time: formatClock(Math.round(item.seconds)),
                })}
              </label>
            ))}
          </div>
          <TextField
            id="export-disguise-semitones"
            label={s('semitones')}
            className="export-disguise__semitones"
            inputMode="numeric"
            value={value.semitones}
            disabled={value.speakers.length === 0}
            hint={s('semitonesHint')}
            invalid={invalid}
            onChange={(semitones) => onChange({ ...value, semitones })}
          >
            {invalid && <p className="field__error">{s('semitonesInvalid')}</p>}
          </TextField>
        </div>
      )}
      <p id="export-disguise-warning" className="notice export-disguise__warning">
        {s('warning')}
      </p>
    </fieldset>
  )
}
