import { execFileSync } from 'node:child_process'

/**
 * Runs a Python script under Debian's own interpreter, where python3-astropy and python3-h5py are installed
 * (not the python3 first on PATH), and parses the JSON it prints.
 */
export function debianPython<T> (script: string, args: string[] = []): T {
  const out = execFileSync('/usr/bin/python3', ['-c', script, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  return JSON.parse(out) as T
}
