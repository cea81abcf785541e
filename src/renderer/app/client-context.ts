import { createContext, useContext } from 'react'
import type { VocesClient } from '../client/index.ts'

export const ClientContext = createContext<VocesClient | null>(null)

/** The one client of this window (IPC in the app, HTTP in the browser build). */
export function useClient(): VocesClient {
  const client = useContext(ClientContext)
  if (!client) throw new Error('useClient outside <ClientContext>')
  return client
}
