// The one error type for bad input: it lists every problem, each naming the flag or file, the
// rule and an example, and says that nothing was written (or, for the audit, nothing checked).
export class InputError extends Error {
  constructor(
    readonly problems: string[],
    outcome = 'nothing was written',
  ) {
    super(`${outcome}; fix ${problems.length === 1 ? 'this' : 'these'} and run again:\n  ${problems.join('\n  ')}`);
    this.name = 'InputError';
  }
}

/**
 * A file that parses but names something that does not exist (a devcontainer.json's compose file
 * or service): the generator cannot adopt it; the audit reports it at file:line and goes on.
 */
export class BrokenReference extends InputError {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super([`${file}:${line}: ${reason}`]);
    this.name = 'BrokenReference';
  }
}
