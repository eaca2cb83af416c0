// The archive's layout (docs/archive.md, after POGS' HDF5 archives, Figure 3 of the paper). Paths and column
// names live here so the writer, the reader and the docs agree.

/** Written to the `galaxy` group's `format` attribute; readers refuse other major versions. */
export const ARCHIVE_FORMAT = 'pogs-galaxy-archive/2'

export const PATHS = {
  galaxy: 'galaxy',
  fitsHeader: 'galaxy/fits_header',
  wcs: 'galaxy/wcs',
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
/** Last axis of galaxy/pixel/histogram_grid (int32): the row where a histogram starts in galaxy/pixel/histograms
 * and how many rows it has (-1 and 0 where nothing was fitted). */
export const GRID_COLUMNS = ['start', 'length'] as const
/** Columns of galaxy/pixel/histograms (float32): the non-zero stretch of each high-resolution histogram. */
export const HISTOGRAM_COLUMNS = ['bin_centre', 'probability'] as const
/** Columns of galaxy/area/area_user (strings): area index, comma-separated volunteers, ISO 8601 assimilation time. */
export const AREA_USER_COLUMNS = ['area', 'volunteers', 'assimilated'] as const
/** Columns of galaxy/provenance/libraries (strings). */
export const LIBRARY_COLUMNS = ['name', 'redshift', 'sha256', 'cid'] as const

/** Chunk edge for the [X, Y, ...] cubes: 64 x 64 pixels of 16 x 7 float32 = 1.8 MB per chunk. */
export const CHUNK_XY = 64
/** Chunk rows for the long histogram list: 2^17 (centre, probability) rows = 1 MiB. */
export const LIST_CHUNK = 1 << 17
/** Chunk rows for the per-pixel lists (pixel_details, pixel_parameters, pixel_filters), at most: 4096 pixels' summary
 * values are 1.8 MB, as a cube chunk. Smaller galaxies get one chunk of their pixel count. */
export const DETAIL_CHUNK = 4096
/** gzip level: 4 gives nearly all of 9's ratio on these arrays at a fraction of the (single-threaded) time. */
export const GZIP_LEVEL = 4
