/** Resolves with the signal's name at the first SIGINT or SIGTERM (Ctrl-C shuts down cleanly). */
export async function untilTerminated (): Promise<NodeJS.Signals> {
  return await new Promise((resolve) => {
    const on = (s: NodeJS.Signals): void => {
      process.off('SIGINT', on)
      process.off('SIGTERM', on)
      resolve(s)
    }
    process.on('SIGINT', on)
    process.on('SIGTERM', on)
  })
}
