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
  return <RecordingEditor recordingId={recordingId} media={media} />
}
