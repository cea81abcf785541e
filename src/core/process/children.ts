import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process'

/**
 * Every program Voces starts (through the one runner, ./run.ts) ends with the process that started
 * it, however that one ends, `kill -9` included (docs/decisions/0091-children-die-with-voces.md).
 *
 * Node has no PR_SET_PDEATHSIG, and an exit handler never runs on SIGKILL, so on Linux and macOS
 * each tool is started in a process group of its own (`detached`: nor does a Ctrl-C in the
 * terminal reach it, only Voces, which decides) and its group is told to one small watcher, a
 * POSIX shell started once per Voces process. The watcher reads a pipe whose other end only
 * Voces holds; the kernel closes that end when Voces dies, whatever killed it, and the watcher
 * then kills every group still listed. A tool that ends on its own is taken off the list, so a
 * reused process id is never killed.
 */

// `+PID` lists a group, `-PID` takes it off; end of input (Voces gone): kill what is listed.
// The watcher ignores the terminal's signals: it must outlive Voces to do its work.
const watcherScript = `trap '' INT HUP TERM
live=' '
while IFS= read -r line; do
  case $line in
    +*) live="$live\${line#+} " ;;
    -*) p=\${line#-}; case $live in *" $p "*) live="\${live%% $p *} \${live#* $p }" ;; esac ;;
  esac
done
for p in $live; do kill -s KILL -- "-$p" 2>/dev/null; done
`

const posix = process.platform !== 'win32'
let watcher: ChildProcess | null | undefined

function tell(line: string): void {
  if (watcher === undefined) {
    try {
      watcher = spawn('/bin/sh', ['-c', watcherScript], {
        stdio: ['pipe', 'ignore', 'ignore'],
        detached: true,
      })
      watcher.on('error', () => (watcher = null))
      // Neither the watcher nor its pipe keeps Voces running.
      watcher.unref()
      const pipe = watcher.stdin as (NodeJS.WritableStream & { unref?: () => void }) | null
      pipe?.unref?.()
      watcher.stdin?.on('error', () => (watcher = null))
    } catch {
      watcher = null
    }
  }
  if (watcher?.stdin?.writable) watcher.stdin.write(line)
}

/**
 * Spawns a tool (an argument array, never a shell string) so that it ends with Voces. On Windows
 * it is spawned as before: nothing there yet kills a child whose parent was killed.
 */
export function spawnTool(
  file: string,
  args: readonly string[],
  stdio: StdioOptions,
  env?: NodeJS.ProcessEnv,
): ChildProcess {
  const child = spawn(file, args, { stdio, env, windowsHide: true, detached: posix })
  const pid = child.pid
  if (posix && pid !== undefined) {
    tell(`+${pid}\n`)
    child.once('exit', () => tell(`-${pid}\n`))
  }
  return child
}
