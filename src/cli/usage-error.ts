/** A wrong command line: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  /** The command whose usage is printed with the message (undefined: the overview). */
  readonly command: string | undefined;
  constructor(message: string, command?: string) {
    super(message);
    this.name = 'UsageError';
    this.command = command;
  }
}
