// The CPU share a volunteer may grant: 1 to N-1 cores (one stays for the browser and the rest of the computer),
// half by default.

/** The choices on a machine with `cores` logical cores. */
export function coreChoices (cores: number): number[] {
  return Array.from({ length: Math.max(1, cores - 1) }, (_, i) => i + 1)
}

/** Half the cores, at least one. */
export function defaultCores (cores: number): number {
  return Math.max(1, Math.floor(cores / 2))
}
