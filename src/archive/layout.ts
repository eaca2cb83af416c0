// The archive's layout (design section 8, after POGS' HDF5 archives, Figure 3 of the paper). Paths and column
// names live here so the writer, the reader and the docs agree.

/** Written to the `galaxy` group's `format` attribute; readers refuse other major versions. */
export const ARCHIVE_FORMAT = 'pogs-galaxy-archive/1'

export const PATHS = {
  galaxy: 'galaxy',
  fitsHeader: 'galaxy/fits_header',
  imageFilters: 'galaxy/image_filters',
  areaGroup: 'galaxy/area',
  area: 'galaxy/area/area',
  areaUser: 'galaxy/area/area_user',
  pixelGroup: 'galaxy/pixel',
  pixels: 'galaxy/pixel/pixels',
  pixelDetails: 'galaxy/pixel/pixel_details',
  pixelParameters: 'galaxy/pixel/pixel_parameters',
  pixelFilters: 'galaxy/pixel/pixel_filters',
  histogramGrid: 'galaxy/pixel/histogram_grid',
  histograms: 'galaxy/pixel/histograms',
  histogramBins: 'galaxy/pixel/histogram_bins',
  provenance: 'galaxy/provenance',
  resultCids: 'galaxy/provenance/result_cids',
  verifierKeys: 'galaxy/provenance/verifier_keys',
  libraries: 'galaxy/provenance/libraries'
} as const

/** Columns of galaxy/area/area (int32). x1 and y1 are exclusive. */
export const AREA_COLUMNS = ['area', 'x0', 'y0', 'x1', 'y1', 'pixels'] as const
/** Columns of galaxy/pixel/pixel_details (float64), one row per fitted pixel. */
export const DETAIL_COLUMNS = ['x', 'y', 'area', 'chi2', 'scale', 'best_optical_row', 'best_optical_index', 'best_infrared_row', 'used_bands', 'redshift', 'library_redshift'] as const
/** Third axis of galaxy/pixel/pixel_filters (Jy). */
export const FILTER_VALUES = ['observed_flux', 'sigma', 'best_fit_flux'] as const
/** Last axis of galaxy/pixel/histogram_grid (int32): where a histogram starts in the list, how long it is, and
 * the grid bin of its first value. */
export const GRID_COLUMNS = ['start', 'length', 'first_bin'] as const
/** Columns of galaxy/provenance/libraries (strings). */
export const LIBRARY_COLUMNS = ['name', 'redshift', 'sha256', 'cid'] as const

/** Chunk edge for the [X, Y, ...] cubes: 64 x 64 pixels of 16 x 7 float32 = 1.8 MB per chunk. */
export const CHUNK_XY = 64
/** Chunk length for the long 1-D histogram list. */
export const LIST_CHUNK = 1 << 18
/** gzip level: 4 gives nearly all of 9's ratio on these arrays at a fraction of the (single-threaded) time. */
export const GZIP_LEVEL = 4
