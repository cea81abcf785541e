import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react'
import type { Whoami } from '../../shared/contract/index.ts'
import { useClient } from '../app/client-context.ts'
import { MeContext, type Me } from './context.ts'
import { SignInPage } from './SignInPage.tsx'

type State =
  | { status: 'loading' }
  | { status: 'signedOut'; ended: boolean }
  | { status: 'in'; whoami: Whoami | null }

/**
 * Who uses the page (decision 0171): asks the core at start, and again at each new page, so a
 * session that was revoked or ran out stops at the next step; any call answered SIGN_IN_NEEDED
 * brings the sign-in page at once. The app window and a loopback `serve` without accounts are
 * the implicit admin: whoami answers at once and no sign-in page is ever shown.
 */
export function PeopleGate({ children }: { children: ReactNode }) {
  const client = useClient()
  const [state, setState] = useState<State>({ status: 'loading' })

  const ask = useCallback(async () => {
    const result = await client.call('people.whoami', {})
    if (result.ok) {
      const whoami = result.value
      setState((before) =>
        before.status === 'in' && sameCaller(before.whoami, whoami)
          ? before
          : { status: 'in', whoami },
      )
    } else if (result.error.code === 'SIGN_IN_NEEDED')
      setState((before) =>
        before.status === 'signedOut'
          ? before
          : { status: 'signedOut', ended: before.status === 'in' },
      )
    else setState((before) => (before.status === 'in' ? before : { status: 'in', whoami: null }))
  }, [client])

  useEffect(() => {
    void ask()
    const onPage = () => void ask()
    window.addEventListener('hashchange', onPage)
    const stop = client.session?.onSignInNeeded(() =>
      setState((before) =>
        before.status === 'signedOut' ? before : { status: 'signedOut', ended: true },
      ),
    )
    return () => {
      window.removeEventListener('hashchange', onPage)
      stop?.()
    }
  }, [ask, client])

  const signOut = useCallback(async () => {
    await client.session?.signOut()
    setState({ status: 'signedOut', ended: false })
  }, [client])

  const whoami = state.status === 'in' ? state.whoami : null
  const me = useMemo<Me>(() => ({ whoami, signOut }), [whoami, signOut])

  if (state.status === 'loading') return null
  if (state.status === 'signedOut')
    return <SignInPage ended={state.ended} onSignedIn={() => void ask()} />
  // A new person gets a fresh page: nothing of the one before stays in memory.
  return (
    <MeContext.Provider value={me} key={whoami?.email ?? 'implicit'}>
      {children}
    </MeContext.Provider>
  )
}

function sameCaller(a: Whoami | null, b: Whoami): boolean {
  return a !== null && a.email === b.email && a.role === b.role
}
