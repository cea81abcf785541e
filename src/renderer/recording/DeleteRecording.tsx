import type { Recording } from '../../shared/contract/index.ts'
import { useClient } from '../app/client-context.ts'
import { useT } from '../i18n/useT.ts'
import { DangerDialog } from '../ui/DangerDialog.tsx'

/** Delete, behind a modal dialog that says the original file stays. Focus starts on "Keep it". */
export function DeleteRecording({ recording }: { recording: Recording }) {
  const { t } = useT()
  const client = useClient()
  return (
    <DangerDialog
      id="delete"
      label={t('recording.delete')}
      title={t('recording.deleteTitle', { title: recording.title })}
      body={t('recording.deleteBody')}
      keep={t('recording.deleteCancel')}
      confirm={t('recording.deleteConfirm')}
      working={t('recording.deleting')}
      action={async () => {
        const result = await client.call('library.remove', { id: recording.id })
        if (!result.ok) return result.error
        window.location.hash = '#/'
        return null
      }}
    />
  )
}
