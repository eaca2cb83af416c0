// Timers that do not keep a Node process alive. Shared code runs in browser pages too, whose timers are numbers
// without unref (src/browser/).

/** Unrefs a Node timer; does nothing to a browser's. Returns the timer. */
export function unrefTimer<T> (timer: T): T {
  ;(timer as { unref?: () => void }).unref?.()
  return timer
}
