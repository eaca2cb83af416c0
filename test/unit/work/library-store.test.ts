import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { chooseEvictions, LibraryStore, recordBytes, type LibraryRecord } from '../../../src/work/library-store.js'

const dirs: string[] = []
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }) })

function storeFile (): string {
  const dir = mkdtempSync(join(tmpdir(), 'pogs-library-store-'))
  dirs.push(dir)
  return join(dir, 'libraries.json')
}

/** A record of 100 bytes (60 of blocks, 40 of file) last used at `lastUsedMs`. */
function rec (cid: string, lastUsedMs: number): LibraryRecord {
  return { cid, files: [{ name: `${cid}.lbr`, bytes: 40 }], blockBytes: 60, lastUsedMs }
}

describe('chooseEvictions', () => {
  it('evicts the least recently used first, only until the rest is within the budget', () => {
    const records = [rec('c', 3), rec('a', 1), rec('d', 4), rec('b', 2)]
    expect(chooseEvictions(records, new Set(), 400)).toEqual([])
    expect(chooseEvictions(records, new Set(), 399).map((r) => r.cid)).toEqual(['a'])
    expect(chooseEvictions(records, new Set(), 200).map((r) => r.cid)).toEqual(['a', 'b'])
    expect(chooseEvictions(records, new Set(), 0).map((r) => r.cid)).toEqual(['a', 'b', 'c', 'd'])
  })

  it('never chooses a needed library, even when the budget is then not met', () => {
    const records = [rec('a', 1), rec('b', 2), rec('c', 3)]
    expect(chooseEvictions(records, new Set(['a']), 200).map((r) => r.cid)).toEqual(['b'])
    expect(chooseEvictions(records, new Set(['a', 'c']), 100).map((r) => r.cid)).toEqual(['b'])
    expect(chooseEvictions(records, new Set(['a', 'b', 'c']), 0)).toEqual([])
  })
})

describe('LibraryStore', () => {
  it('writes every change through, and a reopened store reads the same records', () => {
    const file = storeFile()
    const store = new LibraryStore(file)
    expect(store.load()).toBeUndefined()
    store.put('cid-a', 'optical_z0.0100.lbr', { fileBytes: 40, blockBytes: 60 }, 10)
    store.put('cid-b', 'infrared_z0.0100.lbr', { fileBytes: 4, blockBytes: 6 }, 11)
    store.touch('cid-a', 12)
    store.touch('cid-b', 5) // older than its last use: no change
    expect(store.totalBytes()).toBe(110)
    const again = new LibraryStore(file)
    expect(again.load()).toBeUndefined()
    expect(again.list()).toEqual(store.list())
    expect(again.get('cid-a')).toEqual({ cid: 'cid-a', files: [{ name: 'optical_z0.0100.lbr', bytes: 40 }], blockBytes: 60, lastUsedMs: 12 })
    expect(again.get('cid-b')?.lastUsedMs).toBe(11)
    again.remove('cid-a')
    const third = new LibraryStore(file)
    third.load()
    expect(third.list().map((r) => r.cid)).toEqual(['cid-b'])
  })

  it('moves a file name to the library that overwrote it', () => {
    const store = new LibraryStore(storeFile())
    store.put('old', 'optical_z0.0100.lbr', { fileBytes: 40, blockBytes: 60 }, 1)
    store.put('new', 'optical_z0.0100.lbr', { fileBytes: 50, blockBytes: 70 }, 2)
    expect(store.get('old')).toMatchObject({ files: [], blockBytes: 60 })
    expect(recordBytes(store.get('new') as LibraryRecord)).toBe(120)
    // Without a file of its own (blocks only), a library takes no name from another.
    store.put('other', 'optical_z0.0100.lbr', { fileBytes: 0, blockBytes: 5 }, 3)
    expect(store.get('new')?.files).toEqual([{ name: 'optical_z0.0100.lbr', bytes: 50 }])
    expect(store.get('other')?.files).toEqual([])
  })

  it('sets aside a file it cannot read, or one naming files outside the directory, and starts empty', () => {
    for (const text of [
      'not json',
      JSON.stringify({ format: 'other/1', libraries: [] }),
      JSON.stringify({ format: 'pogs-library-cache/1', libraries: [{ cid: 'a', files: [{ name: '../../etc/passwd', bytes: 1 }], blockBytes: 1, lastUsedMs: 1 }] }),
      JSON.stringify({ format: 'pogs-library-cache/1', libraries: [{ cid: 'a', files: [], blockBytes: -1, lastUsedMs: 1 }] })
    ]) {
      const file = storeFile()
      writeFileSync(file, text)
      const store = new LibraryStore(file)
      expect(store.load(), text).toMatch(/./)
      expect(store.list()).toEqual([])
      expect(existsSync(file)).toBe(false)
      expect(readFileSync(`${file}.bad`, 'utf8')).toBe(text)
    }
  })
})
