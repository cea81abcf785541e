import { useEffect, useRef } from 'react'
import type { EditorStringKey, EditorT } from './strings.ts'

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

export function HelpPopover({ t, onClose }: { t: EditorT; onClose: () => void }) {
  const close = useRef<HTMLButtonElement | null>(null)
  useEffect(() => close.current?.focus(), [])
  return (
    <section className="editor-panel editor-help" aria-label={t('help.title')}>
      <h3>{t('help.title')}</h3>
      <dl>
        {keys.map(([combo, label]) => (
          <div key={label}>
            <dt>
              <kbd>{combo}</kbd>
            </dt>
            <dd>{t(label)}</dd>
          </div>
        ))}
      </dl>
      <p className="hint">{t('help.note')}</p>
      <button type="button" ref={close} className="button button--small" onClick={onClose}>
        {t('help.close')}
      </button>
    </section>
  )
}
