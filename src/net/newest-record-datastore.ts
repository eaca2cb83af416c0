// kad-dht stores whatever record a PUT_VALUE brings once it passes the validator, without looking at the record it
// already holds (its selectors run only when GETting), and its GET_VALUE handler serves the stored record as is. A
// late PUT of an older manifest (a put still in flight, a mirror re-publishing a stale copy) would then overwrite a
// newer one, and every peer that asked this one would be handed the old manifest. This wrapper sits under kad-dht and
// keeps the stored record whenever the same selector kad-dht uses for GETs prefers it (docs/network.md#discovery).
import type { AbortOptions } from '@libp2p/interface'
import type { Selectors } from '@libp2p/kad-dht'
import { Libp2pRecord } from '@libp2p/record'
import { BaseDatastore } from 'datastore-core'
import type { Datastore, Key, KeyQuery, Pair, Query } from 'interface-datastore'

/** What the wrapper compares records with. */
export interface NewestRecordInit {
  /** kad-dht's `datastorePrefix` (its records live under `<prefix>/record/`); default kad-dht's `/dht`. */
  datastorePrefix?: string
  /** The selectors registered with kad-dht, by key namespace (`/<namespace>/...`); other namespaces pass through. */
  selectors: Selectors
}

/**
 * A datastore that never lets a DHT record be replaced by one its selector ranks lower. Puts of other keys, of
 * records in namespaces without a selector, or over a stored value that does not decode, go through unchanged.
 * Keeping the stored record is silent (the put resolves), so kad-dht's PUT_VALUE handler still answers normally.
 */
export class NewestRecordDatastore extends BaseDatastore {
  private readonly recordPrefix: string
  private readonly selectors: Selectors
  // Puts of one record key run one after another, so two PUTs arriving together cannot both compare against the
  // same stored record and leave the older one last.
  private readonly pending = new Map<string, Promise<unknown>>()

  constructor (private readonly child: Datastore, init: NewestRecordInit) {
    super()
    this.recordPrefix = `${init.datastorePrefix ?? '/dht'}/record/`
    this.selectors = init.selectors
  }

  override async put (key: Key, val: Uint8Array, options?: AbortOptions): Promise<Key> {
    const name = key.toString()
    if (!name.startsWith(this.recordPrefix)) return await this.child.put(key, val, options)
    const previous = this.pending.get(name) ?? Promise.resolve()
    const run = previous.then(async () => await this.putRecord(key, val, options))
    const settled = run.catch(() => {})
    this.pending.set(name, settled)
    try {
      return await run
    } finally {
      if (this.pending.get(name) === settled) this.pending.delete(name)
    }
  }

  private async putRecord (key: Key, val: Uint8Array, options?: AbortOptions): Promise<Key> {
    if (await this.keepsStored(key, val, options)) return key
    return await this.child.put(key, val, options)
  }

  /** Whether the stored record under `key` wins over the incoming one (ties go to the incoming record, which
   * refreshes the stored record's time received as before). */
  private async keepsStored (key: Key, val: Uint8Array, options?: AbortOptions): Promise<boolean> {
    let incoming: Libp2pRecord
    try {
      incoming = Libp2pRecord.deserialize(val)
    } catch {
      return false
    }
    const selector = this.selectors[namespaceOf(incoming.key) ?? '']
    if (selector === undefined) return false
    let stored: Libp2pRecord
    try {
      stored = Libp2pRecord.deserialize(await this.child.get(key, options))
    } catch {
      // nothing stored yet, or a value that is not a record: store the incoming one as kad-dht would
      return false
    }
    try {
      return (await selector(incoming.key, [incoming.value, stored.value])) === 1
    } catch {
      // a selector that cannot decide leaves kad-dht's behaviour unchanged
      return false
    }
  }

  override async get (key: Key, options?: AbortOptions): Promise<Uint8Array> { return await this.child.get(key, options) }
  override async has (key: Key, options?: AbortOptions): Promise<boolean> { return await this.child.has(key, options) }
  override async delete (key: Key, options?: AbortOptions): Promise<void> { await this.child.delete(key, options) }

  // putMany and batch come from BaseDatastore, which routes every write through put above.
  override getMany (source: Iterable<Key> | AsyncIterable<Key>, options?: AbortOptions): AsyncGenerator<Pair> | Generator<Pair> {
    return this.child.getMany(source, options)
  }

  override deleteMany (source: Iterable<Key> | AsyncIterable<Key>, options?: AbortOptions): AsyncGenerator<Key> | Generator<Key> {
    return this.child.deleteMany(source, options)
  }

  override query (q: Query, options?: AbortOptions): AsyncGenerator<Pair> | Generator<Pair> { return this.child.query(q, options) }
  override queryKeys (q: KeyQuery, options?: AbortOptions): AsyncGenerator<Key> | Generator<Key> { return this.child.queryKeys(q, options) }
}

/** The namespace of a DHT key, `/<namespace>/<rest>`, read as kad-dht reads it to pick a selector. */
function namespaceOf (key: Uint8Array): string | undefined {
  const parts = new TextDecoder().decode(key).split('/')
  return parts.length >= 3 ? parts[1] : undefined
}
