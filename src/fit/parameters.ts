/**
 * The 16 physical parameters in archive order (POGS' HDF5 DIM3 order; docs/design.md#parameter-and-value-names).
 * ssfr, mstar, ldust, mdust and sfr are log10 values, as MAGPHYS prints their percentiles. The `.fit` histogram blocks come in this
 * same order; only its best-fit line puts T_W^BC before T_C^ISM.
 */
export const PARAMETER_NAMES = [
  'fmu_sfh', 'fmu_ir', 'mu', 'tau_v', 'ssfr', 'mstar', 'ldust', 't_c_ism', 't_w_bc',
  'xi_c_tot', 'xi_pah_tot', 'xi_mir_tot', 'xi_w_tot', 'tau_v_ism', 'mdust', 'sfr'
] as const

export type ParameterName = typeof PARAMETER_NAMES[number]

/** The 7 summary values per parameter in POGS' order (archive DIM4, `--value`). */
export const VALUE_NAMES = ['best_fit', 'median', 'highest_prob_bin', 'p2_5', 'p16', 'p84', 'p97_5'] as const

export type ValueName = typeof VALUE_NAMES[number]

export const N_PARAMETERS = PARAMETER_NAMES.length
export const N_VALUES = VALUE_NAMES.length
