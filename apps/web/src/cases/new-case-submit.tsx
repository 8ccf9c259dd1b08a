import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { FormInstance } from 'antd';
import type { Dayjs } from 'dayjs';
import { useRef } from 'react';
import { ApiError, newIdempotencyKey, request } from '../api/client';
import type { PartyValues } from './new-case-parties';
import type { Schemas } from '../shared/api-types';

export interface NewCaseValues {
  kind: string;
  channel: string;
  receivedOn: Dayjs;
  referenceNo?: string;
  referredBy?: string;
  subject: string;
  content: string;
  remoteArea: boolean;
  parties: PartyValues[];
}

type FileCaseAnswer = Schemas['CaseCommandResponse'];

const FORM_FIELDS = new Set(['kind', 'channel', 'receivedOn', 'referenceNo', 'referredBy', 'subject', 'content', 'remoteArea']);
const PARTY_FIELDS = new Set(['role', 'name', 'address', 'phone', 'email', 'idNumber', 'confidential']);

function optional(value: string | undefined): string | undefined {
  const text = value?.trim();
  return text ? text : undefined;
}

/** The body of POST /api/cases (FileCaseRequestDto); empty optional fields are left out. */
export function fileCaseBody(values: NewCaseValues, department: string) {
  return {
    kind: values.kind,
    department,
    channel: values.channel,
    receivedOn: values.receivedOn.format('YYYY-MM-DD'),
    subject: values.subject.trim(),
    content: values.content.trim(),
    remoteArea: values.remoteArea === true,
    referenceNo: optional(values.referenceNo),
    referredBy: values.channel === 'referral' ? optional(values.referredBy) : undefined,
    parties: values.parties.map((party) => ({
      role: party.role,
      name: party.name?.trim(),
      address: optional(party.address),
      phone: optional(party.phone),
      email: optional(party.email),
      idNumber: optional(party.idNumber),
      confidential: party.role === 'denouncer' || party.confidential === true,
    })),
  };
}

/** `parties.0.name` → `['parties', 0, 'name']` when the form has that field; undefined otherwise. */
export function formFieldOf(field: string): Array<string | number> | undefined {
  const parts = field.split('.');
  if (parts.length === 1 && FORM_FIELDS.has(parts[0]!)) return parts;
  if (parts.length === 3 && parts[0] === 'parties' && /^\d+$/.test(parts[1]!) && PARTY_FIELDS.has(parts[2]!)) return ['parties', Number(parts[1]), parts[2]!];
  return undefined;
}

/**
 * Files the case. One Idempotency-Key per form session: a double submit or a retry after a lost answer
 * files one case; the key changes only after a success. Field errors of the API are put next to their
 * fields; what remains is returned for an alert.
 */
export function useFileCase(form: FormInstance, department: string) {
  const queryClient = useQueryClient();
  const key = useRef(newIdempotencyKey());
  return useMutation({
    mutationFn: async (values: NewCaseValues) => {
      const { data } = await request<FileCaseAnswer>('/api/cases', {
        method: 'POST',
        body: fileCaseBody(values, department),
        headers: { 'Idempotency-Key': key.current },
      });
      return data;
    },
    onSuccess: async () => {
      key.current = newIdempotencyKey();
      await queryClient.invalidateQueries({ queryKey: ['cases'] });
    },
    onError: (error) => {
      if (!(error instanceof ApiError)) return;
      const fieldErrors = [...(error.problem.errors ?? [])];
      const refusedField = error.problem.details?.['field'];
      if (typeof refusedField === 'string') fieldErrors.push({ field: refusedField, message: error.problem.detail });
      const placed = fieldErrors.flatMap(({ field, message }) => {
        const name = formFieldOf(field);
        return name ? [{ name, errors: [message] }] : [];
      });
      if (placed.length === 0) return;
      form.setFields(placed);
      form.scrollToField(placed[0]!.name, { block: 'center', focus: true });
    },
  });
}

/** What the alert says about a failed filing, or undefined when every error already stands next to its field. */
export function unplacedProblem(error: unknown): { title: string; detail: string; rest: string[] } | undefined {
  if (!(error instanceof ApiError)) return { title: 'Không tiếp nhận được đơn', detail: String(error), rest: [] };
  const errors = error.problem.errors ?? [];
  const rest = errors.filter((e) => formFieldOf(e.field) === undefined).map((e) => `${e.field}: ${e.message}`);
  const refusedField = error.problem.details?.['field'];
  const placedAll = (errors.length > 0 && rest.length === 0) || (typeof refusedField === 'string' && formFieldOf(refusedField) !== undefined);
  if (placedAll) return undefined;
  const title = error.status === 0 ? error.problem.title : error.code === 'validation-failed' ? 'Thông tin trong đơn chưa hợp lệ' : 'Không tiếp nhận được đơn';
  return { title, detail: error.problem.detail, rest };
}
