// Opens (creating if needed) the coordinator's SQLite database: WAL so that readers (the dashboard) never block
// the writer, foreign keys on, synchronous=NORMAL (in WAL mode a crash loses at most the last transactions'
// durability, never consistency), and the schema migrated to the newest version in one transaction.
import Database from 'better-sqlite3'
import { MIGRATIONS } from './migrations.js'
import { StoreSchemaError } from './errors.js'

/** A better-sqlite3 connection. */
export type Db = Database.Database

/** Opens `path` (or ':memory:'), applies pending migrations and returns the connection. */
export function openDatabase (path: string): Db {
  const db = new Database(path)
  try {
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL')
    // Checkpointing every 64 MiB of WAL (16,384 pages) instead of SQLite's 4 MiB makes the copy-and-sync pauses of
    // the writing thread rarer. Measured when results' ~32 kB envelopes were still rows (`npm run bench -- compute`:
    // 1,011 -> 1,235 results/s on the request path); they now go to the envelope log, so the WAL grows more slowly
    // and the pauses matter less.
    db.pragma('wal_autocheckpoint = 16384')
    db.pragma('foreign_keys = ON')
    // Writers wait up to 5 s for a lock instead of failing at once (a second process reading the file).
    db.pragma('busy_timeout = 5000')
    migrate(db)
    return db
  } catch (err) {
    db.close()
    throw err
  }
}

/** The schema version this code writes. */
export const SCHEMA_VERSION = MIGRATIONS.length

function migrate (db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number
  if (current > SCHEMA_VERSION) {
    throw new StoreSchemaError(`database schema version ${current} is newer than this pogs (${SCHEMA_VERSION})`)
  }
  if (current === SCHEMA_VERSION) return
  db.transaction(() => {
    for (let v = current; v < SCHEMA_VERSION; v++) db.exec(MIGRATIONS[v])
    db.pragma(`user_version = ${SCHEMA_VERSION}`)
  })()
}
