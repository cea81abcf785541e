import { useEffect, type ReactNode } from 'react'
import type { Recording } from '../../shared/contract/index.ts'
import { useT } from '../i18n/useT.ts'
import { useMay } from '../people/context.ts'
import { clockText } from '../episodes/time.ts'
import {
  defaultLufs,
  exportMethods,
  extensionFor,
  sourceId,
  type ExportKind,
  type ExportOptions,
  type ExportSource,
  type OptionsProblem,
} from './options.ts'
import { withExtension } from './paths.ts'
import { DisguiseField } from './DisguiseField.tsx'
import { sectionTranslator } from '../../shared/i18n/sections.ts'
import { TextField } from '../ui/TextField.tsx'
import { TranscriptOptions } from './TranscriptOptions.tsx'

interface Props {
  source: ExportSource
  options: ExportOptions
  problems: readonly OptionsProblem[]
  /** Shown only after the person tried to start, so a fresh form is not all red. */
  showProblems: boolean
  withdrawn: readonly Recording[]
  needsReason: readonly Recording[]
  onChange: (options: ExportOptions) => void
}

function Choice<V extends string | number>({
  name,
  legend,
  value,
  choices,
  onChange,
}: {
  name: string
  legend: string
  value: V
  choices: ReadonlyArray<{ value: V; label: string }>
  onChange: (value: V) => void
}) {
  return (
    <fieldset className="field">
      <legend>{legend}</legend>
      <div className="segmented">
        {choices.map((choice) => (
          <label key={String(choice.value)} className="segmented__option">
            <input
              type="radio"
              name={name}
              checked={value === choice.value}
              onChange={() => onChange(choice.value)}
            />
            <span>{choice.label}</span>
          </label>
        ))}
      </div>
    </fieldset>
  )
}

/** The choices of one export: what kind, its settings, where it goes, and consent. */
export function ExportForm({
  source,
  options,
  problems,
  showProblems,
  withdrawn,
  needsReason,
  onChange,
}: Props) {
  const { t, language: uiLanguage } = useT()
  const may = useMay()
  const set = (patch: Partial<ExportOptions>) => {
    const next = { ...options, ...patch }
    // The file's extension follows the kind and format, unless the person typed their own.
    if (next.kind !== options.kind || next.format !== options.format) {
      const before = extensionFor(options)
      if (options.output.toLowerCase().endsWith(`.${before}`))
        next.output = withExtension(options.output, extensionFor(next))
    }
    onChange(next)
  }
  const problem = (name: OptionsProblem, text: string): ReactNode =>
    showProblems && problems.includes(name) ? (
      <p className="field__error" id={`export-${name}-error`}>
        {text}
      </p>
    ) : null
  const isVideo = source.kind === 'recording' && source.recording.hasVideo
  const kinds: Array<{ value: ExportKind; label: string }> = [
    { value: 'podcast' as const, label: t('export.kind.podcast') },
    ...(isVideo ? [{ value: 'video' as const, label: t('export.kind.video') }] : []),
    { value: 'audiogram' as const, label: t('export.kind.audiogram') },
    ...(source.kind === 'recording'
      ? [
          {
            value: 'transcript' as const,
            label: sectionTranslator(uiLanguage, 'disguise')('transcriptKind'),
          },
        ]
      : []),
  ].filter((kind) => may(exportMethods[kind.value]))
  const firstKind = kinds[0]?.value
  // A role that may not make the first kind's call starts on the first kind it may make.
  useEffect(() => {
    if (firstKind !== undefined && !kinds.some((kind) => kind.value === options.kind))
      set({ kind: firstKind })
  })
  const lufsDefault = defaultLufs(options.channels)

  return (
    <div className="export-form">
      <Choice
        name="export-kind"
        legend={t('export.kind')}
        value={options.kind}
        choices={kinds}
        onChange={(kind) => set({ kind })}
      />
      {!isVideo && <p className="hint">{t('export.videoOnlyForVideo')}</p>}

      {options.kind === 'podcast' && (
        <div className="form-grid">
          <Choice
            name="export-format"
            legend={t('export.format')}
            value={options.format}
            choices={[
              { value: 'mp3', label: 'MP3' },
              { value: 'm4a', label: 'M4A (AAC)' },
            ]}
            onChange={(format) => set({ format })}
          />
          <Choice
            name="export-channels"
            legend={t('export.channels')}
            value={options.channels}
            choices={[
              { value: 2, label: t('export.stereo') },
              { value: 1, label: t('export.mono') },
            ]}
            onChange={(channels) => set({ channels })}
          />
          <TextField
            id="export-lufs"
            wide
            label={t('export.lufs')}
            className="export-form__lufs"
            inputMode="decimal"
            placeholder={String(lufsDefault)}
            value={options.lufs}
            hint={t('export.lufsHint', { target: lufsDefault })}
            invalid={showProblems && problems.includes('lufs')}
            onChange={(lufs) => set({ lufs })}
          >
            {problem('lufs', t('export.lufsInvalid'))}
          </TextField>
          <TextField
            id="export-publish-url"
            wide
            label={t('export.publishUrl')}
            type="url"
            inputMode="url"
            placeholder="https://"
            value={options.publishUrl}
            hint={t('export.publishUrlHint')}
            invalid={showProblems && problems.includes('publishUrl')}
            onChange={(publishUrl) => set({ publishUrl })}
          >
            {problem('publishUrl', t('export.publishUrlInvalid'))}
          </TextField>
        </div>
      )}

      {options.kind === 'video' && (
        <div className="form-grid">
          <Choice
            name="export-burn"
            legend={t('export.burn')}
            value={options.burn}
            choices={[
              { value: 'none', label: t('export.none') },
              { value: 'en', label: t('languages.en') },
              { value: 'es', label: t('languages.es') },
              { value: 'both', label: t('export.both') },
            ]}
            onChange={(burn) => set({ burn })}
          />
          <fieldset className="field">
            <legend>{t('export.soft')}</legend>
            <div className="export-form__checks">
              {(['en', 'es'] as const).map((language) => (
                <label key={language} className="check">
                  <input
                    type="checkbox"
                    checked={options.soft[language]}
                    onChange={(event) =>
                      set({ soft: { ...options.soft, [language]: event.target.checked } })
                    }
                  />
                  {t(`languages.${language}`)}
                </label>
              ))}
            </div>
          </fieldset>
          <p className="hint field--wide">{t('export.videoHint')}</p>
        </div>
      )}

      {options.kind === 'audiogram' && (
        <div className="form-grid">
          <Choice
            name="export-size"
            legend={t('export.size')}
            value={options.size}
            choices={[
              { value: 'square', label: t('export.square') },
              { value: 'vertical', label: t('export.vertical') },
            ]}
            onChange={(size) => set({ size })}
          />
          <Choice
            name="export-captions"
            legend={t('export.captions')}
            value={options.captions}
            choices={[
              { value: 'en', label: t('languages.en') },
              { value: 'es', label: t('languages.es') },
              { value: 'none', label: t('export.none') },
            ]}
            onChange={(captions) => set({ captions })}
          />
          {source.kind === 'recording' ? (
            <>
              <TextField
                id="export-from"
                label={t('export.from')}
                inputMode="decimal"
                placeholder={clockText(0)}
                value={options.from}
                onChange={(from) => set({ from })}
              />
              <TextField
                id="export-to"
                label={t('export.to')}
                inputMode="decimal"
                placeholder={clockText(source.recording.duration)}
                value={options.to}
                onChange={(to) => set({ to })}
              />
              <p className="hint field--wide">{t('export.stretchHint')}</p>
              {problem('range', t('export.rangeInvalid'))}
            </>
          ) : (
            <p className="hint field--wide">{t('export.audiogramEpisode')}</p>
          )}
        </div>
      )}

      {options.kind === 'transcript' && <TranscriptOptions options={options} onChange={set} />}

      {options.kind !== 'transcript' && (
        <DisguiseField
          sourceId={sourceId(source)}
          value={options.disguise}
          invalid={showProblems && problems.includes('disguise')}
          onChange={(disguise) => set({ disguise })}
        />
      )}

      {options.kind !== 'transcript' && (
        <TextField
          id="export-output"
          label={t('export.output')}
          className="mono"
          value={options.output}
          hint={t('export.outputHint')}
          invalid={showProblems && problems.includes('output')}
          onChange={(output) => set({ output })}
        >
          {problem('output', t('export.outputRequired'))}
        </TextField>
      )}

      {withdrawn.length > 0 && (
        <div className="notice notice--error" role="alert">
          <p>
            <strong>{t('export.withdrawnTitle')}</strong>
          </p>
          <p>{t('export.withdrawnBody', { titles: withdrawn.map((r) => r.title).join(', ') })}</p>
        </div>
      )}
      {withdrawn.length === 0 && needsReason.length > 0 && (
        <div className="notice export-form__consent">
          <label htmlFor="export-reason">
            <strong>{t('export.reasonLabel')}</strong>
          </label>
          <p id="export-reason-hint">
            {t('export.reasonBody', { titles: needsReason.map((r) => r.title).join(', ') })}
          </p>
          <textarea
            id="export-reason"
            rows={2}
            required
            value={options.reason}
            aria-describedby="export-reason-hint"
            aria-invalid={showProblems && problems.includes('reason') ? true : undefined}
            onChange={(event) => set({ reason: event.target.value })}
          />
          {problem('reason', t('export.reasonRequired'))}
        </div>
      )}
    </div>
  )
}
