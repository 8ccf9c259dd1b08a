/** Not found, or in a department the actor may not see: both answer 404 so existence does not leak. */
export class DonNotFoundError extends Error {
  readonly code = 'don-not-found';
  constructor(readonly donId: string) {
    super(`Không tìm thấy đơn ${donId}.`);
    this.name = 'DonNotFoundError';
  }
}
