/**
 * The whisper.cpp ggml models Voces offers to download, from the Hugging Face repository
 * ggerganov/whisper.cpp. Each is pinned by its exact size and SHA-256: the model host publishes a
 * SHA-256 for every file (the Git LFS object id), where upstream's README lists SHA-1 for only
 * some, so every download is checked, the quantised ones too (docs/decisions/0010-whisper-engine.md).
 * English-only `.en` models are left out: Voces' interviews are in English and Spanish.
 */
export interface CatalogueModel {
  name: string
  /** The file's exact size in bytes: shown before a download, and checked after it. */
  bytes: number
  quantized: boolean
  /** The file's SHA-256, lowercase hex, as the model host publishes it. */
  sha256: string
  description: string
}

export const modelCatalogue: readonly CatalogueModel[] = [
  {
    name: 'tiny',
    bytes: 77_691_713,
    quantized: false,
    sha256: 'be07e048e1e599ad46341c8d2a135645097a538221678b7acdd1b1919c6e1b21',
    description: 'Fastest, least accurate.',
  },
  {
    name: 'tiny-q5_1',
    bytes: 32_152_673,
    quantized: true,
    sha256: '818710568da3ca15689e31a743197b520007872ff9576237bda97bd1b469c3d7',
    description: 'Tiny, quantised: smallest download.',
  },
  {
    name: 'base',
    bytes: 147_951_465,
    quantized: false,
    sha256: '60ed5bc3dd14eea856493d334349b405782ddcaf0028d4b5df4088345fba2efe',
    description: 'Fast; fine for clear speech.',
  },
  {
    name: 'base-q5_1',
    bytes: 59_707_625,
    quantized: true,
    sha256: '422f1ae452ade6f30a004d7e5c6a43195e4433bc370bf23fac9cc591f01a8898',
    description: 'Base, quantised.',
  },
  {
    name: 'small',
    bytes: 487_601_967,
    quantized: false,
    sha256: '1be3a9b2063867b937e64e2ec7483364a79917e157fa98c5d94b5c1fffea987b',
    description: 'Good balance of speed and accuracy.',
  },
  {
    name: 'small-q5_1',
    bytes: 190_085_487,
    quantized: true,
    sha256: 'ae85e4a935d7a567bd102fe55afc16bb595bdb618e11b2fc7591bc08120411bb',
    description: 'Small, quantised: nearly as good, a third of the size.',
  },
  {
    name: 'medium',
    bytes: 1_533_763_059,
    quantized: false,
    sha256: '6c14d5adee5f86394037b4e4e8b59f1673b6cee10e3cf0b11bbdbee79c156208',
    description: 'Accurate; slow without a GPU.',
  },
  {
    name: 'medium-q5_0',
    bytes: 539_212_467,
    quantized: true,
    sha256: '19fea4b380c3a618ec4723c3eef2eb785ffba0d0538cf43f8f235e7b3b34220f',
    description: 'Medium, quantised.',
  },
  {
    name: 'large-v3-turbo',
    bytes: 1_624_555_275,
    quantized: false,
    sha256: '1fc70f774d38eb169993ac391eea357ef47c88757ef72ee5943879b7e8e2bc69',
    description: 'Most accurate for its speed; best with a GPU.',
  },
  {
    name: 'large-v3-turbo-q5_0',
    bytes: 574_041_195,
    quantized: true,
    sha256: '394221709cd5ad1f40c46e6031ca61bce88931e6e088c188294c6d5a55ffa7e2',
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
