import type { AssignInspector } from './case.commands';
import type { DecideContext } from './case.context';
import { CommandRefused } from './case.errors';
import type { ExistingCase } from './case.state';

/**
 * Roles a case can be assigned to. The assignee verifies the case and receives its reminders and escalations
 * (Luật Khiếu nại art. 29, Luật Tố cáo art. 31: the resolver assigns a verification to an inspector).
 */
export const ASSIGNABLE_ROLES: readonly string[] = ['inspector'];

/**
 * The assignee must be a known user, an inspector, of the case's own department: another department's inspector
 * could not open the case, and its deadline notices would go to someone who cannot act on them.
 */
export function assertAssignable(command: AssignInspector, state: ExistingCase, ctx: DecideContext): void {
  if (ctx.users === undefined) return;
  const details = { field: 'inspectorId', inspectorId: command.inspectorId };
  const assignee = ctx.users.find(command.inspectorId);
  if (assignee === undefined) {
    throw new CommandRefused('assignee-not-found', `Không có người dùng "${command.inspectorId}" trong danh sách người dùng.`, [], details);
  }
  if (!ASSIGNABLE_ROLES.includes(assignee.role)) {
    throw new CommandRefused('assignee-not-inspector', `Người dùng "${command.inspectorId}" không phải thanh tra viên; chỉ phân công được thanh tra viên.`, [], {
      ...details,
      assignableRoles: ASSIGNABLE_ROLES,
    });
  }
  if (assignee.department !== state.department) {
    throw new CommandRefused(
      'assignee-other-department',
      `Thanh tra viên "${command.inspectorId}" không thuộc đơn vị giải quyết hồ sơ (${state.department}).`,
      [],
      { ...details, department: state.department },
    );
  }
}
