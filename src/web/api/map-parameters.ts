// The parameter maps a galaxy page shows.
import type { ParameterName } from '../../fit/index.js'

/** The maps a galaxy page shows (POGS' M*, SFR, sSFR and dust), with their units. */
export const MAP_PARAMETERS: ReadonlyArray<{ parameter: ParameterName, label: string }> = [
  { parameter: 'mstar', label: 'log M* (M☉)' },
  { parameter: 'sfr', label: 'log SFR (M☉/yr)' },
  { parameter: 'ssfr', label: 'log sSFR (1/yr)' },
  { parameter: 'mdust', label: 'log M_dust (M☉)' }
]
