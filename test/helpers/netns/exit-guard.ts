// Runs a synchronous cleanup when the process exits or is told to stop (SIGINT, SIGTERM, SIGHUP), so that a test
// run interrupted by Ctrl-C or killed by its runner still removes its namespaces. SIGKILL cannot be caught: the
// next run's sweep() handles that.

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP']

/** Installs `cleanup` on exit and on stop signals; returns the function that uninstalls it. */
export function guardExit (cleanup: () => void): () => void {
  const onExit = (): void => { cleanup() }
  const onSignal = (signal: NodeJS.Signals): void => {
    cleanup()
    uninstall()
    // With our listener gone and no other, re-raising applies the default action (the process ends with the
    // signal); when other listeners remain, they decide.
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal)
  }
  const uninstall = (): void => {
    process.off('exit', onExit)
    for (const s of SIGNALS) process.off(s, onSignal)
  }
  process.on('exit', onExit)
  for (const s of SIGNALS) process.on(s, onSignal)
  return uninstall
}
