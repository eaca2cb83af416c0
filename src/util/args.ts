import { parseArgs, type ParseArgsConfig } from 'node:util'
import { UsageError } from './errors.js'

type Options = NonNullable<ParseArgsConfig['options']>

/**
 * Parses a command's flags strictly (unknown flags are usage errors) with node:util's parser.
 * Returns the flag values and the positional arguments.
 */
export function parseCommandArgs<T extends Options> (argv: string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true })
  } catch (err) {
    throw new UsageError((err as Error).message)
  }
}

/** A flag that must be present. */
export function required (value: string | undefined, flag: string): string {
  if (value === undefined || value === '') throw new UsageError(`missing required flag --${flag}`)
  return value
}

/** A positive integer flag, or the default when absent. */
export function positiveInt (value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback
  const n = Number(value)
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`--${flag} must be a positive integer, got ${JSON.stringify(value)}`)
  return n
}

/** A finite number flag, or the default when absent. */
export function finiteNumber (value: string | undefined, flag: string, fallback?: number): number | undefined {
  if (value === undefined) return fallback
  const n = Number(value)
  if (value.trim() === '' || !Number.isFinite(n)) throw new UsageError(`--${flag} must be a number, got ${JSON.stringify(value)}`)
  return n
}
