import type { SearchFilters } from '../../shared/contract/index.ts'
import { useT } from '../i18n/useT.ts'
import { DateField } from '../ui/DateField.tsx'
import type { SectionTranslate } from '../../shared/i18n/sections.ts'

/** Language, speaker, date range, tags and the withdrawn-consent switch. */
export function Filters({
  filters,
  strings,
  onChange,
}: {
  filters: SearchFilters
  strings: SectionTranslate<'search'>
  onChange: (filters: SearchFilters) => void
}) {
  const { language } = useT()
  const set = (patch: Partial<SearchFilters>) => {
    const next: SearchFilters = { ...filters, ...patch }
    for (const key of Object.keys(next) as Array<keyof SearchFilters>) {
      if (next[key] === undefined || next[key] === '') delete next[key]
    }
    onChange(next)
  }
  return (
    <fieldset className="search-filters">
      <label>
        {strings('language')}
        <select
          value={filters.language ?? ''}
          onChange={(e) =>
            set({
              language:
                e.target.value === 'en' || e.target.value === 'es' ? e.target.value : undefined,
            })
          }
        >
          <option value="">{strings('anyLanguage')}</option>
          <option value="en">{strings('english')}</option>
          <option value="es">{strings('spanish')}</option>
        </select>
      </label>
      <label>
        {strings('speaker')}
        <input
          type="search"
          value={filters.speaker ?? ''}
          onChange={(e) => set({ speaker: e.target.value.trim() ? e.target.value : undefined })}
        />
      </label>
      <label>
        {strings('from')}
        <DateField
          value={filters.from ?? ''}
          language={language}
          onChange={(from) => set({ from: from || undefined })}
        />
      </label>
      <label>
        {strings('to')}
        <DateField
          value={filters.to ?? ''}
          language={language}
          onChange={(to) => set({ to: to || undefined })}
        />
      </label>
      <label>
        {strings('tags')}
        <input
          type="text"
          defaultValue={(filters.tags ?? []).join(', ')}
          onBlur={(e) => {
            const tags = e.target.value
              .split(',')
              .map((t) => t.trim())
              .filter(Boolean)
            set({ tags: tags.length > 0 ? tags : undefined })
          }}
        />
      </label>
      <label className="search-filters__check">
        <input
          type="checkbox"
          checked={filters.includeWithdrawn === true}
          onChange={(e) => set({ includeWithdrawn: e.target.checked ? true : undefined })}
        />
        {strings('includeWithdrawn')}
      </label>
    </fieldset>
  )
}
