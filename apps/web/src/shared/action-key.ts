import { useState } from 'react';
import { ApiError, newIdempotencyKey, type Problem } from '../api/client';

/** The problem a failed request carries; anything that is not the API's answer reads as an unknown error. */
export function problemOf(error: unknown): Problem {
  return error instanceof ApiError ? error.problem : { title: 'Lỗi', status: 0, code: 'unknown', detail: String(error) };
}

/**
 * The Idempotency-Key of one user action: kept while the action is retried after a lost answer (the API answers as
 * the first time did), renewed after a success, and after a refusal (4xx: nothing was appended, the next attempt is
 * a new action).
 */
export class ActionKey {
  private key = newIdempotencyKey();

  get value(): string {
    return this.key;
  }

  renew(): void {
    this.key = newIdempotencyKey();
  }

  /** Renews the key when the API refused the request, and returns its problem. */
  failed(error: unknown): Problem {
    const problem = problemOf(error);
    if (problem.status >= 400 && problem.status < 500) this.renew();
    return problem;
  }
}

/** One {@link ActionKey} for the life of a form or page. */
export function useActionKey(): ActionKey {
  return useState(() => new ActionKey())[0];
}
