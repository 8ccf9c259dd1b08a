/** Exit codes of `kntc`: 0 done, 1 the work found problems (refused lines, invalid workflows), 2 bad input. */
export const EXIT_OK = 0;
export const EXIT_PROBLEMS = 1;
export const EXIT_USAGE = 2;

/** The operator's input cannot be used (unknown workflow, impossible date, missing file): exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
