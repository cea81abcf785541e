import { spawnSync } from 'node:child_process'
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runCli } from '../../src/cli/main.ts'
import { dispatch } from '../../src/core/api/index.ts'
import { requireWhisperCli } from '../../src/core/transcription/binary.ts'
import { loggedCommand, whisperArgs } from '../../src/core/transcription/engine.ts'
import {
  countTokens,
  fitGlossary,
  glossaryTermMaxChars,
  glossaryTokenBudget,
  readWhisperVocab,
} from '../../src/core/transcription/glossary.ts'
import { Voces } from '../../src/core/voces.ts'
import type { Glossary, Result } from '../../src/shared/contract/index.ts'
import { errorText } from '../../src/shared/i18n/index.ts'
import { captureIo, mediaDir, modelsDir, repoRoot, tempDir } from '../helpers.ts'
import { ingestOne, recordingIdOf } from '../media/media-fixtures.ts'

// whisper.cpp's weightless test model: no weights, but the real file format and the real
// multilingual vocabulary, which is all a prompt needs.
const testModel = path.join(modelsDir, 'for-tests-ggml-tiny.bin')

let dir: string
let cleanup: () => void
let voces: Voces
let libraryDir: string
const savedEnv = { models: process.env.VOCES_MODELS, cli: process.env.VOCES_WHISPER_CLI }

beforeEach(() => {
  ;({ dir, cleanup } = tempDir())
  libraryDir = path.join(dir, 'library')
  process.env.VOCES_MODELS = path.join(dir, 'models')
  mkdirSync(process.env.VOCES_MODELS)
  copyFileSync(testModel, path.join(process.env.VOCES_MODELS, 'for-tests-ggml-tiny.bin'))
  voces = new Voces({ libraryDir })
})
afterEach(async () => {
  await voces.close()
  for (const [name, value] of [
    ['VOCES_MODELS', savedEnv.models],
    ['VOCES_WHISPER_CLI', savedEnv.cli],
  ] as const) {
    if (value === undefined) delete process.env[name]
    else process.env[name] = value
  }
  cleanup()
})

const ctx = () => ({ voces, transport: 'cli' as const })
const call = async (method: 'glossary.add' | 'glossary.remove', term: string) =>
  (await dispatch(method, { term }, ctx())) as Result<Glossary>

describe('the glossary', () => {
  it('keeps terms in order; an empty, too long, repeated or unknown term is refused in both languages and changes nothing', async () => {
    expect(await call('glossary.add', '  SEIU   2015 ')).toMatchObject({
      ok: true,
      value: { terms: ['SEIU 2015'], prompt: { used: 1, leftOut: 0, budget: 111 } },
    })
    await call('glossary.add', 'huelga')
    await call('glossary.add', 'USMCA')
    const refusals = [
      ['glossary.add', ' \n\t ', 'GLOSSARY_TERM_EMPTY', /^Type the word/, /^Escriba la palabra/],
      [
        'glossary.add',
        'x'.repeat(glossaryTermMaxChars + 1),
        'GLOSSARY_TERM_TOO_LONG',
        /at most 60 characters/,
        /de 60 caracteres como máximo/,
      ],
      [
        'glossary.add',
        'HUELGA',
        'GLOSSARY_TERM_DUPLICATE',
        /^“huelga” is already in the glossary/,
        /^«huelga» ya está en el glosario/,
      ],
      [
        'glossary.remove',
        'Teamsters',
        'GLOSSARY_TERM_NOT_FOUND',
        /^“Teamsters” is not in the glossary/,
        /^«Teamsters» no está en el glosario/,
      ],
    ] as const
    for (const [method, term, code, english, spanish] of refusals) {
      const result = await call(method, term)
      expect(result).toMatchObject({ ok: false, error: { code } })
      if (result.ok) continue
      expect(errorText('en', result.error).text).toMatch(english)
      expect(errorText('es', result.error).text).toMatch(spanish)
    }
    expect(await dispatch('glossary.list', {}, ctx())).toMatchObject({
      ok: true,
      value: { terms: ['SEIU 2015', 'huelga', 'USMCA'] },
    })
    // Exactly 60 characters is a term; case does not matter when removing.
    expect((await call('glossary.add', 'é'.repeat(60))).ok).toBe(true)
    expect(await call('glossary.remove', 'usmca')).toMatchObject({
      ok: true,
      value: { terms: ['SEIU 2015', 'huelga', 'é'.repeat(60)] },
    })
  })

  it('counts a prompt’s tokens exactly as whisper.cpp does', async () => {
    const vocab = await readWhisperVocab(testModel)
    const terms = [
      'SEIU 2015',
      'huelga',
      'USMCA',
      'Teamsters Local 2010',
      'construcción',
      'Ñandú',
      "O'Hare's",
      '日本語 労働組合 ✊🏽',
      'año\u00a0nuevo  3.5%',
    ]
    // whisper-cli says how many tokens a prompt has when it is too long to carry whole.
    const prompt = Array.from({ length: 30 }, () => terms)
      .flat()
      .join(', ')
    const { stderr } = spawnSync(
      requireWhisperCli(),
      [
        '-m',
        testModel,
        '-f',
        path.join(mediaDir, 'en', 'jfk.wav'),
        '-l',
        'en',
        '-t',
        '2',
        '--prompt',
        prompt,
        '--carry-initial-prompt',
      ],
      { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] },
    )
    const engine = /initial prompt is too long \((\d+) tokens\)/.exec(stderr)
    expect(engine, 'whisper-cli reported the prompt’s length').not.toBeNull()
    expect(countTokens(vocab, prompt)).toBe(Number(engine?.[1]))
  }, 120_000)

  it('a long glossary: Whisper gets the first terms that fit, and the rest are counted as left out', async () => {
    const terms = Array.from({ length: 40 }, (_, i) => `Local ${1000 + i} Teamsters`)
    for (const term of terms) await call('glossary.add', term)
    const listed = (await dispatch('glossary.list', {}, ctx())) as Result<Glossary>
    if (!listed.ok) throw new Error(listed.error.message)
    const { used, leftOut, tokens, budget } = listed.value.prompt ?? {}
    expect(budget).toBe(glossaryTokenBudget)
    expect(used).toBeGreaterThan(5)
    expect(leftOut).toBe(40 - (used ?? 0))
    expect(leftOut).toBeGreaterThan(0)
    const vocab = await readWhisperVocab(testModel)
    const count = (text: string) => countTokens(vocab, text)
    const fitted = fitGlossary(terms, count)
    expect(fitted.prompt).toBe(terms.slice(0, used).join(', '))
    expect(count(fitted.prompt ?? '')).toBe(tokens)
    expect(tokens).toBeLessThanOrEqual(glossaryTokenBudget)
    // One more term would not have fitted.
    expect(count(terms.slice(0, (used ?? 0) + 1).join(', '))).toBeGreaterThan(glossaryTokenBudget)
  })
})

/** A whisper-cli that writes the arguments it was given (NUL-separated), then runs the real one. */
function recordingEngine(): { argsFile: string; runs: () => string[][] } {
  const argsFile = path.join(dir, 'whisper-args')
  const wrapper = path.join(dir, 'whisper-cli')
  writeFileSync(
    wrapper,
    `#!/bin/sh\nprintf '%s\\0' "$@" >> '${argsFile}'\nprintf '\\n' >> '${argsFile}'\nexec '${requireWhisperCli()}' "$@"\n`,
  )
  chmodSync(wrapper, 0o755)
  process.env.VOCES_WHISPER_CLI = wrapper
  return {
    argsFile,
    runs: () =>
      existsSync(argsFile)
        ? readFileSync(argsFile, 'utf8')
            .split('\0\n')
            .filter((run) => run !== '')
            .map((run) => run.split('\0'))
        : [],
  }
}

async function transcribeJfk(): Promise<void> {
  const id = recordingIdOf(await ingestOne(voces, path.join(mediaDir, 'en', 'jfk.wav')))
  const started = await dispatch(
    'transcription.start',
    { recordingIds: [id], language: 'en' },
    ctx(),
  )
  if (!started.ok) throw new Error(started.error.message)
  const { jobs } = started.value as { jobs: Array<{ jobId: string }> }
  expect((await voces.jobs.waitFor(jobs[0]?.jobId ?? '')).state).toBe('succeeded')
}

describe('a transcription with a glossary', () => {
  it('gives the real whisper-cli the first terms that fit as its carried prompt; the log keeps their count and none of the words', async () => {
    const engine = recordingEngine()
    const ours = ['SEIU 2015', 'huelga', "O'Hare", 'Ñandú']
    const terms = [...ours, ...Array.from({ length: 36 }, (_, i) => `Local ${1000 + i} Teamsters`)]
    for (const term of terms) expect((await call('glossary.add', term)).ok).toBe(true)
    await transcribeJfk()

    const runs = engine.runs()
    expect(runs).toHaveLength(1)
    const args = runs[0] ?? []
    const prompt = args[args.indexOf('--prompt') + 1] ?? ''
    const used = prompt.split(', ').length
    expect(used).toBeGreaterThan(ours.length)
    expect(used).toBeLessThan(terms.length)
    expect(prompt).toBe(terms.slice(0, used).join(', '))
    expect(args).toContain('--carry-initial-prompt')

    const log = readFileSync(path.join(voces.layout.logs, 'voces.log'), 'utf8')
    const glossaryLine = log.split('\n').find((line) => line.includes('"message":"glossary"'))
    expect(JSON.parse(glossaryLine ?? '{}')).toMatchObject({
      terms: used,
      leftOut: terms.length - used,
    })
    expect(log).toContain("--prompt '…'")
    for (const word of ['SEIU', 'huelga', 'Hare', 'Ñandú', 'Teamsters'])
      expect(log).not.toContain(word)
  }, 120_000)

  it('the logged command hides the prompt whole, however it is quoted; no glossary, no prompt', () => {
    const run = {
      binary: 'whisper-cli',
      model: 'm.bin',
      audio: 'a.wav',
      outBase: 'out',
      language: 'en' as const,
      translate: false,
      threads: 2,
    }
    expect(whisperArgs(run)).not.toContain('--prompt')
    for (const prompt of ['huelga', "O'Hare, huelga", 'SEIU 2015, --prompt'])
      expect(loggedCommand('whisper-cli', whisperArgs({ ...run, prompt }))).toBe(
        "whisper-cli -m m.bin -f a.wav -t 2 -l en --prompt '…' --carry-initial-prompt -ojf -of out -pp",
      )
  })
})

describe('voces glossary', () => {
  it('every glossary line of the README runs as printed', async () => {
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8')
    const lines = readme
      .split('\n')
      .map((line) => /^\s+bin\/voces (--library DIR glossary .*?)\s*(#.*)?$/.exec(line)?.[1])
      .filter((line) => line !== undefined)
    expect(lines.map((line) => line.split(' ').slice(2, 4).join(' ')).sort()).toEqual([
      'glossary add',
      'glossary list',
      'glossary remove',
    ])
    const order = ['add', 'list', 'remove']
    lines.sort(
      (a, b) => order.indexOf(a.split(' ')[3] ?? '') - order.indexOf(b.split(' ')[3] ?? ''),
    )
    for (const line of lines) {
      const args = line
        .split(' ')
        .map((word) =>
          word === 'DIR'
            ? libraryDir
            : word === 'TERM'
              ? 'SEIU 2015'
              : word.replace(/^\[(.*)\]$/, '$1'),
        )
      const io = captureIo()
      expect(await runCli(args, io.io), `${line}: ${io.err()}`).toBe(0)
      if (line.includes('list')) {
        expect(JSON.parse(io.out())).toMatchObject({ terms: ['SEIU 2015'] })
      }
    }
    // The usage the CLI prints is the README's.
    const help = captureIo()
    await runCli(['--help'], help.io)
    for (const line of lines) expect(help.out()).toContain(line.replace('--library DIR ', ''))
  })

  it('says what it did, and refuses clearly', async () => {
    await voces.close()
    const run = async (...args: string[]) => {
      const io = captureIo()
      const code = await runCli(['--library', libraryDir, 'glossary', ...args], io.io)
      return { code, out: io.out(), err: io.err() }
    }
    expect(await run('add', 'SEIU 2015')).toMatchObject({
      code: 0,
      out: '✓ “SEIU 2015” added (1 in the glossary).\n',
    })
    expect(await run('add', 'seiu 2015')).toMatchObject({
      code: 1,
      err: '“SEIU 2015” is already in the glossary.\n',
    })
    expect(await run('add', '')).toMatchObject({ code: 1, err: /^Type the word/ })
    expect(await run('add', 'SEIU', '2015')).toMatchObject({ code: 2, err: /in quotes/ })
    expect(await run('list')).toMatchObject({
      code: 0,
      out: /^SEIU 2015\n\n1 term, all in Whisper's prompt \(\d+ of 111 tokens\)\.\n$/,
    })
    expect(await run('remove', 'Teamsters')).toMatchObject({
      code: 1,
      err: '“Teamsters” is not in the glossary.\n',
    })
    expect(await run('remove', 'SEIU 2015')).toMatchObject({ code: 0, out: /removed \(0 in/ })
    voces = new Voces({ libraryDir })
  })
})
