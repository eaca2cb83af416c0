// Browsers have no listener limit on an AbortSignal: nothing to lift.

/** Nothing to do in a browser (see listener-limit.ts). */
export function allowManyListeners (_signal: AbortSignal): void {}
