// Manifest records as files in a Node peer's data directory: `manifests/<project>.bin`, replaced atomically.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { ManifestStore } from './manifest-store.js'

/** The manifest store of a peer whose state lives in `dataDir`. */
export function manifestStoreIn (dataDir: string): ManifestStore {
  const dir = join(dataDir, 'manifests')
  return new ManifestStore({
    async read (project) {
      try {
        return await readFile(join(dir, `${project}.bin`))
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
        throw err
      }
    },
    async write (project, record) {
      const path = join(dir, `${project}.bin`)
      await mkdir(dir, { recursive: true })
      await writeFile(path + '.tmp', record)
      await rename(path + '.tmp', path)
    }
  })
}
