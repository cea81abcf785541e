/**
 * Times written back by position (decision 0194) only fit rows written in the same order: a
 * list of another length means the rows differ, a fault of the caller, not of a person's input.
 */
export function timesMismatch(owner: string, what: string): Error {
  return new Error(`The times given for ${owner} do not fit its rows: ${what}.`)
}
