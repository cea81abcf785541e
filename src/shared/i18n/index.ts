export { en, type MessageKey } from './en.ts'
export { es } from './es.ts'
export { languages, type Language, type Message, type Params } from './types.ts'
export { formatMessage, messageArguments, type ArgumentKind } from './format.ts'
export { catalogues, isMessageKey, makeTranslator, translate, type Translate } from './translate.ts'
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
