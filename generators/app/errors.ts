// The one error type for bad input: it lists every problem, each naming the flag or file, the
// rule and an example, and says that nothing was written (or, for the audit, nothing checked).
export class InputError extends Error {
  constructor(readonly problems: string[], outcome = 'nothing was written') {
    super(`${outcome}; fix ${problems.length === 1 ? 'this' : 'these'} and run again:\n  ${problems.join('\n  ')}`);
    this.name = 'InputError';
  }
}
