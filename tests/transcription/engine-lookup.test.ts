// Where Voces looks for whisper-cli (decisions 0010, 0168): the packaged app's bundled folder is
// the one electron-builder fills from resources/bin, and a checkout's packaging build is found too.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { engineCandidates } from '../../src/core/transcription/binary.ts'
import { repoRoot } from '../helpers.ts'

const here = `${process.platform}-${process.arch}`
const cli = process.platform === 'win32' ? 'whisper-cli.exe' : 'whisper-cli'

describe('the engine lookup', () => {
  it('tries the setting, VOCES_WHISPER_CLI, the bundled folder, the source build, then resources/bin', () => {
    const candidates = engineCandidates({
      whisperPath: '/chosen/whisper-cli',
      resourcesDir: '/app/resources',
      env: { VOCES_WHISPER_CLI: '/env/whisper-cli' },
    })
    expect(candidates).toEqual([
      '/chosen/whisper-cli',
      '/env/whisper-cli',
      path.join('/app/resources', 'bin', here, cli),
      path.join(repoRoot, 'vendor', 'whisper.cpp', 'build', 'bin', cli),
      path.join(repoRoot, 'resources', 'bin', here, cli),
    ])
  })

  it('looks in the folder the packaging config carries into the app as bin/', () => {
    const config = readFileSync(path.join(repoRoot, 'electron-builder.yml'), 'utf8')
    // extraResources: resources/bin → bin, so resourcesDir/bin/<platform>-<arch> is what the
    // build script's --package mode filled.
    expect(config).toMatch(/extraResources:\s*\n\s*- from: resources\/bin\s*\n\s*to: bin/)
    const script = readFileSync(path.join(repoRoot, 'scripts', 'build-whisper.sh'), 'utf8')
    expect(script).toContain('out_dir="$root/resources/bin/$platform-$arch"')
    expect(script).toContain('-DGGML_BACKEND_DL=ON')
    expect(script).toContain('-DGGML_CPU_ALL_VARIANTS=ON')
  })
})
