import { useClient } from '../app/client-context.ts'
import { FollowedJobRow, useFollowedJob } from '../jobs/useFollowedJob.tsx'
import { transcriptionErrorLine } from './errors.ts'
import { isDownloadOf } from './recommended.ts'
import { useSection } from '../i18n/useSection.ts'

/**
 * A model's Download button, and once pressed the download job's progress, time left and
 * Cancel (the jobs tray's own row, fed by the same job subscription). A download already under way
 * (started on another page, or before a reload) is picked up by its label.
 */
export function ModelDownload({
  name,
  primary = false,
  labelled = false,
}: {
  name: string
  primary?: boolean
  /** Says the model's name on the button ("Download small-q5_1") where nothing else does. */
  labelled?: boolean
}) {
  const client = useClient()
  const { s, errorText } = useSection('transcription')
  const { job, running, refused, busy, start } = useFollowedJob(
    (each) => isDownloadOf(each, name),
    () => client.call('models.download', { name }),
  )
  const error = refused ?? (job?.state === 'failed' ? job.error : null)

  if (running) return <FollowedJobRow name={name} job={job} className="model-download" />
  return (
    <div className="model-download">
      <button
        type="button"
        className={`button button--small${primary ? ' button--primary' : ''}`}
        disabled={busy}
        onClick={() => void start()}
        aria-label={s('downloadNamed', { name })}
      >
        {labelled ? s('downloadNamed', { name }) : s('download')}
      </button>
      {error && (
        <p className="model-download__error" role="alert">
          {transcriptionErrorLine(s, errorText, error)}
        </p>
      )}
    </div>
  )
}
