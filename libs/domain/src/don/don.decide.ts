import { formatVn, vnDateOf, type LocalDate, type WorkflowDefinition, type WorkingCalendar } from '@kntc/workflow';
import type { Actor } from '../shared/actor';
import { CommandRefused } from '../case/case.errors';
import { assertNever } from '../case/case.evolve';
import { DON_ARCHIVE_GROUNDS, type DonCommand, type RegisterDon } from './don.commands';
import { DON_PROCESSING_RULES, REFERRER_ANSWER_RULES, donDeadline } from './don.clocks';
import type { DonContent, DonEvent } from './don.events';
import type { DonState, ExistingDon, OpenDon } from './don.state';

export interface DonDecideContext {
  calendar: WorkingCalendar;
  /** Business time of the command (UTC ISO-8601). */
  now: string;
  actor: Actor;
  /** The family of a case kind (its workflow's), to judge AcceptDonIntoCase; undefined for an unknown kind. */
  familyOf?: (kind: string) => WorkflowDefinition['family'] | undefined;
}

/** Parties who sign a đơn (the others are named in it). */
const SIGNER_ROLES = new Set(['complainant', 'denouncer', 'petitioner', 'representative']);

/** What these rules read of a party, stored (its identity sealed) or as sent. */
type SignerLike = { role: string; confidential?: boolean };

/** The party a đơn's citizen key names: its first signer. */
export function signerOf<P extends { role: string }>(parties: readonly P[]): P | undefined {
  return parties.find((p) => SIGNER_ROLES.has(p.role));
}

/**
 * The citizen key others may match a đơn by (duplicate candidates, guidance once per citizen): none when its signer
 * is confidential (every denouncer), so no candidate and no refusal confirms whom an officer guesses or reads on
 * another đơn of the same person (Luật Tố cáo 2018, art. 47(1)(b)).
 */
export function openCitizenKey<P extends SignerLike>(citizenKey: string | undefined, parties: readonly P[]): string | undefined {
  const signer = signerOf(parties);
  return signer !== undefined && (signer.confidential === true || signer.role === 'denouncer') ? undefined : citizenKey;
}

/** Whom the matter records a guidance for: the citizen, or for a confidential signer the content alone (guided once per matter). */
export function guidanceCitizenOf<P extends SignerLike>(citizenKey: string, parties: readonly P[]): string {
  return openCitizenKey(citizenKey, parties) ?? 'confidential-signer';
}

/** The content a case family resolves: a complaint đơn opens a complaint case, and so on. */
const FAMILY_CONTENT: Record<WorkflowDefinition['family'], DonContent> = {
  complaint: 'complaint',
  denunciation: 'denunciation',
  petition: 'petition',
};

/** Turns a đơn command into its events, or refuses it (nothing is appended). */
export function decideDon(command: DonCommand, state: DonState, ctx: DonDecideContext): DonEvent[] {
  const today = vnDateOf(ctx.now);
  if (command.type === 'RegisterDon') return register(command, state, ctx, today);
  if (state.status === 'none') throw new CommandRefused('don-not-found', `Không tìm thấy đơn ${command.donId}.`);
  const at = ctx.now;
  const donId = state.donId;
  switch (command.type) {
    case 'ClassifyDon': {
      assertOpen(state);
      if (!command.qualifying && !command.notQualifyingReason) {
        throw new CommandRefused('invalid-classification', 'Đơn không đủ điều kiện xử lý phải nêu lý do.', [], { field: 'notQualifyingReason' });
      }
      if (command.competence === 'outside' && !command.competentBody) {
        throw new CommandRefused('invalid-classification', 'Đơn không thuộc thẩm quyền phải nêu cơ quan có thẩm quyền.', [], { field: 'competentBody' });
      }
      return [
        {
          type: 'DonClassified',
          data: {
            donId,
            at,
            content: command.content,
            qualifying: command.qualifying,
            ...(command.notQualifyingReason ? { notQualifyingReason: command.notQualifyingReason } : {}),
            competence: command.competence,
            ...(command.competentBody ? { competentBody: command.competentBody } : {}),
          },
        },
      ];
    }
    case 'AcceptDonIntoCase': {
      const open = assertOpen(state);
      const c = classified(open);
      if (!c.qualifying) throw new CommandRefused('don-not-qualifying', 'Đơn không đủ điều kiện xử lý, không thể thụ lý thành vụ việc.');
      if (c.competence !== 'within') throw new CommandRefused('don-outside-competence', 'Đơn không thuộc thẩm quyền, không thể thụ lý.');
      if (c.content === 'several') throw new CommandRefused('don-several-contents', 'Đơn có nhiều nội dung: hãy hướng dẫn tách đơn trước.');
      const family = ctx.familyOf?.(command.kind);
      if (family === undefined || FAMILY_CONTENT[family] !== c.content) {
        throw new CommandRefused('case-kind-mismatch', `Loại hồ sơ "${command.kind}" không phù hợp với nội dung đơn (${c.content}).`, [], {
          field: 'kind',
          content: c.content,
        });
      }
      return [{ type: 'DonAcceptedIntoCase', data: { donId, at, caseId: command.caseId, kind: command.kind, acceptedAt: at, matterId: open.matterId } }];
    }
    case 'AttachDonToCase':
      assertOpen(state);
      return [{ type: 'DonAttachedToCase', data: { donId, at, caseId: command.caseId, matterId: command.matterId } }];
    case 'AttachDonToDon':
      assertOpen(state);
      if (command.toDonId === donId) throw new CommandRefused('invalid-attachment', 'Không thể gắn đơn vào chính nó.', [], { field: 'toDonId' });
      return [{ type: 'DonAttachedToDon', data: { donId, at, toDonId: command.toDonId, matterId: command.matterId } }];
    case 'GuideCitizen': {
      const c = classified(assertOpen(state));
      if (state.citizenKey === undefined) throw new CommandRefused('don-anonymous', 'Đơn nặc danh: không có công dân để hướng dẫn.');
      const documentDate = documentDateOf(command.documentDate, state, today);
      return [
        {
          type: 'CitizenGuided',
          data: { donId, at, documentNo: command.documentNo, documentDate, ...(command.toBody ? { toBody: command.toBody } : {}), content: c.content },
        },
      ];
    }
    case 'ForwardDon': {
      const c = classified(assertOpen(state));
      if (c.competence !== 'outside') throw new CommandRefused('don-within-competence', 'Đơn thuộc thẩm quyền: không chuyển đơn.');
      const documentDate = documentDateOf(command.documentDate, state, today);
      return [{ type: 'DonForwarded', data: { donId, at, documentNo: command.documentNo, documentDate, toBody: command.toBody, content: c.content } }];
    }
    case 'UrgeLowerLevel': {
      // Đôn đốc may be repeated while the lower level stays overdue; it follows no other outcome.
      if (state.status === 'processed' && state.outcome.type !== 'LowerLevelUrged') assertOpen(state);
      classified(state);
      const documentDate = documentDateOf(command.documentDate, state, today);
      return [{ type: 'LowerLevelUrged', data: { donId, at, documentNo: command.documentNo, documentDate, body: command.body } }];
    }
    case 'RequestDonSplit': {
      const c = classified(assertOpen(state));
      if (c.content !== 'several') throw new CommandRefused('don-not-several-contents', 'Chỉ hướng dẫn tách đơn khi đơn có nhiều nội dung.');
      const documentDate = documentDateOf(command.documentDate, state, today);
      return [{ type: 'DonSplitRequested', data: { donId, at, ...(command.documentNo ? { documentNo: command.documentNo } : {}), documentDate } }];
    }
    case 'ArchiveDon': {
      assertOpen(state);
      if (!Object.hasOwn(DON_ARCHIVE_GROUNDS, command.ground)) {
        throw new CommandRefused('invalid-ground', `Căn cứ lưu đơn "${command.ground}" không hợp lệ.`, [], {
          field: 'ground',
          allowedGrounds: Object.keys(DON_ARCHIVE_GROUNDS),
        });
      }
      const documentDate = documentDateOf(command.documentDate, state, today);
      return [{ type: 'DonArchived', data: { donId, at, ground: command.ground, ...(command.documentNo ? { documentNo: command.documentNo } : {}), documentDate } }];
    }
    case 'AnswerReferrer':
      return answerReferrer(command, state, ctx, today);
    default:
      return assertNever(command);
  }
}

function register(command: RegisterDon, state: DonState, ctx: DonDecideContext, today: LocalDate): DonEvent[] {
  if (state.status !== 'none') throw new CommandRefused('don-already-exists', `Đơn ${command.donId} đã được vào sổ.`);
  if (command.receivedOn > today) {
    throw new CommandRefused('invalid-date', `Ngày nhận đơn (${formatVn(command.receivedOn)}) không được sau ngày hôm nay (${formatVn(today)}).`, [], {
      field: 'receivedOn',
    });
  }
  if (command.source.kind === 'referral' && command.source.referrer === undefined) {
    throw new CommandRefused('invalid-source', 'Đơn do cơ quan khác chuyển đến phải ghi cơ quan chuyển và văn bản chuyển.', [], { field: 'source.referrer' });
  }
  if (command.source.kind === 'reception' && command.source.receptionId === undefined) {
    throw new CommandRefused('invalid-source', 'Đơn nhận tại buổi tiếp công dân phải ghi buổi tiếp.', [], { field: 'source.receptionId' });
  }
  const signerParties = command.parties.filter((p) => SIGNER_ROLES.has(p.role)).length;
  if (command.anonymous ? command.signers !== 0 || signerParties > 0 : command.signers < 1 || signerParties < 1) {
    throw new CommandRefused(
      'invalid-parties',
      command.anonymous ? 'Đơn nặc danh không ghi người đứng đơn.' : 'Đơn phải có ít nhất một người đứng tên (người khiếu nại, tố cáo, kiến nghị hoặc đại diện).',
      [],
      { field: command.anonymous ? 'signers' : 'parties' },
    );
  }
  // Luật Tố cáo 2018, art. 9(1)(b), 47: a denouncer's identity is secret whatever the form says.
  const parties = command.parties.map((p) => (p.role === 'denouncer' ? { ...p, confidential: true } : p));
  const deadline = donDeadline(DON_PROCESSING_RULES, ctx.calendar, command.receivedOn);
  if (!deadline) throw new CommandRefused('no-clock-rule', `Không có quy định thời hạn xử lý đơn cho ngày ${formatVn(command.receivedOn)}.`);
  return [
    {
      type: 'DonRegistered',
      data: {
        donId: command.donId,
        department: command.department,
        matterId: command.matterId,
        ...(command.repeatOf !== undefined ? { repeatOf: command.repeatOf } : {}),
        source: command.source,
        receivedOn: command.receivedOn,
        registeredAt: ctx.now,
        signers: command.signers,
        anonymous: command.anonymous,
        parties,
        ...(command.citizenKey !== undefined && !command.anonymous ? { citizenKey: command.citizenKey } : {}),
        ...(command.respondent ? { respondent: command.respondent } : {}),
        subject: command.subject,
        content: command.content,
        ...(command.locality ? { locality: command.locality } : {}),
        ...(command.field ? { field: command.field } : {}),
        ...(command.project ? { project: command.project } : {}),
        processingRule: deadline.rule.id,
        ...(deadline.due ? { processingDueOn: deadline.due.dueDate, processingDueAt: deadline.due.dueAt, processingBasis: deadline.due.basis } : {}),
      },
    },
  ];
}

function answerReferrer(command: Extract<DonCommand, { type: 'AnswerReferrer' }>, state: ExistingDon, ctx: DonDecideContext, today: LocalDate): DonEvent[] {
  if (state.source.kind !== 'referral') throw new CommandRefused('don-not-referred', 'Đơn không do cơ quan, tổ chức chuyển đến.');
  if (state.referrerAnswered) throw new CommandRefused('referrer-already-answered', `Đã thông báo cho cơ quan chuyển đơn ngày ${formatVn(state.referrerAnswered.on)}.`);
  if (state.status !== 'processed') throw new CommandRefused('don-not-processed', 'Đơn chưa được xử lý xong: chưa thể thông báo kết quả.');
  const accepted = state.outcome.type === 'DonAcceptedIntoCase' || state.outcome.type === 'DonAttachedToCase';
  if (accepted && command.resolvedOn === undefined) {
    throw new CommandRefused('invalid-date', 'Đơn đã thành vụ việc: hãy ghi ngày vụ việc được giải quyết.', [], { field: 'resolvedOn' });
  }
  const resolvedOn = command.resolvedOn ?? state.outcome.on;
  const documentDate = documentDateOf(command.documentDate, state, today);
  if (resolvedOn > documentDate) {
    throw new CommandRefused('invalid-date', `Ngày giải quyết (${formatVn(resolvedOn)}) không được sau ngày văn bản (${formatVn(documentDate)}).`, [], { field: 'resolvedOn' });
  }
  const deadline = donDeadline(REFERRER_ANSWER_RULES, ctx.calendar, resolvedOn);
  if (!deadline?.due) throw new CommandRefused('no-clock-rule', `Không có quy định thời hạn thông báo cho cơ quan chuyển đơn cho ngày ${formatVn(resolvedOn)}.`);
  return [
    {
      type: 'ReferrerAnswered',
      data: {
        donId: state.donId,
        at: ctx.now,
        documentNo: command.documentNo,
        documentDate,
        resolvedOn,
        dueOn: deadline.due.dueDate,
        late: documentDate > deadline.due.dueDate,
        rule: deadline.rule.id,
      },
    },
  ];
}

function assertOpen(state: ExistingDon): OpenDon {
  if (state.status === 'processed') {
    throw new CommandRefused('don-already-processed', `Đơn đã được xử lý ngày ${formatVn(state.outcome.on)} (${state.outcome.type}).`, [], {
      outcome: state.outcome.type,
    });
  }
  return state;
}

function classified(state: ExistingDon) {
  if (!state.classification) throw new CommandRefused('don-not-classified', 'Đơn chưa được phân loại.');
  return state.classification;
}

/** A document dated no later than today and no earlier than the đơn's receipt; today when none is given. */
function documentDateOf(date: LocalDate | undefined, state: ExistingDon, today: LocalDate): LocalDate {
  if (date === undefined) return today;
  if (date > today) {
    throw new CommandRefused('invalid-date', `Ngày văn bản (${formatVn(date)}) không được sau ngày hôm nay (${formatVn(today)}).`, [], { field: 'documentDate' });
  }
  if (date < state.receivedOn) {
    throw new CommandRefused('invalid-date', `Ngày văn bản (${formatVn(date)}) không được trước ngày nhận đơn (${formatVn(state.receivedOn)}).`, [], {
      field: 'documentDate',
    });
  }
  return date;
}
