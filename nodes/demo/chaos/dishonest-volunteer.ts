// The dishonest volunteer of `pogs demo --chaos`, an entry script of its own (not a `pogs` command): `pogs
// volunteer` with its flags, whose every result is altered (scale-summaries.ts) before it is signed. Its `ready`
// event says `altered: true`.
import '../../../src/util/polyfill.js'
import { peerCommand } from '../../cli/peer-command.js'
import { exitWith, runCommand } from '../../cli/run-command.js'
import { volunteerRole } from '../../volunteer.js'
import { scaleSummaries } from './scale-summaries.js'

const command = peerCommand({
  ...volunteerRole({ resultHook: scaleSummaries(), ready: { altered: true } }),
  command: 'dishonest-volunteer',
  summary: 'chaos tool: a volunteer whose every result is altered before it is signed, for the verifiers to catch'
})

exitWith('dishonest-volunteer', runCommand('dishonest-volunteer', command, process.argv.slice(2)))
