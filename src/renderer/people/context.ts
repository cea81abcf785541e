import { createContext, useCallback, useContext } from 'react'
import type { MethodName, Whoami } from '../../shared/contract/index.ts'

export interface Me {
  /** Who is signed in; null where the core could not say (the calls then answer for themselves). */
  whoami: Whoami | null
  signOut: () => Promise<void>
}

export const MeContext = createContext<Me>({ whoami: null, signOut: async () => undefined })

export function useMe(): Me {
  return useContext(MeContext)
}

/**
 * Whether the caller may make a call, as the core's role table says (decision 0170). A button,
 * form or page that makes a call it may not make is left out; the core would refuse it anyway.
 */
export function useMay(): (method: MethodName) => boolean {
  const { whoami } = useMe()
  return useCallback(
    (method: MethodName) => whoami === null || whoami.methods.includes(method),
    [whoami],
  )
}
