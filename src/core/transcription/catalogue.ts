/**
 * The whisper.cpp ggml models Voces offers to download, from the Hugging Face repository
 * ggerganov/whisper.cpp. Upstream publishes SHA-1 checksums (whisper.cpp 1.9.1 models/README.md,
 * "Available models"), not SHA-256, so SHA-1 is what a download is checked against; for the small
 * quantised files upstream lists none, and those are checked by size and ggml header only
 * (docs/decisions/0010-whisper-engine.md). English-only `.en` models are left out: Voces' interviews
 * are in English and Spanish.
 */
export interface CatalogueModel {
  name: string
  /** Approximate size (upstream's MiB figure), shown before a download. */
  approxBytes: number
  quantized: boolean
  sha1: string | null
  description: string
}

const MiB = 1024 * 1024

export const modelCatalogue: readonly CatalogueModel[] = [
  {
    name: 'tiny',
    approxBytes: 75 * MiB,
    quantized: false,
    sha1: 'bd577a113a864445d4c299885e0cb97d4ba92b5f',
    description: 'Fastest, least accurate.',
  },
  {
    name: 'tiny-q5_1',
    approxBytes: 31 * MiB,
    quantized: true,
    sha1: null,
    description: 'Tiny, quantised: smallest download.',
  },
  {
    name: 'base',
    approxBytes: 142 * MiB,
    quantized: false,
    sha1: '465707469ff3a37a2b9b8d8f89f2f99de7299dac',
    description: 'Fast; fine for clear speech.',
  },
  {
    name: 'base-q5_1',
    approxBytes: 57 * MiB,
    quantized: true,
    sha1: null,
    description: 'Base, quantised.',
  },
  {
    name: 'small',
    approxBytes: 466 * MiB,
    quantized: false,
    sha1: '55356645c2b361a969dfd0ef2c5a50d530afd8d5',
    description: 'Good balance of speed and accuracy.',
  },
  {
    name: 'small-q5_1',
    approxBytes: 181 * MiB,
    quantized: true,
    sha1: null,
    description: 'Small, quantised: nearly as good, a third of the size.',
  },
  {
    name: 'medium',
    approxBytes: 1536 * MiB,
    quantized: false,
    sha1: 'fd9727b6e1217c2f614f9b698455c4ffd82463b4',
    description: 'Accurate; slow without a GPU.',
  },
  {
    name: 'medium-q5_0',
    approxBytes: 514 * MiB,
    quantized: true,
    sha1: null,
    description: 'Medium, quantised.',
  },
  {
    name: 'large-v3-turbo',
    approxBytes: 1536 * MiB,
    quantized: false,
    sha1: '4af2b29d7ec73d781377bfd1758ca957a807e941',
    description: 'Most accurate for its speed; best with a GPU.',
  },
  {
    name: 'large-v3-turbo-q5_0',
    approxBytes: 547 * MiB,
    quantized: true,
    sha1: 'e050f7970618a659205450ad97eb95a18d69c9ee',
    description: 'Large v3 turbo, quantised: the recommended model.',
  },
]

/** When none is chosen, the best model installed, in this order. */
export const modelPreference = [
  'large-v3-turbo-q5_0',
  'large-v3-turbo',
  'medium-q5_0',
  'medium',
  'small-q5_1',
  'small',
  'base-q5_1',
  'base',
  'tiny-q5_1',
  'tiny',
]

export function catalogueModel(name: string): CatalogueModel | undefined {
  return modelCatalogue.find((model) => model.name === name)
}

export const modelFileName = (name: string) => `ggml-${name}.bin`

/** Upstream's download address; VOCES_MODELS_URL points at a mirror (an archive's own server, a LAN). */
export function modelUrl(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const base = env.VOCES_MODELS_URL ?? 'https://huggingface.co/ggerganov/whisper.cpp/resolve/main'
  return `${base.replace(/\/+$/, '')}/${modelFileName(name)}`
}
