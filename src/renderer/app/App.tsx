import { useEffect, useRef } from 'react'
import type { VocesClient } from '../client/index.ts'
import { I18nProvider } from '../i18n/I18nProvider.tsx'
import { useT } from '../i18n/useT.ts'
import { JobsProvider } from '../jobs/JobsProvider.tsx'
import { LibraryPage } from '../library/LibraryPage.tsx'
import { DropTarget } from '../library/DropTarget.tsx'
import { RecordingPage } from '../recording/RecordingPage.tsx'
import { SearchPage } from '../search/SearchPage.tsx'
import { EpisodePage } from '../episodes/EpisodePage.tsx'
import { EpisodesPage } from '../episodes/EpisodesPage.tsx'
import { SettingsPage } from '../settings/SettingsPage.tsx'
import { ModelsPage } from '../transcription/ModelsPage.tsx'
import { AccessPage } from '../people/AccessPage.tsx'
import { AuditPage } from '../people/AuditPage.tsx'
import { useMay } from '../people/context.ts'
import { PeopleGate } from '../people/PeopleGate.tsx'
import { PeoplePage } from '../people/PeoplePage.tsx'
import { ClientContext } from './client-context.ts'
import { Header } from './Header.tsx'
import { PageErrorBoundary } from './PageErrorBoundary.tsx'
import { routeHref } from './route.ts'
import { useRoute } from './useRoute.ts'

function Shell() {
  const { t } = useT()
  const route = useRoute()
  const may = useMay()
  const main = useRef<HTMLElement>(null)
  const first = useRef(true)

  // A new page moves focus to its content, as a page load would (WCAG 2.4.3 focus order).
  useEffect(() => {
    if (first.current) {
      first.current = false
      return
    }
    main.current?.focus()
  }, [route])

  return (
    <div className="app">
      <a
        className="skip-link"
        href="#content"
        onClick={(event) => {
          // The hash holds the route, so the skip link moves focus itself.
          event.preventDefault()
          main.current?.focus()
        }}
      >
        {t('app.skipToContent')}
      </a>
      <Header route={route} />
      <main id="content" ref={main} tabIndex={-1} className="app-main">
        <PageErrorBoundary
          key={routeHref(route)}
          fallback={
            <p className="notice notice--error" role="alert">
              {t('error.INTERNAL')}
            </p>
          }
        >
          {route.page === 'recording' ? (
            <RecordingPage id={route.id} {...(route.t === undefined ? {} : { startAt: route.t })} />
          ) : route.page === 'search' ? (
            <SearchPage
              onOpen={(id, time) => {
                window.location.hash = routeHref({ page: 'recording', id, t: Math.max(0, time) })
              }}
            />
          ) : route.page === 'episodes' ? (
            <EpisodesPage />
          ) : route.page === 'episode' ? (
            <EpisodePage id={route.id} />
          ) : route.page === 'models' ? (
            <ModelsPage />
          ) : route.page === 'settings' ? (
            <SettingsPage />
          ) : route.page === 'people' && may('people.list') ? (
            <PeoplePage />
          ) : route.page === 'access' && may('grants.list') ? (
            <AccessPage />
          ) : route.page === 'audit' && may('audit.list') ? (
            <AuditPage />
          ) : route.page === 'people' || route.page === 'access' || route.page === 'audit' ? (
            <NotFound />
          ) : route.page === 'notFound' ? (
            <NotFound />
          ) : (
            <LibraryPage />
          )}
        </PageErrorBoundary>
      </main>
      {may('library.ingest') && <DropTarget />}
    </div>
  )
}

function NotFound() {
  const { t } = useT()
  return (
    <div className="page">
      <h1>{t('app.notFound.title')}</h1>
      <p className="notice notice--error" role="alert">
        {t('app.notFound.text')}
      </p>
      <a className="back-link" href="#/">
        <span aria-hidden="true">← </span>
        {t('app.notFound.back')}
      </a>
    </div>
  )
}

export function App({ client }: { client: VocesClient }) {
  return (
    <ClientContext.Provider value={client}>
      <I18nProvider>
        <PeopleGate>
          <JobsProvider>
            <Shell />
          </JobsProvider>
        </PeopleGate>
      </I18nProvider>
    </ClientContext.Provider>
  )
}
