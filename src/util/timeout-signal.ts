// A timeout signal that still fires after a garbage collection. On Node 20, AbortSignal.any() holds its source
// signals weakly, and a signal from AbortSignal.timeout() that nothing else references is collected with its timer:
// `AbortSignal.any([signal, AbortSignal.timeout(ms)])` then never times out (measured on v20.20.2: a GC in the
// window and the timeout is gone; a hole-punching session hung for good that way). Here the timer itself holds
// the controller, so the signal lives until it has fired.

import { unrefTimer } from './unref-timer.js'

/** Aborts with a TimeoutError DOMException after `ms`, as AbortSignal.timeout does; safe inside AbortSignal.any. */
export function timeoutSignal (ms: number): AbortSignal {
  const controller = new AbortController()
  const timer = setTimeout(() => {
    controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'))
  }, ms)
  // Like AbortSignal.timeout's, the timer does not keep a Node process alive.
  unrefTimer(timer)
  return controller.signal
}
