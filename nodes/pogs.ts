#!/usr/bin/env node
import '../src/util/polyfill.js'
import { COMMANDS } from './commands.js'
import { exitWith, runCommand } from './cli/run-command.js'

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
  return await runCommand(`pogs ${name}`, (await load()).default, rest)
}

exitWith('pogs', main(process.argv.slice(2)))
