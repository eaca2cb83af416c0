// `pogs archive list`: the galaxies a project has archived, from its signed catalogue (protocols/catalogue.md),
// knowing only the project key and a peer to start from (docs/archive.md#finding-archives).
import type { Command } from '../command.js'
import { withFetchNode } from '../cli/fetch-node.js'
import { projectFlag } from '../cli/peer-flags.js'
import { findCatalogue, type FoundCatalogue } from '../../src/net/catalogue/index.js'
import type { CatalogueEntry } from '../../src/net/messages/index.js'
import { parseCommandArgs, positiveInt } from '../../src/util/args.js'
import { timeoutSignal } from '../../src/util/timeout-signal.js'

const USAGE = [
  'pogs archive list --project KEY --bootstrap MULTIADDR [--bootstrap MULTIADDR]... [--data DIR] [--timeout SECONDS] [--json]',
  '',
  '  Finds the project\'s manifest from its key, fetches the archive catalogue it names (from the coordinator or any',
  '  mirror), checks that the project key signed it, and prints one line per galaxy: name, run, RA, Dec, redshift,',
  '  fitted pixels, archive CID, when archived. pogs get --galaxy NAME fetches one.',
  '  --data DIR    keep the newest manifest and catalogue sequence seen there: an older one is then refused',
  '                (ERR_STALE_MANIFEST, ERR_STALE_SEQUENCE); default a throwaway directory',
  '  --timeout S   give up after S seconds (default 120)',
  '  --json        one JSON object: the catalogue\'s project, sequence, CID and time, and every galaxy'
].join('\n')

function isoSeconds (ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** An entry as JSON: unknown coordinates are null, hashes hex, times ISO 8601. */
function entryJson (e: CatalogueEntry): Record<string, unknown> {
  return {
    galaxy: e.galaxy,
    run: e.run,
    bands: e.bands,
    ra: e.ra ?? null,
    dec: e.dec ?? null,
    redshift: e.redshift,
    width: e.width,
    height: e.height,
    pixels: e.pixels,
    areas: e.areas,
    cid: e.cid.toString(),
    sha256: Buffer.from(e.sha256).toString('hex'),
    size: e.size,
    created: isoSeconds(e.createdMs)
  }
}

/** The catalogue as text: a summary line, a header, one aligned line per galaxy. */
export function catalogueText ({ catalogue, cid }: FoundCatalogue): string {
  const head = ['galaxy', 'run', 'ra', 'dec', 'z', 'pixels', 'cid', 'archived']
  const rows = catalogue.entries.map((e) => [
    e.galaxy, e.run === '' ? '-' : e.run, e.ra === undefined ? '-' : e.ra.toFixed(5), e.dec === undefined ? '-' : e.dec.toFixed(5),
    String(e.redshift), String(e.pixels), e.cid.toString(), isoSeconds(e.createdMs)
  ])
  const widths = head.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k].length)))
  const line = (cells: string[]): string => cells.map((c, k) => k === cells.length - 1 ? c : c.padEnd(widths[k])).join('  ')
  const summary = `catalogue ${cid.toString()} of project ${catalogue.project}: sequence ${catalogue.sequence}, issued ${isoSeconds(catalogue.issuedMs)}, ${catalogue.entries.length} galaxies`
  return [summary, line(head), ...rows.map(line)].join('\n') + '\n'
}

const command: Command = {
  summary: 'list the galaxies a project has archived, from its signed catalogue',
  usage: USAGE,
  async run (argv) {
    const { values } = parseCommandArgs(argv, {
      project: { type: 'string' },
      bootstrap: { type: 'string', multiple: true },
      data: { type: 'string' },
      timeout: { type: 'string' },
      json: { type: 'boolean', default: false }
    })
    const project = projectFlag(values.project)
    const timeoutS = positiveInt(values.timeout, 'timeout', 120)
    const found = await withFetchNode(values, async (node, dataDir) => await findCatalogue(node, project, dataDir, { signal: timeoutSignal(timeoutS * 1000) }))
    const { catalogue, cid } = found
    process.stdout.write(values.json
      ? JSON.stringify({ project: catalogue.project, sequence: catalogue.sequence, cid: cid.toString(), issued: isoSeconds(catalogue.issuedMs), galaxies: catalogue.entries.map(entryJson) }) + '\n'
      : catalogueText(found))
    return 0
  }
}

export default command
