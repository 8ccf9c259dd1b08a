import type { ServerResponse } from 'node:http';
import type { CaseCommandOutcome } from './case-command.service';

/** ETag is the case revision the answer describes; a client sends it back in If-Match. */
export function etagOf(revision: number): string {
  return `"${revision}"`;
}

export function setCommandHeaders(response: ServerResponse, outcome: CaseCommandOutcome): void {
  response.setHeader('ETag', etagOf(outcome.body.revision));
  response.setHeader('Idempotent-Replayed', String(outcome.replayed));
}
