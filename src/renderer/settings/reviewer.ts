import { useEffect, useState } from 'react'
import { useClient } from '../app/client-context.ts'
import { useMe } from '../people/context.ts'

/** Where the editor kept the name before it moved into the library's settings. */
const formerKey = 'voces.editor.reviewer'

function formerName(): string {
  try {
    return window.localStorage.getItem(formerKey)?.trim() ?? ''
  } catch {
    return ''
  }
}

/**
 * Who is recorded as having checked a segment or cue (decision 0203): in the single-user library,
 * the name set in Settings; for a person signed in to a shared archive, their own account's name.
 * Empty until known, or when none is set.
 */
export function useReviewerName(): string {
  const client = useClient()
  const { whoami } = useMe()
  const signedIn = whoami !== null && !whoami.implicit
  const [stored, setStored] = useState('')

  useEffect(() => {
    if (signedIn) return
    let live = true
    void client.call('settings.get', {}).then((result) => {
      if (!live || !result.ok) return
      const former = formerName()
      if (result.value.reviewerName === '' && former !== '') {
        // A name typed in the editor before it moved: kept, now in the settings.
        setStored(former)
        void client.call('settings.update', { reviewerName: former }).then((saved) => {
          if (saved.ok) window.localStorage.removeItem(formerKey)
        })
      } else setStored(result.value.reviewerName)
    })
    return () => {
      live = false
    }
  }, [client, signedIn])

  if (signedIn) return whoami.name.trim() || (whoami.email ?? '')
  return stored
}
