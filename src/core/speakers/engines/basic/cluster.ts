import type { Stats } from './gaussian.ts'

/** A window's voice print: mean and log standard deviation of each coefficient. */
export function embedding(stats: Stats, floor: Float64Array): Float64Array {
  const dims = stats.sum.length
  const out = new Float64Array(2 * dims)
  for (let d = 0; d < dims; d++) {
    out[d] = stats.mean(d)
    out[dims + d] = 0.5 * Math.log(stats.variance(d, floor))
  }
  return out
}

/**
 * Standardisation learnt on some vectors (each dimension to mean 0, spread 1), then each vector
 * scaled to length 1, so that a dot product is a cosine.
 */
export function standardiser(
  sample: readonly Float64Array[],
): (vector: Float64Array) => Float64Array {
  const dims = sample[0]?.length ?? 0
  const mean = new Float64Array(dims)
  const spread = new Float64Array(dims)
  for (const vector of sample)
    for (let d = 0; d < dims; d++)
      mean[d] = (mean[d] as number) + (vector[d] as number) / sample.length
  for (const vector of sample)
    for (let d = 0; d < dims; d++)
      spread[d] =
        (spread[d] as number) + ((vector[d] as number) - (mean[d] as number)) ** 2 / sample.length
  return (vector) => {
    const out = new Float64Array(dims)
    let length = 0
    for (let d = 0; d < dims; d++) {
      out[d] =
        ((vector[d] as number) - (mean[d] as number)) / Math.sqrt((spread[d] as number) + 1e-9)
      length += (out[d] as number) ** 2
    }
    length = Math.sqrt(length) || 1
    for (let d = 0; d < dims; d++) out[d] = (out[d] as number) / length
    return out
  }
}

export function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0
  for (let d = 0; d < a.length; d++) sum += (a[d] as number) * (b[d] as number)
  return sum
}

/**
 * Average-linkage agglomeration on cosine similarity. Returns the partition at every count from
 * `most` down to 1 (index k−1: labels for k groups), so that the count can be chosen afterwards.
 */
export function averageLinkage(vectors: readonly Float64Array[], most: number): number[][] {
  const n = vectors.length
  const sim = new Float64Array(n * n)
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const value = dot(vectors[i] as Float64Array, vectors[j] as Float64Array)
      sim[i * n + j] = value
      sim[j * n + i] = value
    }
  const size = new Array<number>(n).fill(1)
  const alive = new Array<boolean>(n).fill(true)
  const owner = Array.from({ length: n }, (_, i) => i)
  const partitions: number[][] = []
  const record = () => {
    const names = new Map<number, number>()
    partitions[names.size] = []
    const labels = owner.map((group) => {
      if (!names.has(group)) names.set(group, names.size)
      return names.get(group) as number
    })
    partitions[names.size - 1] = labels
  }
  let count = n
  if (count <= most) record()
  while (count > 1) {
    let best = -Infinity
    let bi = -1
    let bj = -1
    for (let i = 0; i < n; i++) {
      if (!alive[i]) continue
      for (let j = i + 1; j < n; j++)
        if (alive[j] && (sim[i * n + j] as number) > best) {
          best = sim[i * n + j] as number
          bi = i
          bj = j
        }
    }
    const si = size[bi] as number
    const sj = size[bj] as number
    for (let k = 0; k < n; k++) {
      if (!alive[k] || k === bi || k === bj) continue
      const value =
        ((sim[bi * n + k] as number) * si + (sim[bj * n + k] as number) * sj) / (si + sj)
      sim[bi * n + k] = value
      sim[k * n + bi] = value
    }
    size[bi] = si + sj
    alive[bj] = false
    for (let k = 0; k < n; k++) if (owner[k] === bj) owner[k] = bi
    count--
    if (count <= most) record()
  }
  return partitions.slice(0, Math.min(most, n))
}

/**
 * BIC of a partition with one diagonal Gaussian per voice, on the raw coefficients (not the
 * standardised prints): how many voices the recording holds is the count with the best BIC.
 * Frames 10 ms apart are far from independent, so their count is thinned.
 */
export function partitionBic(
  parts: readonly Stats[],
  floor: Float64Array,
  penalty: number,
  thin: number,
): number {
  let fit = 0
  let frames = 0
  for (const part of parts) {
    if (part.n === 0) continue
    fit -= 0.5 * part.n * part.logDet(floor)
    frames += part.n
  }
  const parameters = 2 * (parts[0]?.sum.length ?? 0)
  return (
    thin * fit - 0.5 * penalty * parts.length * parameters * Math.log(Math.max(1, frames * thin))
  )
}
