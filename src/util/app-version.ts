import semver from 'semver'
import { VersionTooOldError } from './errors.js'
import { packageVersion } from '../platform/package-version.js'

let cached: string | undefined

/** The running pogs version (package.json), announced in manifests, work requests and results. */
export function appVersion (): string {
  cached ??= packageVersion()
  return cached
}

/** Whether `version` is a semantic version (what manifests, work requests and results carry). */
export function isVersion (version: string): boolean {
  return semver.valid(version) !== null
}

/**
 * Throws VersionTooOldError when `version` (default: this pogs') is older than `minimum` by semver precedence (a
 * pre-release is older than its release). Both must be semantic versions; `whose` names the version in the message.
 */
export function requireVersion (minimum: string, version = appVersion(), whose?: string): void {
  if (semver.lt(version, minimum)) throw new VersionTooOldError(version, minimum, whose)
}
