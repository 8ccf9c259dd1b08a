import { evolve, foldCase, initialCaseState, readCaseEventOrSkipNewer, type CaseEvent, type CaseState } from '@kntc/domain';
import type { EventStore } from '@kntc/event-store';
import type { WorkflowRegistry } from '@kntc/workflow';

/**
 * A case as the reconciler needs it, kept by the deadline scheduler for every case that is not closed or still has
 * pending timers: the domain's own fold (stage, status, last act, stall flag, clocks), without parties or subject,
 * and the stream revision it was folded to. The reconciler reads these instead of the whole store.
 */
export interface OpenCase {
  revision: number;
  state: CaseState;
}

/** The fold of a case with what Redis must not hold removed: no party, no subject, no content. */
export function storableOpenCase(open: OpenCase): string {
  const state = open.state.status === 'none' ? open.state : { ...open.state, parties: [], subject: '' };
  return JSON.stringify({ revision: open.revision, state });
}

export function parseOpenCase(json: string | null): OpenCase | undefined {
  return json === null ? undefined : (JSON.parse(json) as OpenCase);
}

/** Whether the reconciler has nothing to do with the case: none, or in a final stage of its workflow. */
export function isClosed(state: CaseState, workflows: WorkflowRegistry): boolean {
  if (state.status === 'none') return true;
  return workflows.get(state.kind, state.workflowVersion).stages[state.stage]?.final === true;
}

/**
 * Folds one more recorded event into a case's open-case record. A record behind the event (a case closed and
 * reopened, or one kept before this record existed) is folded again from its stream, up to the event before.
 */
export async function foldOpenCase(
  current: OpenCase | undefined,
  recorded: { stream: string; revision: number },
  event: CaseEvent,
  store: Pick<EventStore, 'readStream'>,
): Promise<OpenCase> {
  let open = current;
  if (open === undefined || open.revision < recorded.revision - 1) {
    open = recorded.revision === 0 ? { revision: -1, state: initialCaseState } : await foldStream(store, recorded.stream, recorded.revision - 1);
  }
  if (recorded.revision <= open.revision) return open;
  return { revision: recorded.revision, state: evolve(open.state, event) };
}

async function foldStream(store: Pick<EventStore, 'readStream'>, stream: string, upTo: number): Promise<OpenCase> {
  const recorded = (await store.readStream(stream)).filter((e) => e.revision <= upTo);
  const events = recorded.map((e) => readCaseEventOrSkipNewer(e).event).filter((e): e is CaseEvent => e !== undefined);
  return { revision: recorded.at(-1)?.revision ?? -1, state: foldCase(events) };
}
