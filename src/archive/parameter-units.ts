// What the archive's parameters and summary values are, in words FITS headers and listings can carry.

/** Units of the parameters as the archive holds them (log10 where MAGPHYS prints logs); the others are ratios. */
export const PARAMETER_UNITS: Readonly<Record<string, string>> = {
  ssfr: 'log10(yr-1)', mstar: 'log10(Msun)', ldust: 'log10(Lsun)', mdust: 'log10(Msun)', sfr: 'log10(Msun yr-1)', t_c_ism: 'K', t_w_bc: 'K'
}

/** What each summary value (archive DIM4 name) is. */
export const VALUE_DESCRIPTIONS: Readonly<Record<string, string>> = {
  best_fit: 'value of the best-fitting model',
  median: 'median of the marginal posterior (p50)',
  highest_prob_bin: 'centre of the most probable histogram bin',
  p2_5: '2.5th percentile of the marginal posterior',
  p16: '16th percentile of the marginal posterior',
  p84: '84th percentile of the marginal posterior',
  p97_5: '97.5th percentile of the marginal posterior'
}
