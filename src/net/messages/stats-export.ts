// The payload of a `stats-export` envelope: export.json, the manifest of a statistics export
// (protocols/stats-export.md). JSON rather than protobuf, since statistics sites read it as it is; decoding checks
// every field, so a manifest that opens is one the verifier can act on.
import { InvalidFieldError, MalformedMessageError } from '../errors.js'
import { requiredString } from './fields.js'

/** The signed manifest of a statistics export. */
export interface StatsManifest {
  /** The project key (peer id) that signs the export. */
  project: string
  /** ms since the epoch. */
  created: number
  users: number
  teams: number
  files: Array<{ name: string, size: number, sha256: string }>
}

const KIND = 'stats-export'
/** user.xml.gz and team.xml.gz today; room for a few more without accepting unbounded lists. */
const MAX_FILES = 16
const SHA256_HEX = /^[0-9a-f]{64}$/

/** export.json's bytes: indented JSON and a final newline, readable as it is served. */
export function encodeStatsManifest (m: StatsManifest): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(m, null, 1) + '\n')
}

export function decodeStatsManifest (bytes: Uint8Array): StatsManifest {
  let j: unknown
  try {
    j = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes))
  } catch (err) {
    throw new MalformedMessageError(`${KIND} manifest is not UTF-8 JSON`, { cause: err })
  }
  if (typeof j !== 'object' || j === null || Array.isArray(j)) throw new MalformedMessageError(`${KIND} manifest is not a JSON object`)
  const o = j as Record<string, unknown>
  const count = (field: string): number => {
    const v = o[field]
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw new InvalidFieldError(KIND, field, 'must be a non-negative integer')
    return v
  }
  const text = (field: string, v: unknown): string => {
    if (typeof v !== 'string') throw new InvalidFieldError(KIND, field, 'must be a string')
    return requiredString(KIND, field, v)
  }
  if (!Array.isArray(o.files) || o.files.length > MAX_FILES) throw new InvalidFieldError(KIND, 'files', `must be a list of at most ${MAX_FILES}`)
  const files = o.files.map((f: unknown, k) => {
    if (typeof f !== 'object' || f === null) throw new InvalidFieldError(KIND, `files[${k}]`, 'must be an object')
    const r = f as Record<string, unknown>
    const size = r.size
    if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) throw new InvalidFieldError(KIND, `files[${k}].size`, 'must be a non-negative integer')
    const sha256 = text(`files[${k}].sha256`, r.sha256)
    if (!SHA256_HEX.test(sha256)) throw new InvalidFieldError(KIND, `files[${k}].sha256`, 'must be 64 lowercase hex digits')
    return { name: text(`files[${k}].name`, r.name), size, sha256 }
  })
  return { project: text('project', o.project), created: count('created'), users: count('users'), teams: count('teams'), files }
}
