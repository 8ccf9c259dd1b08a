import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { foldCase, readCaseEvent, type CaseEvent } from '@kntc/domain';
import type { EventStore } from '@kntc/event-store';
import type { WorkflowRegistry } from '@kntc/workflow';
import { CaseRepository, type LoadedCase } from '../shared/case.repository';
import { CaseNotFoundError } from '../shared/case-errors';
import { EVENT_STORE, WORKFLOW_REGISTRY } from '../shared/case.tokens';
import { GetCaseQuery } from './get-case.query';
import { GetCaseHistoryQuery } from './get-case-history.query';
import { toCaseView, toHistoryEntry, type CaseView, type HistoryEntry } from './case.view';

@QueryHandler(GetCaseQuery)
export class GetCaseHandler implements IQueryHandler<GetCaseQuery, CaseView> {
  private readonly cases: CaseRepository;
  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(WORKFLOW_REGISTRY) private readonly workflows: WorkflowRegistry,
  ) {
    this.cases = new CaseRepository(store);
  }

  async execute({ caseId, actor, atRevision }: GetCaseQuery): Promise<CaseView> {
    const loaded = await this.cases.load(caseId, actor);
    const { state, events, revision } = atRevision === undefined ? loaded : asOf(loaded, atRevision);
    if (state.status === 'none') throw new CaseNotFoundError(caseId);
    const workflow = this.workflows.get(state.kind, state.workflowVersion);
    return toCaseView(state, events, workflow, actor, revision);
  }
}

/** The case folded from its events up to `revision` (inclusive). */
function asOf(loaded: LoadedCase, revision: number): Pick<LoadedCase, 'state' | 'events' | 'revision'> {
  const recorded = loaded.recorded.filter((r) => r.revision <= revision);
  const events = recorded.map((r) => readCaseEvent(r)).filter((e): e is CaseEvent => e !== undefined);
  return { state: foldCase(events), events, revision: recorded.length === 0 ? -1 : recorded[recorded.length - 1]!.revision };
}

@QueryHandler(GetCaseHistoryQuery)
export class GetCaseHistoryHandler implements IQueryHandler<GetCaseHistoryQuery, HistoryEntry[]> {
  private readonly cases: CaseRepository;
  constructor(@Inject(EVENT_STORE) store: EventStore) {
    this.cases = new CaseRepository(store);
  }

  async execute({ caseId, actor }: GetCaseHistoryQuery): Promise<HistoryEntry[]> {
    const loaded = await this.cases.load(caseId, actor);
    if (loaded.state.status === 'none') throw new CaseNotFoundError(caseId);
    return loaded.recorded.map((r) => toHistoryEntry(r, actor));
  }
}
