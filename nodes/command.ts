/** One `pogs` sub-command: `run` receives the arguments after the command name and returns the exit code. */
export interface Command {
  summary: string
  usage: string
  run: (argv: string[]) => Promise<number>
}
