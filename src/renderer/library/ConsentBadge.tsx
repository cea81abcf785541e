import type { Recording } from '../../shared/contract/index.ts'
import { useT } from '../i18n/useT.ts'

export function ConsentBadge({ status }: { status: Recording['consentStatus'] }) {
  const { t } = useT()
  return (
    <span className={`badge badge--consent-${status}`}>
      <span className="badge__dot" aria-hidden="true" />
      {t(`consent.badge.${status}`)}
    </span>
  )
}
