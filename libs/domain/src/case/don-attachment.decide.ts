import { CommandRefused } from './case.errors';
import type { CaseEvent } from './case.events';
import type { CaseState } from './case.state';

/**
 * A later đơn about the same matter joins an existing case (TT 05/2021: a repeat is attached, not a new case).
 * Not a workflow command: it changes no stage and no clock, and is allowed in any stage, a closed case included.
 */
export interface AttachDon {
  type: 'AttachDon';
  caseId: string;
  donId: string;
}

export function decideAttachDon(command: AttachDon, state: CaseState, now: string): CaseEvent[] {
  if (state.status === 'none') throw new CommandRefused('case-not-found', `Không tìm thấy hồ sơ ${command.caseId}.`);
  if (state.donIds.includes(command.donId)) throw new CommandRefused('don-already-attached', `Đơn ${command.donId} đã được gắn vào hồ sơ này.`);
  return [{ type: 'DonAttached', data: { caseId: state.caseId, donId: command.donId, attachedAt: now } }];
}
