/** One `pogs` sub-command: `run` receives the arguments after the command name and returns the exit code. */
export interface Command {
  summary: string
  usage: string
  run: (argv: string[]) => Promise<number>
  /** A command of verbs that shows each verb's own help (`pogs galaxy fit --help`): only a --help right after the
   * command name shows the command's. */
  verbHelp?: boolean
}
