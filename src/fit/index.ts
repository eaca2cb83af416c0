/**
 * The fitting core's public API (MAGPHYS-equivalent per-pixel SED fitting). Other areas import from here only.
 */
export { PARAMETER_NAMES, VALUE_NAMES, N_PARAMETERS, N_VALUES, type ParameterName, type ValueName } from './parameters.js'
export type { PixelFit, SparseHistogram } from './result.js'
export { readFilters, parseFilters, type FilterSpec } from './filters-file.js'
export { readObservations, parseObservations, type Observation, type ObservationsFile } from './observations-file.js'
export { listLibraries, readLibraryPair, readOpticalLibrary, readInfraredLibrary, type LibraryPair, type LibraryFiles, type OpticalLibrary, type InfraredLibrary } from './library.js'
export { chooseLibrary, MAX_LIBRARY_DZ } from './choose-library.js'
export { createFitContext, type FitContext } from './context.js'
export { fitPixel, pairParameterValues, MIN_BANDS, type FitOutcome, type Unfitted, type PixelFitDetail } from './fit-pixel.js'
export { formatFitText } from './fit-text.js'
export { encodePixelFit, decodePixelFit, digestPixelFit, ENCODING_VERSION } from './encoding.js'
export { createFitPool, type FitPool, type FitPoolInit, type FitOptions } from './pool.js'
export type { PixelOutcome } from './worker-protocol.js'
export { contextFor } from './run-pixel.js'
export { modelFluxJy } from './model-flux-jy.js'
export { luminosityDistanceMpc, janskyToLsunPerHz } from './cosmology.js'
export * from './errors.js'
