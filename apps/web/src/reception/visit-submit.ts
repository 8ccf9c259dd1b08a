import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import { donKeys, FILER_ROLE, sendDonCommand, type DonCommandAnswer } from '../dons/don-api';
import { useActionKey } from '../shared/action-key';
import { todayInVietnam } from '../shared/format';
import { receptionKeys, sendReceptionCommand, type ReceptionCommandAnswer, type ReceptionSessionView, type VisitClassification, type VisitOutcomeKind } from './reception-api';

export interface VisitValues {
  citizens: number;
  representatives?: number;
  name?: string;
  address?: string;
  idNumber?: string;
  summary: string;
  classification: VisitClassification;
  handledBefore?: string;
  repeated: boolean;
  outcome: VisitOutcomeKind;
  toBody?: string;
  refusalGround?: string;
  note?: string;
  /** The đơn received (outcome `don-received`). */
  subject?: string;
  respondent?: string;
  signers?: number;
}

function text(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function partiesOf(values: VisitValues) {
  const name = text(values.name);
  if (!name) return [];
  const role = FILER_ROLE[values.classification];
  return [{ role, name, address: text(values.address), idNumber: text(values.idNumber), confidential: role === 'denouncer' }];
}

/** The body of POST /api/dons for the đơn handed in at this visit (RegisterDonRequestDto). */
export function registerDonBody(values: VisitValues, session: ReceptionSessionView) {
  const parties = partiesOf(values);
  return {
    department: session.department,
    source: { kind: 'reception', receptionId: session.sessionId, visitNo: session.visits.length + 1 },
    receivedOn: todayInVietnam(),
    signers: parties.length === 0 ? 0 : (values.signers ?? 1),
    anonymous: parties.length === 0,
    parties,
    respondent: text(values.respondent),
    subject: text(values.subject) ?? '',
    content: values.summary.trim(),
  };
}

/** The body of POST /api/reception-sessions/:id/record-visit (RecordVisitRequestDto). */
export function recordVisitBody(values: VisitValues, donId: string | undefined) {
  const handledBefore = (values.handledBefore ?? '')
    .split(/[;\n]/)
    .map((body) => body.trim())
    .filter(Boolean);
  return {
    citizens: values.citizens,
    ...(values.citizens >= 5 ? { delegation: { size: values.citizens, representatives: values.representatives ?? 0 } } : {}),
    parties: partiesOf(values),
    summary: values.summary.trim(),
    classification: values.classification,
    ...(handledBefore.length > 0 ? { handledBefore } : {}),
    outcome: {
      kind: values.outcome,
      ...(donId ? { donId } : {}),
      ...(values.outcome === 'guided' || values.outcome === 'forwarded' ? { toBody: text(values.toBody) } : {}),
      ...(values.outcome === 'refused' ? { refusalGround: values.refusalGround } : {}),
      note: text(values.note),
    },
    repeated: values.repeated === true,
  };
}

export interface VisitSaved {
  visit: ReceptionCommandAnswer;
  don?: DonCommandAnswer;
}

/** Which of the two requests failed: the đơn's registration, or the visit after it. */
export class VisitStepError extends Error {
  constructor(
    readonly step: 'don' | 'visit',
    readonly failure: unknown,
  ) {
    super(failure instanceof Error ? failure.message : String(failure));
    this.name = 'VisitStepError';
  }
}

/**
 * Saves a visit in one step: when a đơn is received, POST /api/dons first, then the visit naming it. Each request
 * has its own Idempotency-Key, kept until the visit is saved: a retry after a lost answer resends both keys, and
 * the đơn already registered answers as the first time did (with the body first sent, which `registeredDon` keeps).
 * A refused request (4xx) changed nothing, so its key is renewed.
 */
export function useRecordVisit(session: ReceptionSessionView | undefined) {
  const queryClient = useQueryClient();
  const donKey = useActionKey();
  const visitKey = useActionKey();
  const registered = useRef<{ body: ReturnType<typeof registerDonBody>; answer: DonCommandAnswer } | undefined>(undefined);
  const mutation = useMutation({
    mutationFn: async (values: VisitValues): Promise<VisitSaved> => {
      if (!session) throw new Error('no session');
      let don: DonCommandAnswer | undefined;
      if (values.outcome === 'don-received') {
        const body = registered.current?.body ?? registerDonBody(values, session);
        try {
          don = await sendDonCommand({ register: true }, body, donKey.value);
        } catch (error) {
          donKey.failed(error);
          throw new VisitStepError('don', error);
        }
        registered.current = { body, answer: don };
      }
      try {
        const visit = await sendReceptionCommand({ sessionId: session.sessionId, segment: 'record-visit' }, recordVisitBody(values, don?.donId), visitKey.value);
        return { visit, ...(don ? { don } : {}) };
      } catch (error) {
        visitKey.failed(error);
        throw new VisitStepError('visit', error);
      }
    },
    onSuccess: async ({ visit }) => {
      donKey.renew();
      visitKey.renew();
      registered.current = undefined;
      queryClient.setQueryData(receptionKeys.session(visit.sessionId), visit.session);
      await queryClient.invalidateQueries({ queryKey: donKeys.register });
    },
  });
  /** Starts over (the form was cleared): a đơn already registered stays in the register, the next visit is a new action. */
  const forget = () => {
    registered.current = undefined;
    donKey.renew();
    visitKey.renew();
    mutation.reset();
  };
  return { ...mutation, registeredDon: () => registered.current?.answer, forget };
}
