import { useCallback, useEffect, useState } from 'react'
import type { SavedSearch, SearchFilters } from '../../shared/contract/index.ts'
import { useClient } from '../app/client-context.ts'
import type { SectionTranslate } from '../../shared/i18n/sections.ts'

/** Pick a saved search, save the current one under a name, or remove one. */
export function SavedSearches({
  strings,
  query,
  filters,
  onPick,
}: {
  strings: SectionTranslate<'search'>
  query: string
  filters: SearchFilters
  onPick: (saved: SavedSearch) => void
}) {
  const client = useClient()
  const [list, setList] = useState<SavedSearch[]>([])
  const [picked, setPicked] = useState('')
  const [name, setName] = useState('')
  const reload = useCallback(async () => {
    const answer = await client.call('search.saved.list', {})
    if (answer.ok) setList(answer.value)
  }, [client])
  useEffect(() => {
    void reload()
  }, [reload])

  const save = async () => {
    if (!name.trim()) return
    const answer = await client.call('search.saved.save', { name, query, filters })
    if (answer.ok) {
      setName('')
      setPicked(answer.value.id)
      await reload()
    }
  }
  const remove = async () => {
    if (!picked) return
    await client.call('search.saved.remove', { id: picked })
    setPicked('')
    await reload()
  }
  return (
    <div className="search-saved">
      <label>
        {strings('saved')}
        <select
          value={picked}
          onChange={(e) => {
            setPicked(e.target.value)
            const saved = list.find((s) => s.id === e.target.value)
            if (saved) onPick(saved)
          }}
        >
          <option value="">{list.length === 0 ? strings('savedNone') : '—'}</option>
          {list.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      <button type="button" onClick={() => void remove()} disabled={!picked}>
        {strings('remove')}
      </button>
      <input
        type="text"
        placeholder={strings('saveAs')}
        aria-label={strings('saveName')}
        value={name}
        onChange={(e) => setName(e.target.value)}
      />
      <button type="button" onClick={() => void save()} disabled={!name.trim() || !query.trim()}>
        {strings('save')}
      </button>
    </div>
  )
}
