export { en, type MessageKey } from './en.ts'
export { es } from './es.ts'
export { languages, type Language, type Message, type Params, type PluralMessage } from './types.ts'
export {
  catalogues,
  interpolate,
  isMessageKey,
  makeTranslator,
  placeholders,
  translate,
  type Translate,
} from './translate.ts'
export { baseName, errorLine, errorText, type ErrorLike, type ErrorText } from './errors.ts'
export {
  datePatterns,
  formatDateNumeric,
  formatNumber,
  localeOf,
  locales,
  parseDateNumeric,
} from './locale.ts'
export { fieldName, fieldNames, internalFields, validationMessage } from './validation.ts'
export { speakerLabel } from './speaker.ts'
