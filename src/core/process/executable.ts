import { accessSync, constants } from 'node:fs'

/** Whether a file exists and may be run: how FFmpeg, whisper-cli, Apertium and tools are found. */
export function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK)
    return true
  } catch {
    return false
  }
}
