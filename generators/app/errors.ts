// The one error type for bad input: it lists every problem, each naming the flag or file, the
// rule and an example, and says that nothing was written.
export class InputError extends Error {
  constructor(readonly problems: string[]) {
    super(`nothing was written; fix ${problems.length === 1 ? 'this' : 'these'} and run again:\n  ${problems.join('\n  ')}`);
    this.name = 'InputError';
  }
}
