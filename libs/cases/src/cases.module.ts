import { Module, type DynamicModule } from '@nestjs/common';
import type { CaseIdentityVault } from '@kntc/auth';
import type { UserLookup } from '@kntc/domain';
import type { EventStore } from '@kntc/event-store';
import type { WorkflowRegistry, WorkingCalendar } from '@kntc/workflow';
import { ExecuteCaseCommandHandler } from './execute-command/execute-case-command.handler';
import { ExecuteDonCommandHandler } from './dons/execute-don-command.handler';
import { GetDonHandler, GetDonHistoryHandler, GetDonIdentityAccessLogHandler } from './dons/don-queries';
import { GetCaseHandler, GetCaseHistoryHandler, GetIdentityAccessLogHandler } from './queries/case-queries.handler';
import { CLOCK, systemClock, type Clock } from './shared/clock';
import { EVENT_STORE, IDENTITY_VAULT, USER_LOOKUP, WORKFLOW_REGISTRY, WORKING_CALENDAR } from './shared/case.tokens';

export interface CaseEngineDependencies {
  store: EventStore;
  workflows: WorkflowRegistry;
  calendar: WorkingCalendar;
  /** Seals confidential identities on the write path, reveals them on the query path (openEngine opens it). */
  vault: CaseIdentityVault;
  clock?: Clock;
  /**
   * The users that judge assignees: the API's directory of the users store, or with OIDC the users file openEngine
   * loads. The worker and `kntc import` (whose acts carry their own time, judged by no directory) omit it.
   */
  users?: UserLookup;
}

/** The case use cases over the ports they need; apps hand in the adapters. Import CqrsModule.forRoot() beside it. */
@Module({})
export class CasesModule {
  static register(deps: CaseEngineDependencies): DynamicModule {
    const ports = [
      { provide: EVENT_STORE, useValue: deps.store },
      { provide: WORKFLOW_REGISTRY, useValue: deps.workflows },
      { provide: WORKING_CALENDAR, useValue: deps.calendar },
      { provide: IDENTITY_VAULT, useValue: deps.vault },
      { provide: CLOCK, useValue: deps.clock ?? systemClock },
      ...(deps.users ? [{ provide: USER_LOOKUP, useValue: deps.users }] : []),
    ];
    return {
      module: CasesModule,
      global: true,
      providers: [...ports, ExecuteCaseCommandHandler, GetCaseHandler, GetCaseHistoryHandler, GetIdentityAccessLogHandler, ExecuteDonCommandHandler, GetDonHandler, GetDonHistoryHandler, GetDonIdentityAccessLogHandler],
      exports: ports.map((p) => p.provide),
    };
  }
}
