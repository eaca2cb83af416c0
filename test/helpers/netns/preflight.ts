import { toolSync } from './tools.js'

/** This machine cannot build namespaces: not root, or `ip`/`nft` missing. */
export class NetnsUnsupportedError extends Error {
  override readonly name = 'NetnsUnsupportedError'
  readonly code = 'ERR_NETNS_UNSUPPORTED'
}

/**
 * Throws NetnsUnsupportedError, saying what to do, unless this process is root and `ip` and `nft` run. Tests that
 * use the harness call it first so that they fail (never skip) with a clear message: CI runs them as root.
 */
export function assertNetnsSupport (): void {
  const uid = process.getuid?.()
  if (uid !== 0) {
    throw new NetnsUnsupportedError(`the network-namespace tests must run as root (uid is ${uid}): they create ` +
      'namespaces, veths and nftables rules; run `npm test` as root (CI does), e.g. in a container')
  }
  for (const [cmd, args, pkg] of [['ip', ['-V'], 'iproute2'], ['nft', ['--version'], 'nftables']] as const) {
    if (toolSync(cmd, [...args]) === undefined) {
      throw new NetnsUnsupportedError(`\`${cmd}\` is missing: install the Debian package ${pkg} ` +
        '(listed in test/tools/debian-packages.txt, which `npm test` installs as root)')
    }
  }
}
