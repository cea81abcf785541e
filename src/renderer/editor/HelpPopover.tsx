import { useEffect, useRef } from 'react'
import type { EditorStringKey } from './strings.ts'
import { useEditorT } from './useEditorT.ts'

const isMac = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform)
const mod = isMac ? '⌘' : 'Ctrl'
const alt = isMac ? '⌥' : 'Alt'

const keys: Array<[string, EditorStringKey]> = [
  [`${mod}+Space`, 'help.playPause'],
  [`${alt}+←`, 'help.back'],
  [`${alt}+→`, 'help.forward'],
  [`${alt}+↓`, 'help.slower'],
  [`${alt}+↑`, 'help.faster'],
  [`${alt}+PageUp`, 'help.prev'],
  [`${alt}+PageDown`, 'help.next'],
  [`${mod}+Z`, 'help.undo'],
  [`${mod}+Shift+Z`, 'help.redo'],
]

/** In the text of a subtitle cue (SubtitlesPanel, CueRow). */
const cueTextKeys: Array<[string, EditorStringKey]> = [
  [`${mod}+Enter`, 'help.cueSplit'],
  [`${mod}+Shift+Enter`, 'help.cueInsert'],
]

/** On a focused cue of the waveform (CueLane.tsx, cue-drag.ts: cueKey). */
const cueKeys: Array<[string, EditorStringKey]> = [
  ['[', 'help.cueStartEarlier'],
  ['Shift+[', 'help.cueStartLater'],
  [']', 'help.cueEndLater'],
  ['Shift+]', 'help.cueEndEarlier'],
  ['← →', 'help.cueMove'],
  [`${mod}+[ ] ← →`, 'help.cueFrame'],
  ['↑ ↓', 'help.cueNext'],
  ['Enter', 'help.cuePlay'],
]

function Keys({ list }: { list: Array<[string, EditorStringKey]> }) {
  const { t } = useEditorT()
  return (
    <dl>
      {list.map(([combo, label]) => (
        <div key={label}>
          <dt>
            <kbd>{combo}</kbd>
          </dt>
          <dd>{t(label)}</dd>
        </div>
      ))}
    </dl>
  )
}

/** The undo keys, which the Subtitles tab has too (for cue edits). */
const undoKeys = keys.filter(([, label]) => label === 'help.undo' || label === 'help.redo')

/**
 * The editor's keys. The Transcript tab lists the transcriber's keys; the Subtitles tab the keys
 * of a cue's text; both the keys of a cue on the waveform, which is on the page with either tab.
 */
export function HelpPopover({
  onClose,
  tab = 'transcript',
}: {
  onClose: () => void
  tab?: 'transcript' | 'subtitles'
}) {
  const { t } = useEditorT()
  const close = useRef<HTMLButtonElement | null>(null)
  useEffect(() => close.current?.focus(), [])
  return (
    <section className="editor-panel editor-help" aria-label={t('help.title')}>
      <h3>{t('help.title')}</h3>
      {tab === 'transcript' ? (
        <>
          <Keys list={keys} />
          <p className="hint">{t('help.note')}</p>
        </>
      ) : (
        <>
          <Keys list={undoKeys} />
          <h4 className="help-section">{t('help.cueList')}</h4>
          <Keys list={cueTextKeys} />
        </>
      )}
      <h4 className="help-section">{t('help.cues')}</h4>
      <Keys list={cueKeys} />
      <button type="button" ref={close} className="button button--small" onClick={onClose}>
        {t('help.close')}
      </button>
    </section>
  )
}
