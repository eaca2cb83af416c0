// Prepared statements, compiled once per connection and text: the hot paths (results, verdicts, assignment)
// then cost one SQLite step each instead of a parse.
import type { Statement } from 'better-sqlite3'
import type { Db } from './open-database.js'

const caches = new WeakMap<Db, Map<string, Statement>>()

/** The prepared statement for `text` on `db`, compiled at first use. */
export function statement (db: Db, text: string): Statement {
  let cache = caches.get(db)
  if (cache === undefined) {
    cache = new Map()
    caches.set(db, cache)
  }
  let s = cache.get(text)
  if (s === undefined) {
    s = db.prepare(text)
    cache.set(text, s)
  }
  return s
}

/** Byte-wise equality of two keys or digests. */
export function sameBytes (a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.compare(a, b) === 0
}
