import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { EventStore } from '@kntc/event-store';
import type { WorkflowRegistry } from '@kntc/workflow';
import { CaseRepository } from '../shared/case.repository';
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

  async execute({ caseId, actor }: GetCaseQuery): Promise<CaseView> {
    const loaded = await this.cases.load(caseId, actor);
    if (loaded.state.status === 'none') throw new CaseNotFoundError(caseId);
    const workflow = this.workflows.get(loaded.state.kind, loaded.state.workflowVersion);
    return toCaseView(loaded.state, loaded.events, workflow, actor, loaded.revision);
  }
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
