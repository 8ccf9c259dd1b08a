/** Not found, or in a department the actor may not see: both answer 404 so existence does not leak. */
export class ReceptionSessionNotFoundError extends Error {
  readonly code = 'session-not-found';
  constructor(readonly sessionId: string) {
    super(`Không tìm thấy buổi tiếp công dân ${sessionId}.`);
    this.name = 'ReceptionSessionNotFoundError';
  }
}
