import { isUUID } from 'class-validator';
import { CommandValidationError } from '../../dto/command-validation.error';
import { checkRequestBody } from '../../dto/parse-case-command';
import type { DonRequest, RegisterDonRequest } from '../execute-don-command.command';
import {
  AcceptDonIntoCaseRequestDto,
  AnswerReferrerRequestDto,
  ArchiveDonRequestDto,
  AttachDonToCaseRequestDto,
  AttachDonToDonRequestDto,
  ClassifyDonRequestDto,
  ForwardDonRequestDto,
  GuideCitizenRequestDto,
  RegisterDonRequestDto,
  RequestDonSplitRequestDto,
  UrgeLowerLevelRequestDto,
} from './don-commands.request.dto';

/** `POST /api/dons/:id/<segment>`: every command on a registered đơn, with its body. */
export const DON_COMMAND_ROUTES = {
  classify: { type: 'ClassifyDon', dto: ClassifyDonRequestDto, label: 'Phân loại đơn' },
  'accept-into-case': { type: 'AcceptDonIntoCase', dto: AcceptDonIntoCaseRequestDto, label: 'Thụ lý thành hồ sơ (vụ việc)' },
  'attach-to-case': { type: 'AttachDonToCase', dto: AttachDonToCaseRequestDto, label: 'Gắn vào hồ sơ đã có' },
  'attach-to-don': { type: 'AttachDonToDon', dto: AttachDonToDonRequestDto, label: 'Gắn vào đơn trước (đơn lặp lại)' },
  guide: { type: 'GuideCitizen', dto: GuideCitizenRequestDto, label: 'Hướng dẫn công dân' },
  forward: { type: 'ForwardDon', dto: ForwardDonRequestDto, label: 'Chuyển đơn' },
  'urge-lower-level': { type: 'UrgeLowerLevel', dto: UrgeLowerLevelRequestDto, label: 'Đôn đốc cấp dưới' },
  'request-split': { type: 'RequestDonSplit', dto: RequestDonSplitRequestDto, label: 'Hướng dẫn tách đơn' },
  archive: { type: 'ArchiveDon', dto: ArchiveDonRequestDto, label: 'Lưu đơn' },
  'answer-referrer': { type: 'AnswerReferrer', dto: AnswerReferrerRequestDto, label: 'Thông báo cho cơ quan chuyển đơn' },
} as const satisfies Record<string, { type: Exclude<DonRequest['type'], 'RegisterDon'>; dto: new () => object; label: string }>;

export type DonCommandSegment = keyof typeof DON_COMMAND_ROUTES;

export function isDonCommandSegment(segment: string): segment is DonCommandSegment {
  return Object.prototype.hasOwnProperty.call(DON_COMMAND_ROUTES, segment);
}

/** A command on a registered đơn from its route segment and body: strings NFC and trimmed, unknown fields refused. */
export function parseDonCommand(segment: DonCommandSegment, donId: string, body: unknown): DonRequest {
  const route = DON_COMMAND_ROUTES[segment];
  const { fields, errors } = checkRequestBody(route.dto, body);
  if (errors.length > 0) throw new CommandValidationError(errors);
  return { ...fields, type: route.type, donId: donId.toLowerCase() } as DonRequest;
}

/** The body of POST /api/dons. */
export function parseRegisterDon(body: unknown): RegisterDonRequest {
  const { fields, errors } = checkRequestBody(RegisterDonRequestDto, body);
  if (errors.length > 0) throw new CommandValidationError(errors);
  const donId = fields['donId'];
  if (donId !== undefined && !(typeof donId === 'string' && isUUID(donId))) throw new CommandValidationError([{ field: 'donId', message: 'Mã đơn phải là UUID.' }]);
  return { ...fields, type: 'RegisterDon', ...(typeof donId === 'string' ? { donId: donId.toLowerCase() } : {}) } as RegisterDonRequest;
}
