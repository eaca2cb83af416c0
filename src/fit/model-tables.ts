// Per-model quantities of a library pair that do not depend on the pixel (fit_sed.f, library reading and the
// "histogram indexes" loop), computed once per library pair and reused for every pixel.
import { binOf, binOfClampedTo, GRIDS } from './grids.js'
import { N_INFRARED_PARAMS, N_OPTICAL_PARAMS, type LibraryPair } from './library-text.js'
import { log10 } from './libm/index.js'

const f = Math.fround

// Column positions (0-based) in the .lbr layout, after the optical index column.
const OPT_TAUV = 3
const OPT_MU = 4
const OPT_MSTAR = 5
const OPT_SFR8 = 9
const OPT_LDTOT = 20
const OPT_FMU = 21
const IR_FMU = 0
const IR_XI_C_ISM = 1
const IR_T_W_BC = 2
const IR_T_C_ISM = 3
const IR_XI_PAH_BC = 4
const IR_XI_MIR_BC = 5
const IR_XI_W_BC = 6
const IR_MDUST = 7

/** The ISM's fixed shares of PAH, mid-IR and warm emission (da Cunha et al. 2008), as in fit_sed.f. */
const ISM_PAH = f(0.550)
const ISM_MIR = f(0.275)
const ISM_W = f(0.175)
const SSFR_MIN = GRIDS[4].min

/** Derived per-model values and their high-resolution bins (0-based), in library row order. */
export interface ModelTables {
  // optical
  fmuSfh: Float64Array
  mstar: Float64Array
  ldust: Float64Array
  logLdust: Float64Array
  mu: Float64Array
  tauv: Float64Array
  ssfr: Float64Array
  /** log10 sSFR clamped at the grid minimum (-13), as MAGPHYS does before binning sSFR and SFR. */
  lssfrClamped: Float64Array
  tvism: Float64Array
  optBins: Int32Array // 5 per model: fmu_sfh, mu, tau_v, tau_v_ism, ssfr
  // infrared
  fmuIr: Float64Array
  xiCTot: Float64Array
  tW: Float64Array
  tC: Float64Array
  xiPahTot: Float64Array
  xiMirTot: Float64Array
  xiWTot: Float64Array
  mdust: Float64Array
  logMdust: Float64Array
  irBins: Int32Array // 7 per model: fmu_ir, xi_c, t_c, t_w, xi_pah, xi_mir, xi_w
}

export const OPT_BINS = 5
export const IR_BINS = 7

/** Computes the per-model tables of a library pair. */
export function buildModelTables (libs: LibraryPair): ModelTables {
  const { optical, infrared } = libs
  const no = optical.n
  const t: ModelTables = {
    fmuSfh: new Float64Array(no), mstar: new Float64Array(no), ldust: new Float64Array(no), logLdust: new Float64Array(no),
    mu: new Float64Array(no), tauv: new Float64Array(no), ssfr: new Float64Array(no), lssfrClamped: new Float64Array(no),
    tvism: new Float64Array(no), optBins: new Int32Array(no * OPT_BINS),
    fmuIr: new Float64Array(infrared.n), xiCTot: new Float64Array(infrared.n), tW: new Float64Array(infrared.n),
    tC: new Float64Array(infrared.n), xiPahTot: new Float64Array(infrared.n), xiMirTot: new Float64Array(infrared.n),
    xiWTot: new Float64Array(infrared.n), mdust: new Float64Array(infrared.n), logMdust: new Float64Array(infrared.n), irBins: new Int32Array(infrared.n * IR_BINS)
  }
  const p = optical.params
  for (let i = 0; i < no; i++) {
    const o = i * N_OPTICAL_PARAMS
    const mstar = p[o + OPT_MSTAR]
    const ldust = p[o + OPT_LDTOT] / mstar
    const ssfr = p[o + OPT_SFR8] / mstar
    let lssfr = log10(ssfr)
    t.fmuSfh[i] = p[o + OPT_FMU]
    t.mstar[i] = mstar
    t.ldust[i] = ldust
    t.logLdust[i] = log10(ldust)
    t.mu[i] = p[o + OPT_MU]
    t.tauv[i] = p[o + OPT_TAUV]
    t.ssfr[i] = ssfr
    t.tvism[i] = t.mu[i] * t.tauv[i]
    if (lssfr < SSFR_MIN) lssfr = SSFR_MIN
    t.lssfrClamped[i] = lssfr
    const b = i * OPT_BINS
    t.optBins[b] = binOf(GRIDS[0], t.fmuSfh[i])
    t.optBins[b + 1] = binOf(GRIDS[2], t.mu[i])
    t.optBins[b + 2] = binOf(GRIDS[3], t.tauv[i])
    t.optBins[b + 3] = binOf(GRIDS[13], t.tvism[i])
    // MAGPHYS clamps the sSFR bin with nbin_sfr (2300), not nbin_ssfr (140): bins past 140 hold probability
    // that no sSFR percentile or histogram sees. Reproduced; such bins are dropped when summarising.
    t.optBins[b + 4] = binOfClampedTo(GRIDS[4], lssfr, GRIDS[15].nbin)
  }
  const q = infrared.params
  for (let j = 0; j < infrared.n; j++) {
    const o = j * N_INFRARED_PARAMS
    const fmu = q[o + IR_FMU]
    const xiCIsm = q[o + IR_XI_C_ISM]
    t.fmuIr[j] = fmu
    t.tW[j] = q[o + IR_T_W_BC]
    t.tC[j] = q[o + IR_T_C_ISM]
    t.xiPahTot[j] = q[o + IR_XI_PAH_BC] * (1 - fmu) + ISM_PAH * (1 - xiCIsm) * fmu
    t.xiMirTot[j] = q[o + IR_XI_MIR_BC] * (1 - fmu) + ISM_MIR * (1 - xiCIsm) * fmu
    t.xiWTot[j] = q[o + IR_XI_W_BC] * (1 - fmu) + ISM_W * (1 - xiCIsm) * fmu
    t.xiCTot[j] = xiCIsm * fmu
    t.mdust[j] = q[o + IR_MDUST]
    t.logMdust[j] = log10(t.mdust[j])
    const b = j * IR_BINS
    t.irBins[b] = binOf(GRIDS[1], fmu)
    t.irBins[b + 1] = binOf(GRIDS[9], t.xiCTot[j])
    t.irBins[b + 2] = binOf(GRIDS[7], t.tC[j])
    t.irBins[b + 3] = binOf(GRIDS[8], t.tW[j])
    t.irBins[b + 4] = binOf(GRIDS[10], t.xiPahTot[j])
    t.irBins[b + 5] = binOf(GRIDS[11], t.xiMirTot[j])
    t.irBins[b + 6] = binOf(GRIDS[12], t.xiWTot[j])
  }
  return t
}

/** Parameter (PARAMETER_NAMES index) of each optical bin slot and infrared bin slot. */
export const OPT_BIN_PARAMS = [0, 2, 3, 13, 4] as const
export const IR_BIN_PARAMS = [1, 9, 7, 8, 10, 11, 12] as const
