import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs'

/**
 * Writes a file under a temporary name beside it, by `write` on its open descriptor (part by part, so a large file
 * need not be in memory at once), and renames it into place: readers never see half a file, and a failed write
 * leaves no partial file and the previous one untouched.
 */
export function writeFileAtomicallyWith (path: string, write: (fd: number) => void): void {
  const temp = `${path}.tmp-${process.pid}`
  try {
    const fd = openSync(temp, 'w')
    try {
      write(fd)
    } finally {
      closeSync(fd)
    }
    renameSync(temp, path)
  } catch (err) {
    rmSync(temp, { force: true })
    throw err
  }
}

/** Writes `data` to `path` atomically (writeFileAtomicallyWith). */
export function writeFileAtomically (path: string, data: string | Uint8Array): void {
  const bytes = typeof data === 'string' ? Buffer.from(data) : data
  writeFileAtomicallyWith(path, (fd) => {
    for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at, bytes.length - at)
  })
}
