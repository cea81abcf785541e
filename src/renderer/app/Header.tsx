import { JobsTray } from '../jobs/JobsTray.tsx'
import { useT } from '../i18n/useT.ts'
import { AccountMenu } from '../people/AccountMenu.tsx'
import { useMay } from '../people/context.ts'
import { LanguageSwitch } from './LanguageSwitch.tsx'
import { navItems } from './nav.ts'
import type { Route } from './route.ts'

export function Header({ route }: { route: Route }) {
  const { t, language } = useT()
  const may = useMay()
  return (
    <header className="app-header">
      <a className="app-header__brand" href="#/">
        <span className="app-header__logo" aria-hidden="true" />
        <span className="app-header__name">{t('app.name')}</span>
        <span className="app-header__tagline">{t('app.tagline')}</span>
      </a>
      <nav className="app-nav" aria-label={t('nav.main')}>
        <ul>
          {navItems
            .filter((item) => item.needs === undefined || may(item.needs))
            .map((item) => (
              <li key={item.href}>
                <a href={item.href} aria-current={item.owns(route) ? 'page' : undefined}>
                  {typeof item.label === 'string' ? t(item.label) : item.label[language]}
                </a>
              </li>
            ))}
        </ul>
      </nav>
      <div className="app-header__tools">
        <JobsTray />
        <LanguageSwitch />
        <AccountMenu />
      </div>
    </header>
  )
}
