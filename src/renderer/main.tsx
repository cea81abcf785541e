import { createRoot } from 'react-dom/client'
import { createClient } from './client/index.ts'

const client = createClient()
const root = document.getElementById('root')
if (root) createRoot(root).render(<p>Voces ({client.transport})</p>)
