import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Directories tempDir made in this test file's process, removed after its last test (test/setup.ts). */
const made: string[] = []

/** A fresh temporary directory, removed once the test file has run. */
export function tempDir (prefix = 'pogs-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  made.push(dir)
  return dir
}

/** Removes every directory tempDir made (test/setup.ts calls it after each test file). */
export function removeTempDirs (): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true })
}
