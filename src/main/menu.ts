import type { Language } from '../shared/language.ts'
import type { MenuItemConstructorOptions } from 'electron'

export interface MenuActions {
  addRecordings(): void
  setLanguage(language: Language): void
}

const labels = {
  en: {
    file: 'File',
    add: 'Add recordings…',
    language: 'Language',
    quit: 'Quit',
    edit: 'Edit',
    view: 'View',
  },
  es: {
    file: 'Archivo',
    add: 'Agregar grabaciones…',
    language: 'Idioma',
    quit: 'Salir',
    edit: 'Edición',
    view: 'Ver',
  },
} as const

/** The application menu in the UI's language. Pure data, so it is tested without Electron. */
export function menuTemplate(
  language: Language,
  actions: MenuActions,
  isMac: boolean,
): MenuItemConstructorOptions[] {
  const l = labels[language]
  return [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: l.file,
      submenu: [
        { label: l.add, accelerator: 'CmdOrCtrl+O', click: () => actions.addRecordings() },
        { type: 'separator' },
        {
          label: l.language,
          submenu: [
            {
              label: 'English',
              type: 'radio',
              checked: language === 'en',
              click: () => actions.setLanguage('en'),
            },
            {
              label: 'Español',
              type: 'radio',
              checked: language === 'es',
              click: () => actions.setLanguage('es'),
            },
          ],
        },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit', label: l.quit },
      ],
    },
    { role: 'editMenu', label: l.edit },
    { role: 'viewMenu', label: l.view },
  ]
}
