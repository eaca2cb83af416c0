import { renameSync, rmSync, writeFileSync } from 'node:fs'

/**
 * Writes a file under a temporary name beside it and renames it into place, so readers never see half a file and
 * a failed write leaves the previous file untouched.
 */
export function writeFileAtomically (path: string, data: string | Uint8Array): void {
  const temp = `${path}.tmp-${process.pid}`
  try {
    writeFileSync(temp, data)
    renameSync(temp, path)
  } catch (err) {
    rmSync(temp, { force: true })
    throw err
  }
}
