import { isMediaFileName } from './media-files.ts'

export interface Collected {
  files: File[]
  /** Folders in which no audio or video file was found. */
  emptyFolders: string[]
}

function readAll(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  // readEntries returns at most 100 entries a call (Chromium); call until it returns none.
  return new Promise((resolve, reject) => {
    const all: FileSystemEntry[] = []
    const next = () =>
      reader.readEntries((batch) => {
        if (batch.length === 0) resolve(all)
        else {
          all.push(...batch)
          next()
        }
      }, reject)
    next()
  })
}

const fileOf = (entry: FileSystemFileEntry) =>
  new Promise<File>((resolve, reject) => entry.file(resolve, reject))

async function walk(entry: FileSystemDirectoryEntry, into: File[]): Promise<void> {
  const entries = await readAll(entry.createReader())
  entries.sort((a, b) => a.name.localeCompare(b.name))
  for (const child of entries) {
    if (child.name.startsWith('.')) continue
    if (child.isDirectory) await walk(child as FileSystemDirectoryEntry, into)
    else if (child.isFile && isMediaFileName(child.name))
      into.push(await fileOf(child as FileSystemFileEntry))
  }
}

/**
 * The files in a browser drop: a file dropped on its own is always tried; a folder is searched
 * for media files, as the core searches folders it is given.
 */
export async function collectDropped(transfer: DataTransfer): Promise<Collected> {
  const entries = [...transfer.items]
    .filter((item) => item.kind === 'file')
    .map((item) => item.webkitGetAsEntry())
  const files: File[] = []
  const emptyFolders: string[] = []
  for (const entry of entries) {
    if (!entry) continue
    if (entry.isDirectory) {
      const before = files.length
      await walk(entry as FileSystemDirectoryEntry, files)
      if (files.length === before) emptyFolders.push(entry.name)
    } else if (entry.isFile) files.push(await fileOf(entry as FileSystemFileEntry))
  }
  return { files, emptyFolders }
}

/** The files of a folder picked with <input webkitdirectory>, searched the same way. */
export function mediaInPickedFolder(files: readonly File[]): File[] {
  return files.filter((file) => isMediaFileName(file.name))
}
