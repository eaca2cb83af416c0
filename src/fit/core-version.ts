/**
 * The fitting core's version. Replicas of a unit are compared by digest, byte for byte, which only means something
 * between results of one core: raise this whenever the same unit and libraries could give different result bytes
 * (the fit's arithmetic or order of summation, its grids and tables, which pixels count as unfitted, the canonical
 * encoding in encoding.ts). Work requests and results name it; the coordinator keeps each unit's replicas on one
 * core version, and verifiers compare digests only between replicas of equal core versions
 * (docs/work-lifecycle.md#versions).
 */
export const FIT_CORE_VERSION = 4
