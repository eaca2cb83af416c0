// /pogs/submit/1.0.0: a research group's key (one of the --submitter keys) sends a galaxy FITS file
// (protocols/submit.md). The header is judged before a byte is sent (size within the maximum, a run this coordinator
// has); the bytes are written as they arrive to a temporary file under submissions/ (the server bounds them to the
// announced size and checks their digest), then the file goes through exactly the checks and registration of an
// inbox file (register-galaxy.ts) with the submitter's key as its source. A refused submission leaves nothing: its
// temporary file is removed and nothing is registered.
import { randomBytes } from 'node:crypto'
import { rmSync } from 'node:fs'
import { mkdir, open, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { SubmissionTooLargeError, type SubmitHandler } from '../../net/submit/index.js'
import type { ProjectRuns } from './runs.js'
import { submissionsDir } from './paths.js'
import { checkGalaxyFile, registerGalaxyFile, type RegisterComponents } from './register-galaxy.js'

/** What the submission handler needs. */
export interface SubmissionHandlerComponents extends RegisterComponents {
  runs: ProjectRuns
  /** Largest file accepted, in bytes. */
  maxBytes: number
}

/** The handler; temporary files a previous run left (a crash mid-submission) are removed first. */
export function createSubmissionHandler (c: SubmissionHandlerComponents): SubmitHandler {
  rmSync(submissionsDir(c.dataDir), { recursive: true, force: true })
  return async (req, ctx) => {
    if (req.size > c.maxBytes) throw new SubmissionTooLargeError(req.size, c.maxBytes)
    // Not worth receiving a file for a run we do not serve (UnknownRunError) or cannot read galaxies for
    // (registration would refuse it with the same code).
    if (req.run !== undefined) c.runs.get(req.run).requireCatalogue()
    const dir = submissionsDir(c.dataDir)
    await mkdir(dir, { recursive: true })
    const temp = join(dir, `${randomBytes(8).toString('hex')}.part`)
    try {
      // Written frame by frame as the bytes arrive (the server acknowledges each once written), closed before any
      // removal below so that nothing writes the file again after it.
      const file = await open(temp, 'wx', 0o600)
      try {
        // writeFile writes all of a chunk (write may write part of it).
        for await (const chunk of ctx.data) await file.writeFile(chunk)
      } finally {
        await file.close()
      }
      const checked = checkGalaxyFile(c.runs, await readFile(temp), { fileName: req.fileName, submitter: ctx.peer.toString() }, {
        name: req.name, redshift: req.redshift, ra: req.ra, dec: req.dec, snr: req.snr, ...(req.run !== undefined ? { run: req.run } : {})
      })
      await ctx.checked()
      const r = await registerGalaxyFile(c, checked, temp)
      return { galaxyId: r.galaxyId, name: r.name, created: r.created, areas: r.areas, pixels: r.pixels, sha256: req.sha256 }
    } finally {
      // Registered: the file was moved to galaxies/ and this is a no-op.
      await rm(temp, { force: true })
    }
  }
}
