// Runs a command as a process's main: --help, usage errors (exit 2), pogs errors (exit 1), the exit code.
// `pogs` runs its sub-commands through it, and so do the stand-alone entry scripts (the demo's chaos tools).
import type { Command } from '../command.js'
import { PogsError, UsageError } from '../../src/util/errors.js'

/**
 * Runs `cmd` on `argv` and returns the exit code: 0 after printing the usage for --help, 2 with the usage on a
 * UsageError, 1 on any other PogsError; other errors are thrown. `name` prefixes messages (`pogs volunteer`).
 */
export async function runCommand (name: string, cmd: Command, argv: string[]): Promise<number> {
  const asksHelp = cmd.verbHelp === true ? argv[0] === '--help' || argv[0] === '-h' : argv.includes('--help') || argv.includes('-h')
  if (asksHelp) {
    process.stdout.write(`${cmd.summary}\n\nusage: ${cmd.usage}\n`)
    return 0
  }
  try {
    return await cmd.run(argv)
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`${name}: ${err.message}\nusage: ${cmd.usage}\n`)
      return 2
    }
    if (err instanceof PogsError) {
      process.stderr.write(`${name}: ${err.name} (${err.code}): ${err.message}\n`)
      return 1
    }
    throw err
  }
}

/** Sets the process's exit code from `main`; an error it throws is printed with its stack (exit 1). */
export function exitWith (name: string, main: Promise<number>): void {
  main.then((code) => {
    process.exitCode = code
  }, (err: unknown) => {
    process.stderr.write(`${name}: ${(err as Error).stack ?? String(err)}\n`)
    process.exitCode = 1
  })
}
