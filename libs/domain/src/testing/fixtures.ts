import type { Actor } from '../shared/actor';
import type { FileCase } from '../case/case.commands';

export const DEPARTMENT = 'so-tnmt';

export const actors = {
  intake: { id: 'u-intake', role: 'intake', department: DEPARTMENT },
  inspector: { id: 'u-inspector', role: 'inspector', department: DEPARTMENT },
  head: { id: 'u-head', role: 'head', department: DEPARTMENT },
  director: { id: 'u-director', role: 'director', department: DEPARTMENT },
  ubnd: { id: 'u-ubnd', role: 'ubnd', department: DEPARTMENT },
  supervisor: { id: 'u-supervisor', role: 'supervisor', department: 'thanh-tra-tinh' },
  system: { id: 'deadline-worker', role: 'system', department: DEPARTMENT },
} satisfies Record<string, Actor>;

export const CASE_ID = '5f0c7a52-1d1f-4c8e-9a53-6a1c2b0d9e11';

/** 09:00 in Hanoi on a civil date. */
export function at(date: string, time = '09:00'): string {
  return new Date(`${date}T${time}:00+07:00`).toISOString();
}

export function fileCase(kind: string, receivedOn: string, overrides: Partial<FileCase> = {}): FileCase {
  const filer = kind === 'denunciation' ? 'denouncer' : kind === 'petition' ? 'petitioner' : 'complainant';
  return {
    type: 'FileCase',
    caseId: CASE_ID,
    kind,
    department: DEPARTMENT,
    channel: 'in-person',
    receivedOn,
    subject: 'Khiếu nại quyết định thu hồi đất',
    content: 'Nội dung đơn',
    parties: [{ role: filer, name: 'Nguyễn Thị Ánh', idNumber: '001190012345', confidential: false }],
    remoteArea: false,
    ...overrides,
  };
}
