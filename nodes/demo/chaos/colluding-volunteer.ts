// A colluding volunteer of `pogs demo --chaos`, an entry script of its own (not a `pogs` command): `pogs volunteer`
// with its flags, which alters the first fitted pixel of every unit the same way as the other keys of its group
// (alter-one-pixel.ts). The chaos run starts three of them on one loopback address: one person's keys on one
// network. Its `ready` event says `colluding: true`.
import '../../../src/util/polyfill.js'
import { peerCommand } from '../../cli/peer-command.js'
import { exitWith, runCommand } from '../../cli/run-command.js'
import { volunteerRole } from '../../volunteer.js'
import { alterOnePixel } from './alter-one-pixel.js'

const command = peerCommand({
  ...volunteerRole({ resultHook: alterOnePixel(), ready: { colluding: true } }),
  command: 'colluding-volunteer',
  summary: 'chaos tool: a volunteer that alters one pixel of every unit the same way as the other keys of its group'
})

exitWith('colluding-volunteer', runCommand('colluding-volunteer', command, process.argv.slice(2)))
