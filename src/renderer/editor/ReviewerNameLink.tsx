import { useT } from '../i18n/useT.ts'

/** Where the reviewer's name is set (decision 0203), after the editor's "write your name" notices. */
export function ReviewerNameLink() {
  const { t } = useT()
  return <a href="#/settings">{t('settings.reviewerName')}</a>
}
