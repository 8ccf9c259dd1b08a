import { CommandRefused } from '../case/case.errors';
import { assertNever } from '../case/case.evolve';
import type { MatterCommand } from './matter.commands';
import type { MatterEvent } from './matter.events';
import { guidanceKey, type MatterState } from './matter.state';

/**
 * The matter's decider keeps TT 05/2021's "once": guidance once per citizen and content, forwarding once per
 * content. The đơn's own decider cannot see other đơn, so each guidance or forwarding is recorded here first.
 */
export function decideMatter(command: MatterCommand, state: MatterState, now: string): MatterEvent[] {
  if (command.type === 'OpenMatter') {
    if (state.status !== 'none') throw new CommandRefused('matter-already-exists', `Vụ việc (matter) ${command.matterId} đã tồn tại.`);
    return [
      { type: 'MatterOpened', data: { matterId: command.matterId, department: command.department, firstDonId: command.donId, openedAt: now } },
      { type: 'DonLinkedToMatter', data: { matterId: command.matterId, donId: command.donId, repeated: false, at: now } },
    ];
  }
  if (state.status === 'none') throw new CommandRefused('matter-not-found', `Không tìm thấy nhóm đơn, vụ việc ${command.matterId}.`);
  const matterId = state.matterId;
  switch (command.type) {
    case 'LinkDonToMatter':
      if (state.donIds.includes(command.donId)) throw new CommandRefused('already-linked', `Đơn ${command.donId} đã thuộc nhóm này.`);
      // Đơn lặp lại: the dispute already had a đơn or a case when this one came.
      return [{ type: 'DonLinkedToMatter', data: { matterId, donId: command.donId, repeated: state.donIds.length + state.caseIds.length > 0, at: now } }];
    case 'LinkCaseToMatter':
      if (state.caseIds.includes(command.caseId)) throw new CommandRefused('already-linked', `Hồ sơ ${command.caseId} đã thuộc nhóm này.`);
      return [{ type: 'CaseLinkedToMatter', data: { matterId, caseId: command.caseId, ...(command.donId ? { donId: command.donId } : {}), at: now } }];
    case 'RecordGuidance': {
      const earlier = state.guidance[guidanceKey(command.citizenKey, command.content)];
      if (earlier !== undefined) {
        throw new CommandRefused('already-guided', 'Công dân đã được hướng dẫn một lần về nội dung này (TT 05/2021/TT-TTCP): không hướng dẫn lại.', [], {
          donId: earlier,
          content: command.content,
        });
      }
      return [{ type: 'GuidanceRecorded', data: { matterId, citizenKey: command.citizenKey, content: command.content, donId: command.donId, at: now } }];
    }
    case 'RecordForwarding': {
      const earlier = state.forwarding[command.content];
      if (earlier !== undefined) {
        throw new CommandRefused('already-forwarded', 'Nội dung này đã được chuyển đơn một lần (TT 05/2021/TT-TTCP, Điều 14): không chuyển lại.', [], {
          donId: earlier,
          content: command.content,
        });
      }
      return [{ type: 'ForwardingRecorded', data: { matterId, contentKey: command.content, donId: command.donId, at: now } }];
    }
    default:
      return assertNever(command);
  }
}
