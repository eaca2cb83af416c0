import h5wasm from 'h5wasm/node'

/** h5wasm, initialised once. */
export async function loadH5 (): Promise<typeof h5wasm> {
  await h5wasm.ready
  return h5wasm
}

/**
 * Debian's HDF5 is 1.10 (h5py, h5dump): write no object format newer than it reads. 'earliest' keeps the oldest
 * encoding that can represent each object, so even older readers open the archives.
 */
export const LIBVER: ['earliest', 'v110'] = ['earliest', 'v110']
