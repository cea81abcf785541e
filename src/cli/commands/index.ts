import type { Command } from '../command.ts'
import { libraryCommands } from './library.ts'
import { episodeCommands } from './episodes.ts'
import { serveCommands } from './serve.ts'

/** Every CLI command. Add a capability's commands with one spread. */
export const commands: Command[] = [...libraryCommands, ...serveCommands, ...episodeCommands]
