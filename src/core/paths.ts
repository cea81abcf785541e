import os from 'node:os'
import path from 'node:path'

/**
 * The app's user-data folder, computed the way Electron's app.getPath('userData') does for an app
 * named "Voces", so the CLI and the app find the same library without importing electron.
 */
export function userDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform = process.platform,
): string {
  const home = os.homedir()
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Voces')
  if (platform === 'win32')
    return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Voces')
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Voces')
}

/** `--library` beats `VOCES_LIBRARY`, which beats the user-data folder. */
export function resolveLibraryDir(
  flag: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string {
  if (flag) return path.resolve(flag)
  if (env.VOCES_LIBRARY) return path.resolve(env.VOCES_LIBRARY)
  return path.join(userDataDir(env), 'library')
}

/** Where Whisper models live: `VOCES_MODELS`, else the user-data folder. */
export function resolveModelsDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.VOCES_MODELS) return path.resolve(env.VOCES_MODELS)
  return path.join(userDataDir(env), 'models')
}

/**
 * The folders inside one library. Media paths stored in the database are relative to `root`,
 * and the library's files are read and written through `storage.media` only (decision 0124).
 */
export function libraryLayout(root: string) {
  return {
    root,
    database: path.join(root, 'voces.sqlite'),
    media: path.join(root, 'media'),
    temp: path.join(root, 'tmp'),
    logs: path.join(root, 'logs'),
  }
}
export type LibraryLayout = ReturnType<typeof libraryLayout>
