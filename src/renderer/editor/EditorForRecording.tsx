import { useClient } from '../app/client-context.ts'
import { useT } from '../i18n/useT.ts'
import type { MediaSource } from './media.ts'
import { RecordingEditor } from './RecordingEditor.tsx'

/** The editor as the recording page mounts it: the window's client and interface language. */
export function EditorForRecording({
  recordingId,
  media,
}: {
  recordingId: string
  media?: MediaSource
}) {
  const client = useClient()
  const { language } = useT()
  return (
    <RecordingEditor client={client} recordingId={recordingId} language={language} media={media} />
  )
}
