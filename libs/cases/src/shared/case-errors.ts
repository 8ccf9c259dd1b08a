/** Not found, or in a department the actor may not see: both answer 404 so existence does not leak. */
export class CaseNotFoundError extends Error {
  readonly code = 'case-not-found';
  constructor(readonly caseId: string) {
    super(`Không tìm thấy hồ sơ ${caseId}.`);
    this.name = 'CaseNotFoundError';
  }
}

/** The same Idempotency-Key was sent with a different command. */
export class IdempotencyKeyReusedError extends Error {
  readonly code = 'idempotency-key-reused';
  constructor(readonly idempotencyKey: string) {
    super(`Idempotency-Key "${idempotencyKey}" đã được dùng cho một yêu cầu khác.`);
    this.name = 'IdempotencyKeyReusedError';
  }
}

/** Business time may be given only by the importer, replaying a historical register. */
export class BusinessTimeNotAllowedError extends Error {
  readonly code = 'business-time-not-allowed';
  constructor() {
    super('Chỉ vai trò importer được ghi nhận thời điểm nghiệp vụ trong quá khứ.');
    this.name = 'BusinessTimeNotAllowedError';
  }
}

/** A đơn may be filed only into the filer's own department, unless the role spans departments. */
export class DepartmentNotAllowedError extends Error {
  readonly code = 'department-not-allowed';
  constructor(readonly department: string) {
    super(`Không được tiếp nhận đơn cho cơ quan "${department}" ngoài đơn vị của mình.`);
    this.name = 'DepartmentNotAllowedError';
  }
}
