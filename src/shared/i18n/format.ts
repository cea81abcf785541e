import { IntlMessageFormat } from 'intl-messageformat'
import { localeOf } from './locale.ts'
import type { Language, Params } from './types.ts'

/**
 * ICU messages through intl-messageformat (decision 0196): `{name}`, `{count, plural, one {# …}
 * other {# …}}` and `{kind, select, a {…} other {…}}`, in the language's locale (locale.ts), so
 * `#` and every number argument read 20,000 and 1.5 in both languages.
 */

type Element = ReturnType<IntlMessageFormat['getAst']>[number]

// The parser's element types (TYPE in @formatjs/icu-messageformat-parser).
const ARGUMENT = 1
const NUMBER = 2
const SELECT = 5
const PLURAL = 6
const TAG = 8

/** How a message uses an argument: as text, a number, or to choose a plural or select branch. */
export type ArgumentKind = 'text' | 'number' | 'plural' | 'select' | 'date'

interface Parsed {
  ast: Element[]
  args: ReadonlyMap<string, ArgumentKind>
  formats: Map<string, IntlMessageFormat>
}

function kindOf(element: Element): ArgumentKind | null {
  switch (element.type) {
    case ARGUMENT:
      return 'text'
    case NUMBER:
      return 'number'
    case PLURAL:
      return 'plural'
    case SELECT:
      return 'select'
    case 3:
    case 4:
      return 'date'
    default:
      return null
  }
}

function collect(elements: readonly Element[], into: Map<string, ArgumentKind>): void {
  for (const element of elements) {
    const kind = kindOf(element)
    if (kind && 'value' in element && typeof element.value === 'string') {
      // A counted argument may also be shown as text elsewhere; its counting use names it.
      if (!into.has(element.value) || kind === 'plural' || kind === 'select')
        into.set(element.value, kind)
    }
    if ('options' in element)
      for (const option of Object.values(element.options)) collect(option.value, into)
    if (element.type === TAG && 'children' in element) collect(element.children, into)
  }
}

const parsed = new Map<string, Parsed>()

function parse(message: string): Parsed {
  let entry = parsed.get(message)
  if (!entry) {
    // Tags stay text: no message is markup, and `<` may be a word's own character.
    const ast = new IntlMessageFormat(message, 'en', undefined, { ignoreTag: true }).getAst()
    const args = new Map<string, ArgumentKind>()
    collect(ast, args)
    entry = { ast, args, formats: new Map() }
    parsed.set(message, entry)
  }
  return entry
}

/** The arguments a message names and how it uses each: the catalogue test compares languages. */
export function messageArguments(message: string): ReadonlyMap<string, ArgumentKind> {
  return parse(message).args
}

/** The same message with each plain `{name}` whose value is a number written as a number. */
function numbersAsNumbers(elements: readonly Element[], numeric: ReadonlySet<string>): Element[] {
  return elements.map((element): Element => {
    if (element.type === ARGUMENT && numeric.has(element.value))
      return { type: NUMBER, value: element.value, style: null } as Element
    if ('options' in element) {
      const options = Object.fromEntries(
        Object.entries(element.options).map(([name, option]) => [
          name,
          { ...option, value: numbersAsNumbers(option.value, numeric) },
        ]),
      )
      return { ...element, options } as Element
    }
    return element
  })
}

/**
 * A message filled in. An argument with no value stays visible as `{name}` rather than vanishing
 * (a plural with none counts 0; a select with none takes `other`).
 */
export function formatMessage(language: Language, message: string, params: Params = {}): string {
  const entry = parse(message)
  const values: Record<string, string | number> = {}
  const numeric: string[] = []
  for (const [name, kind] of entry.args) {
    const value = params[name]
    if (value === undefined)
      values[name] = kind === 'plural' ? 0 : kind === 'select' ? 'other' : `{${name}}`
    else {
      values[name] = value
      if (typeof value === 'number' && kind === 'text') numeric.push(name)
    }
  }
  const formatKey = `${language} ${numeric.join(' ')}`
  let format = entry.formats.get(formatKey)
  if (!format) {
    const ast = numeric.length > 0 ? numbersAsNumbers(entry.ast, new Set(numeric)) : entry.ast
    format = new IntlMessageFormat(ast, localeOf(language), undefined, { ignoreTag: true })
    entry.formats.set(formatKey, format)
  }
  const text = format.format(values)
  return typeof text === 'string' ? text : String(text)
}
