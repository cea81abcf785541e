import type { Recording } from '../../shared/contract/index.ts'
import { useClient } from '../app/client-context.ts'
import { useT } from '../i18n/useT.ts'
import { DangerDialog } from '../ui/DangerDialog.tsx'

/**
 * Deletes the library's own copy of the original (after a redaction, a person may not
 * want the words kept anywhere the library controls). Shown only when there is a copy; the
 * original where the person keeps it is named and left alone. Focus starts on "Keep it".
 */
export function DeleteLibraryCopy({
  recording,
  onDeleted,
}: {
  recording: Recording
  onDeleted: (recording: Recording) => void
}) {
  const { t } = useT()
  const client = useClient()
  if (!recording.storedPath) return null
  return (
    <DangerDialog
      id="delete-copy"
      label={t('recording.deleteCopy')}
      title={t('recording.deleteCopyTitle')}
      body={t('recording.deleteCopyBody', { path: recording.path })}
      keep={t('recording.deleteCancel')}
      confirm={t('recording.deleteCopyConfirm')}
      working={t('recording.deleting')}
      action={async () => {
        const result = await client.call('redaction.deleteLibraryCopy', {
          recordingId: recording.id,
          confirm: true,
        })
        if (!result.ok) return result.error
        onDeleted({ ...recording, storedPath: null })
        return null
      }}
    />
  )
}
