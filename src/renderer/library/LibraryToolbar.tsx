import type { ReactNode } from 'react'
import type { MessageKey } from '../../shared/i18n/en.ts'
import { useT } from '../i18n/useT.ts'
import type { LibraryFilters } from './library-view.ts'

/** The search box, the sort and the filters over the library (decision 0132). */
export function LibraryToolbar({
  filters,
  tags,
  onChange,
}: {
  filters: LibraryFilters
  tags: readonly string[]
  onChange: (patch: Partial<LibraryFilters>) => void
}) {
  const { t } = useT()
  return (
    <div className="library-toolbar" role="search">
      <label className="library-toolbar__search">
        <span className="visually-hidden">{t('library.search.label')}</span>
        <input
          type="search"
          value={filters.query}
          placeholder={t('library.search.placeholder')}
          onChange={(event) => onChange({ query: event.target.value })}
        />
      </label>
      <Choice
        label={t('library.sort.label')}
        value={filters.sort}
        options={[
          ['added', t('library.sort.added')],
          ['interviewDate', t('library.sort.interviewDate')],
          ['length', t('library.sort.length')],
          ['title', t('library.sort.title')],
        ]}
        onChange={(sort) => onChange({ sort })}
      />
      <Choice
        label={t('library.filter.language')}
        value={filters.language}
        options={[
          ['any', t('library.filter.any')],
          ...(['en', 'es', 'en,es'] as const).map(
            (code) => [code, t(`languages.${code}` as MessageKey)] as const,
          ),
        ]}
        onChange={(language) => onChange({ language })}
      />
      <Choice
        label={t('library.filter.consent')}
        value={filters.consent}
        options={[
          ['any', t('library.filter.any')],
          ...(['given', 'restricted', 'withdrawn', 'unknown'] as const).map(
            (status) => [status, t(`consent.${status}` as MessageKey)] as const,
          ),
        ]}
        onChange={(consent) => onChange({ consent })}
      />
      {tags.length > 0 && (
        <Choice
          label={t('library.filter.tag')}
          value={filters.tag}
          options={[['', t('library.filter.any')], ...tags.map((tag) => [tag, tag] as const)]}
          onChange={(tag) => onChange({ tag })}
        />
      )}
      <Choice
        label={t('library.col.transcript')}
        value={filters.transcript}
        options={[
          ['any', t('library.filter.any')],
          ['yes', t('library.filter.yes')],
          ['no', t('library.filter.no')],
        ]}
        onChange={(transcript) => onChange({ transcript })}
      />
      <Choice
        label={t('library.col.subtitles')}
        value={filters.subtitles}
        options={[
          ['any', t('library.filter.any')],
          ['en', t('languages.en')],
          ['es', t('languages.es')],
          ['none', t('library.filter.none')],
        ]}
        onChange={(subtitles) => onChange({ subtitles })}
      />
      <Choice
        label={t('library.filter.speakersNamed')}
        value={filters.speakersNamed}
        options={[
          ['any', t('library.filter.any')],
          ['yes', t('library.filter.yes')],
          ['no', t('library.filter.no')],
        ]}
        onChange={(speakersNamed) => onChange({ speakersNamed })}
      />
      <Choice
        label={t('library.col.checked')}
        value={filters.checked}
        options={[
          ['any', t('library.filter.any')],
          ['all', t('library.filter.checkedAll')],
          ['some', t('library.filter.checkedSome')],
          ['none', t('library.filter.none')],
        ]}
        onChange={(checked) => onChange({ checked })}
      />
    </div>
  )
}

function Choice<V extends string>({
  label,
  value,
  options,
  onChange,
}: {
  label: string
  value: V
  options: readonly (readonly [V, string])[]
  onChange: (value: V) => void
}): ReactNode {
  return (
    <label className="library-toolbar__choice">
      <span>{label}</span>
      <select
        value={value}
        onChange={(event) => {
          const picked = options.find(([option]) => option === event.target.value)
          if (picked) onChange(picked[0])
        }}
      >
        {options.map(([option, text]) => (
          <option key={option} value={option}>
            {text}
          </option>
        ))}
      </select>
    </label>
  )
}
