import { languages, type Language } from '../../shared/language.ts'
import { useMay } from '../people/context.ts'
import { useEditorT } from './useEditorT.ts'
import { PanelToggle } from './PanelToggle.tsx'
import { UndoButtons } from './UndoButtons.tsx'

export type SubtitleFormat = 'srt' | 'vtt' | 'ass'
export type SubtitlesPanelName = 'none' | 'rules' | 'help'

interface Props {
  /** How many cues the recording has. */
  cues: number
  depth: { undo: number; redo: number }
  saving: boolean
  panel: SubtitlesPanelName
  onToggle: (panel: SubtitlesPanelName) => void
  onMake: () => void
  onImport: (track: Language, file: File | undefined) => void
  onTranslate: (to: Language) => void
  onUndo: (redo: boolean) => void
  exportLang: Language
  onExportLang: (language: Language) => void
  format: SubtitleFormat
  onFormat: (format: SubtitleFormat) => void
  onExport: () => void
  /** The export's reason, asked when the consent is restricted or unknown; null: not asked. */
  reason: string | null
  onReason: (reason: string) => void
}

/**
 * The subtitles tab's toolbar: make, import and translate, undo and redo, the rules and help
 * panels, and the export of one track. Only the calls the caller's role may make are offered
 * (decision 0170); the work itself is the panel's.
 */
export function SubtitlesToolbar({
  cues,
  depth,
  saving,
  panel,
  onToggle,
  onMake,
  onImport,
  onTranslate,
  onUndo,
  exportLang,
  onExportLang,
  format,
  onFormat,
  onExport,
  reason,
  onReason,
}: Props) {
  const { t } = useEditorT()
  const may = useMay()
  return (
    <div className="editor-toolbar" role="toolbar" aria-label={t('tabs.subtitles')}>
      {may('subtitles.make') && (
        <button type="button" className="button button--small button--primary" onClick={onMake}>
          {cues > 0 ? t('subs.remake') : t('subs.make')}
        </button>
      )}
      {may('subtitles.import') &&
        languages.map((language) => (
          <label key={language} className="button button--small file-button">
            {t(language === 'en' ? 'subs.importEn' : 'subs.importEs')}
            <input
              type="file"
              accept=".srt,.vtt,.ass,.ssa"
              className="visually-hidden"
              onChange={(event) => {
                onImport(language, event.target.files?.[0])
                // Picking the same file again (after declining to replace) must fire again.
                event.target.value = ''
              }}
            />
          </label>
        ))}
      {cues > 0 &&
        may('translation.subtitles') &&
        languages.map((to) => (
          <button
            key={to}
            type="button"
            className="button button--small"
            onClick={() => onTranslate(to)}
          >
            {t(to === 'es' ? 'subs.translateEs' : 'subs.translateEn')}
          </button>
        ))}
      <UndoButtons depth={depth} onUndo={onUndo} />
      <PanelToggle
        label={t('subs.rules')}
        open={panel === 'rules'}
        onToggle={() => onToggle('rules')}
      />
      <PanelToggle
        label={t('subs.help')}
        icon="?"
        open={panel === 'help'}
        onToggle={() => onToggle('help')}
      />
      <span className="editor-toolbar__group">
        <select
          aria-label={t('subs.track')}
          value={exportLang}
          onChange={(event) => onExportLang(event.target.value as Language)}
        >
          <option value="en">{t('subs.english')}</option>
          <option value="es">{t('subs.spanish')}</option>
        </select>
        <select
          aria-label={t('subs.format')}
          value={format}
          onChange={(event) => onFormat(event.target.value as SubtitleFormat)}
        >
          <option value="srt">SRT</option>
          <option value="vtt">WebVTT</option>
          <option value="ass">ASS</option>
        </select>
        <button
          type="button"
          className="button button--small"
          disabled={cues === 0}
          onClick={onExport}
        >
          {t('subs.export')}
        </button>
      </span>
      {reason !== null && (
        <label className="editor-toolbar__reason">
          <span>{t('subs.reasonLabel')}</span>
          <input
            type="text"
            value={reason}
            title={t('subs.reasonHint')}
            onChange={(event) => onReason(event.target.value)}
          />
        </label>
      )}
      <span className="editor-save" role="status">
        {saving ? t('save.saving') : depth.undo > 0 ? t('subs.saved') : ''}
      </span>
    </div>
  )
}
