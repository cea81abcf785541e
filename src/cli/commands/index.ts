import type { Command } from '../command.ts'
import { libraryCommands } from './library.ts'
import { archiveCommands } from './archive.ts'
import { redactionCommands } from './redaction.ts'
import { episodeCommands } from './episodes.ts'
import { serveCommands } from './serve.ts'
import { transcriptionCommands } from './transcription.ts'
import { searchCommands } from './search.ts'
import { subtitleCommands } from './subtitles.ts'
import { glossaryCommands } from './glossary.ts'
import { sharedArchiveCommands } from './shared.ts'
import { peopleCommands } from './people.ts'

/** Every CLI command. Add a capability's commands with one spread. */
export const commands: Command[] = [
  ...libraryCommands,
  ...serveCommands,
  ...episodeCommands,
  ...transcriptionCommands,
  ...archiveCommands,
  ...redactionCommands,
  ...searchCommands,
  ...subtitleCommands,
  ...glossaryCommands,
  ...sharedArchiveCommands,
  ...peopleCommands,
]
