import { CommandValidationError } from '../command-validation.error';

/** Fixtures of the DTO specs: a case id, a valid filing body, and the field errors a parse refuses with. */
export const CASE_ID = '5f0c7a52-1d1f-4c8e-9a53-6a1c2b0d9e11';

/** A valid filing; `overrides` replace its fields, `party` those of its one party. */
export const filingBody = (overrides: Record<string, unknown> = {}, party: Record<string, unknown> = {}) => ({
  kind: 'complaint-first',
  department: 'so-tnmt',
  channel: 'post',
  receivedOn: '2026-03-02',
  subject: 'Khiếu nại quyết định thu hồi đất',
  content: 'Nội dung',
  parties: [{ role: 'complainant', name: 'Nguyễn Thị Ánh', confidential: false, ...party }],
  remoteArea: false,
  ...overrides,
});

export function errorsOf(run: () => unknown): Array<{ field: string; message: string }> {
  try {
    run();
  } catch (error) {
    if (error instanceof CommandValidationError) return error.errors;
    throw error;
  }
  throw new Error('expected a CommandValidationError');
}
