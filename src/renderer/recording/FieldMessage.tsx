import { useT } from '../i18n/useT.ts'
import type { FieldError } from './metadata.ts'

/** A field's validation message, linked to it with aria-describedby by the caller. */
export function FieldMessage({ id, error }: { id: string; error: FieldError | undefined }) {
  const { t } = useT()
  if (!error) return null
  return (
    <p id={id} className="field__error">
      {t(error.key, error.params)}
    </p>
  )
}
