#!/usr/bin/env node
import '../src/util/polyfill.js'
import { COMMANDS } from './commands.js'
import { PogsError, UsageError } from '../src/util/errors.js'

async function help (): Promise<string> {
  const lines = ['usage: pogs <command> [flags]', '', 'commands:']
  for (const [name, load] of Object.entries(COMMANDS)) {
    const cmd = (await load()).default
    lines.push(`  ${name.padEnd(12)} ${cmd.summary}`)
  }
  lines.push('', 'pogs <command> --help shows a command\'s flags.')
  return lines.join('\n')
}

async function main (argv: string[]): Promise<number> {
  const [name, ...rest] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(await help() + '\n')
    return name === undefined ? 2 : 0
  }
  const load = COMMANDS[name]
  if (load === undefined) {
    process.stderr.write(`pogs: unknown command ${JSON.stringify(name)}\n\n${await help()}\n`)
    return 2
  }
  const cmd = (await load()).default
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${cmd.summary}\n\nusage: ${cmd.usage}\n`)
    return 0
  }
  try {
    return await cmd.run(rest)
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`pogs ${name}: ${err.message}\nusage: ${cmd.usage}\n`)
      return 2
    }
    if (err instanceof PogsError) {
      process.stderr.write(`pogs ${name}: ${err.name} (${err.code}): ${err.message}\n`)
      return 1
    }
    throw err
  }
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code
}, (err: unknown) => {
  process.stderr.write(`pogs: ${(err as Error).stack ?? String(err)}\n`)
  process.exitCode = 1
})
