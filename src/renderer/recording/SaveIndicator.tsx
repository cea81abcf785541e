import { useT } from '../i18n/useT.ts'
import type { SaveStatus } from '../ui/useDebouncedSave.ts'

/** "Saved" / "Saving…": spoken politely, so a screen reader hears that typing is kept. */
export function SaveIndicator({ save }: { save: SaveStatus }) {
  const { t, errorText } = useT()
  const text =
    save.status === 'saved'
      ? t('save.saved')
      : save.status === 'saving'
        ? t('save.saving')
        : save.status === 'invalid'
          ? t('save.invalid')
          : t('save.failed', { reason: errorText(save.error).text })
  return (
    <p className={`save-indicator save-indicator--${save.status}`} role="status" aria-live="polite">
      <span className="save-indicator__dot" aria-hidden="true" />
      {text}
    </p>
  )
}
