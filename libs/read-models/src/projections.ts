import type { WorkflowRegistry } from '@kntc/workflow';
import { CASE_SUMMARY_PROJECTION, CaseSummaryProjection } from './case-summary/case-summary.projection';
import { DEADLINE_BOARD_PROJECTION, DeadlineBoardProjection } from './deadline-board/deadline-board.projection';
import { DON_REGISTER_PROJECTION, DonRegisterProjection } from './don-register/don-register.projection';
import type { SignFunction } from './don-register/don-signs';
import { DEPARTMENT_CASES_PROJECTION, DepartmentCasesProjection } from './department-cases/department-cases.projection';
import { INBOX_PROJECTION, InboxProjection } from './inbox/inbox.projection';
import type { InboxRecipients } from './inbox/inbox-recipients';
import { DON_FACTS_PROJECTION, DonFactsProjection } from './report-facts/don-facts';
import { RECEPTION_FACTS_PROJECTION, ReceptionFactsProjection } from './report-facts/reception-facts';
import { REPORT_FACTS_PROJECTION, ReportFactsProjection } from './report-facts/report-facts.projection';
import { RECEPTION_SESSIONS_PROJECTION, ReceptionSessionsProjection } from './reception-sessions/reception-sessions.projection';
import type { Projection } from './runner/projection';

export const PROJECTION_NAMES = [CASE_SUMMARY_PROJECTION, DEPARTMENT_CASES_PROJECTION, DEADLINE_BOARD_PROJECTION, INBOX_PROJECTION, REPORT_FACTS_PROJECTION, RECEPTION_SESSIONS_PROJECTION, DON_REGISTER_PROJECTION, DON_FACTS_PROJECTION, RECEPTION_FACTS_PROJECTION] as const;
export type ProjectionName = (typeof PROJECTION_NAMES)[number];

export function isProjectionName(name: string): name is ProjectionName {
  return (PROJECTION_NAMES as readonly string[]).includes(name);
}

/**
 * Every read model of the engine, at the versions of this code (tests may set others). The inbox's users are
 * `recipients` (recipientsFromRoster over openUsersRoster); without them a notice reaches only the assigned inspector.
 */
export function createProjections(
  deps: { workflows: WorkflowRegistry; recipients?: InboxRecipients; /** The keyed hash of the đơn candidate index (donSignFunctionFromVault); without it the index is not kept. */ donSign?: SignFunction | Promise<SignFunction> },
  versions: Partial<Record<ProjectionName, number>> = {},
): Projection[] {
  const ctx = { workflows: deps.workflows };
  return [
    new CaseSummaryProjection(ctx, versions[CASE_SUMMARY_PROJECTION]),
    new DepartmentCasesProjection(ctx, versions[DEPARTMENT_CASES_PROJECTION]),
    new DeadlineBoardProjection(ctx, versions[DEADLINE_BOARD_PROJECTION]),
    new InboxProjection(deps.recipients, versions[INBOX_PROJECTION], deps.workflows),
    new ReportFactsProjection(deps.workflows, versions[REPORT_FACTS_PROJECTION]),
    new ReceptionSessionsProjection(versions[RECEPTION_SESSIONS_PROJECTION]),
    new DonFactsProjection(versions[DON_FACTS_PROJECTION]),
    new ReceptionFactsProjection(versions[RECEPTION_FACTS_PROJECTION]),
    ...(deps.donSign !== undefined ? [new DonRegisterProjection(deps.donSign, versions[DON_REGISTER_PROJECTION])] : []),
  ];
}
