import type { ReceptionCommand, ReceptionCommandType } from '@kntc/domain';
import { isUUID } from 'class-validator';
import { CommandValidationError } from '../../dto/command-validation.error';
import { checkRequestBody } from '../../dto/parse-case-command';
import {
  CancelReceptionSessionRequestDto,
  CloseReceptionSessionRequestDto,
  CreateReceptionSessionRequestDto,
  IssueReceptionConclusionRequestDto,
  OpenReceptionSessionRequestDto,
  PostponeReceptionSessionRequestDto,
  PublishReceptionSessionRequestDto,
  RecordVisitRequestDto,
} from './reception-commands.request.dto';

/** `POST /api/reception-sessions/:id/<segment>`: each command on an existing session, with its body. */
export const RECEPTION_COMMAND_ROUTES = {
  publish: { type: 'PublishReceptionSession', dto: PublishReceptionSessionRequestDto, label: 'Niêm yết lịch tiếp' },
  postpone: { type: 'PostponeReceptionSession', dto: PostponeReceptionSessionRequestDto, label: 'Hoãn buổi tiếp' },
  cancel: { type: 'CancelReceptionSession', dto: CancelReceptionSessionRequestDto, label: 'Hủy buổi tiếp' },
  open: { type: 'OpenReceptionSession', dto: OpenReceptionSessionRequestDto, label: 'Mở sổ buổi tiếp theo lịch' },
  'record-visit': { type: 'RecordVisit', dto: RecordVisitRequestDto, label: 'Ghi lượt tiếp' },
  'issue-conclusion': { type: 'IssueReceptionConclusion', dto: IssueReceptionConclusionRequestDto, label: 'Ban hành thông báo kết luận tiếp công dân' },
  close: { type: 'CloseReceptionSession', dto: CloseReceptionSessionRequestDto, label: 'Kết thúc buổi tiếp' },
} as const satisfies Record<string, { type: ReceptionCommandType; dto: new () => object; label: string }>;

export type ReceptionCommandSegment = keyof typeof RECEPTION_COMMAND_ROUTES;

export function isReceptionCommandSegment(segment: string): segment is ReceptionCommandSegment {
  return Object.prototype.hasOwnProperty.call(RECEPTION_COMMAND_ROUTES, segment);
}

/** A command on an existing session from its route segment and body: strings NFC and trimmed, unknown fields refused. */
export function parseReceptionCommand(segment: ReceptionCommandSegment, sessionId: string, body: unknown): ReceptionCommand {
  const route = RECEPTION_COMMAND_ROUTES[segment];
  const { fields, errors } = checkRequestBody(route.dto, body);
  if (errors.length > 0) throw new CommandValidationError(errors);
  return { ...fields, type: route.type, sessionId } as ReceptionCommand;
}

/** The body of POST /api/reception-sessions: a leader session planned, or a session's register opened. */
export function parseCreateReceptionSession(body: unknown, defaultSessionId: string): ReceptionCommand {
  const { fields, errors } = checkRequestBody(CreateReceptionSessionRequestDto, body);
  if (errors.length > 0) throw new CommandValidationError(errors);
  const { action, sessionId, ...rest } = fields as unknown as CreateReceptionSessionRequestDto;
  const id = (sessionId ?? defaultSessionId).toLowerCase();
  if (!isUUID(id)) throw new CommandValidationError([{ field: 'sessionId', message: 'Mã buổi tiếp phải là UUID.' }]);
  if (action === 'plan') {
    if (rest.date === undefined) throw new CommandValidationError([{ field: 'date', message: 'Cần ngày tiếp.' }]);
    if (rest.receivedBy !== undefined) throw new CommandValidationError([{ field: 'receivedBy', message: 'Người tiếp được ghi khi mở sổ.' }]);
    return { type: 'PlanReceptionSession', sessionId: id, department: rest.department, kind: rest.kind, date: rest.date, place: rest.place, ...(rest.leader !== undefined ? { leader: rest.leader } : {}) };
  }
  return { type: 'OpenReceptionSession', sessionId: id, ...rest };
}
