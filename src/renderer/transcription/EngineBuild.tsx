import { useEffect } from 'react'
import { useClient } from '../app/client-context.ts'
import { FollowedJobRow, useFollowedJob } from '../jobs/useFollowedJob.tsx'
import { transcriptionErrorLine } from './errors.ts'
import { optionalMessage } from '../../shared/i18n/sections.ts'
import { useSection } from '../i18n/useSection.ts'

/**
 * In a source checkout with no engine (decision 0189): the tools the build lacks, each with how to
 * install it, or the Build button, then the build job's progress and Cancel, and its log on failure.
 */
export function EngineBuild({
  missingTools,
  onBuilt,
}: {
  missingTools: readonly string[]
  onBuilt: () => void
}) {
  const client = useClient()
  const { s, errorText } = useSection('transcription')
  const { job, running, refused, busy, start } = useFollowedJob(
    (each) => each.kind === 'engine-build',
    () => client.call('engine.build', {}),
  )
  const failed = job?.state === 'failed' ? job.error : null
  const succeeded = job?.state === 'succeeded'
  useEffect(() => {
    if (succeeded) onBuilt()
  }, [succeeded, onBuilt])

  if (missingTools.length > 0) {
    return (
      <div className="engine-build" role="alert">
        <p>{s('buildMissing')}</p>
        <ul className="engine-build__tools">
          {missingTools.map((tool) => (
            <li key={tool}>{optionalMessage(s, 'transcription', `buildTools.${tool}`) ?? tool}</li>
          ))}
        </ul>
        <p className="hint">{s('buildInstall')}</p>
        <p className="hint">{s('buildAgain')}</p>
      </div>
    )
  }

  if (running) return <FollowedJobRow name="whisper.cpp" job={job} className="engine-build" />
  const log = failed?.params?.log
  return (
    <div className="engine-build">
      <p className="hint">{s('buildIntro')}</p>
      <button
        type="button"
        className="button button--primary"
        disabled={busy}
        onClick={() => void start()}
      >
        {s('buildEngine')}
      </button>
      {refused && (
        <p className="notice notice--error" role="alert">
          {transcriptionErrorLine(s, errorText, refused)}
        </p>
      )}
      {failed && (
        <div className="notice notice--error" role="alert">
          <p>{s('buildFailed')}</p>
          {typeof log === 'string' && <pre className="models-engine__hint">{log}</pre>}
        </div>
      )}
    </div>
  )
}
