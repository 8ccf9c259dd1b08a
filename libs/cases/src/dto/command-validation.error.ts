/** One field of a request that fails validation. */
export interface FieldError {
  /** Dotted path into the request body, e.g. `parties.0.name`; `` for the body as a whole. */
  field: string;
  /** What is wrong, in Vietnamese. */
  message: string;
}

/** A command's payload is malformed: nothing was decided or appended. */
export class CommandValidationError extends Error {
  readonly code = 'validation-failed';

  constructor(readonly errors: FieldError[]) {
    super(`Yêu cầu không hợp lệ: ${errors.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message)).join('; ')}`);
    this.name = 'CommandValidationError';
  }
}
