import type { Command } from './command.js'

/**
 * Every `pogs` sub-command, loaded lazily so that `pogs fit` never loads the network stack.
 * Add one line per command; the module's default export is its Command.
 */
export const COMMANDS: Record<string, () => Promise<{ default: Command }>> = {
  fit: async () => await import('./fit.js'),
  galaxy: async () => await import('./galaxy.js'),
  archive: async () => await import('./archive.js'),
  demo: async () => await import('./demo.js'),
  coordinator: async () => await import('./coordinator.js'),
  mirror: async () => await import('./mirror.js'),
  get: async () => await import('./get.js'),
  volunteer: async () => await import('./volunteer.js'),
  verifier: async () => await import('./verifier.js'),
  models: async () => await import('./models.js'),
  run: async () => await import('./run.js'),
  seed: async () => await import('./seed.js'),
  id: async () => await import('./id.js')
}
