// Defaults and physical constants of model preparation, each with its source. Priors follow da Cunha, Charlot &
// Elbaz 2008 (MNRAS 388, 1595; "dCCE08") section 2, with our readings in docs/models.md.

/** BC03 metallicities available (Z), with their GALAXEV file tags; solar is Z = 0.02 (m62). */
export const SSP_METALLICITIES: ReadonlyArray<{ tag: string, z: number }> = [
  { tag: 'm22', z: 0.0001 }, { tag: 'm32', z: 0.0004 }, { tag: 'm42', z: 0.004 }, { tag: 'm52', z: 0.008 },
  { tag: 'm62', z: 0.02 }, { tag: 'm72', z: 0.05 }, { tag: 'm82', z: 0.1 }
]
export const Z_SUN = 0.02
/** GALAXEV file name of one metallicity (BaSeL 3.1, Padova 1994, Chabrier IMF, low resolution). */
export function sspFileStem (tag: string): string {
  return `bc2003_lr_BaSeL_${tag}_chab_ssp`
}

/** Optical priors (dCCE08 section 2.1). Times in years, gamma per Gyr. */
export const TFORM_MIN_YR = 1e8
export const GAMMA_RANGE = [0, 1] as const
/** p(gamma) ~ 1 - tanh(8 gamma - 6). */
export const GAMMA_TANH = [8, 6] as const
export const Z_RANGE_SOLAR = [0.02, 2] as const
/** Half of the models have had a burst in the last 2 Gyr: a Poisson rate of ln 2 / 2 Gyr at every time after tform. */
export const BURST_RATE_PER_YR = Math.LN2 / 2e9
export const BURST_MASS_RATIO = [0.03, 4] as const
export const BURST_DURATION_YR = [3e7, 3e8] as const
export const TAUV_RANGE = [0, 6] as const
/** p(tauV) ~ 1 - tanh(1.5 tauV - 6.7). */
export const TAUV_TANH = [1.5, 6.7] as const
export const MU_RANGE = [0, 1] as const
/** p(mu) ~ 1 - tanh(8 mu - 6). */
export const MU_TANH = [8, 6] as const

/** Charlot & Fall 2000: stars younger than this sit in their birth clouds. */
export const BIRTH_CLOUD_AGE_YR = 1e7
/** tau_lambda = tau_V (lambda / 5500 A)^-n: n = 1.3 in birth clouds, 0.7 in the ambient ISM. */
export const V_WAVELENGTH_A = 5500
export const BC_EXPONENT = 1.3
export const ISM_EXPONENT = 0.7

/** Averaging times of the SFR and burst-fraction columns (yr), in .lbr order. */
export const SFR_AVERAGING_YR = [1e6, 1e7, 1e8, 1e9, 2e9] as const

/** Case B recombination (Osterbrock & Ferland 2006, T = 1e4 K): L(Ha) = 1.37e-12 erg per ionising photon; Ha/Hb = 2.86. */
export const HALPHA_ERG_PER_PHOTON = 1.37e-12
export const HALPHA_HBETA = 2.86
export const HALPHA_A = 6562.8
export const HBETA_A = 4861.3

/** Infrared priors (dCCE08 section 2.2; docs/design.md#model-preparation). */
export const XI_C_ISM_RANGE = [0.5, 1] as const
export const T_W_BC_RANGE = [30, 60] as const
export const T_C_ISM_RANGE = [15, 25] as const
/** dCCE08 eq. 11: the ISM's warm dust sits at a fixed 45 K. */
export const T_W_ISM = 45
/** dCCE08: shares of PAH, hot mid-IR continuum and warm dust in the ISM's non-cold emission. */
export const ISM_SHARES = { pah: 0.550, mir: 0.275, warm: 0.175 } as const
export const BETA_WARM = 1.5
export const BETA_COLD = 2.0
/** Hot mid-IR continuum: two grey bodies (beta 1.5) at 130 K and 250 K of equal luminosity (docs/models.md). */
export const MIR_TEMPERATURES = [130, 250] as const
/** kappa(850 um) = 0.077 m^2 kg^-1 (dCCE08 after Dunne et al. 2000); M_d = 1.1 (M_W^BC + M_W^ISM + M_C^ISM). */
export const KAPPA_850_M2_KG = 0.077
export const DUST_MASS_FACTOR = 1.1

/**
 * The birth clouds' PAH / mid-IR / warm shares, distributed as in the real POGS
 * infrared library. Its joint distribution (infrared_dce08_z0.0100.lbr, 50,000 models) is reproduced by this
 * generator, which we reconstructed from it: S = xi_PAH^BC + xi_MIR^BC = 1 - xi_W^BC uniform on 0-0.5, the PAH
 * share R = xi_PAH^BC / S uniform on 0-2/3 (at most the ISM's PAH : mid-IR ratio 0.550 : 0.275), and models with
 * xi_PAH^BC or xi_MIR^BC above 0.25 redrawn. (For S < 0.22 R is uniform on 0-2/3 there; the cut-offs explain the
 * fall of S above 0.25 and the rise of R at large S.)
 */
export const XI_BC_NONWARM_MAX = 0.5
export const XI_BC_PAH_SHARE_MAX = 2 / 3
export const XI_BC_COMPONENT_MAX = 0.25

/** Physical constants (SI unless named). */
export const C_A_PER_S = 2.997925e18
export const H_PLANCK = 6.62607015e-34
export const K_BOLTZMANN = 1.380649e-23
export const C_M_PER_S = 2.99792458e8
export const L_SUN_W = 3.839e26
export const L_SUN_ERG_S = 3.839e33
export const M_SUN_KG = 1.989e30
/** MAGPHYS' absolute AB magnitude at 10 pc from L_nu in Lsun/Hz: m = -2.5 log10(L_nu) - 48.6 + 5 log10(1.7684e8 * 1e-5). */
export const ABS_MAG_OFFSET = 5 * Math.log10(1.7684e8 * 1e-5) - 48.6
/** Optical magnitudes are computed for bands below this rest wavelength (um), infrared ones above the next. */
export const OPTICAL_MAX_REST_UM = 10
export const INFRARED_MIN_REST_UM = 2.5
