import type { Catalog } from '../api/types';
import { ARCHIVE_GROUNDS, type DonView } from './don-api';

/** One field of an outcome's form (the request DTOs of libs/cases/src/dons/dto/don-commands.request.dto.ts). */
export interface ActionField {
  name: string;
  label: string;
  kind: 'text' | 'date' | 'select' | 'check';
  required?: boolean;
  max?: number;
  options?: Array<{ value: string; label: string }>;
  help?: string;
}

/** A processing outcome the user may run on this đơn now: its URL segment, its label and form. */
export interface DonAction {
  segment: string;
  label: string;
  fields: ActionField[];
}

const documentNo = (required: boolean): ActionField => ({ name: 'documentNo', label: 'Số văn bản', kind: 'text', required, max: 100 });
const documentDate: ActionField = { name: 'documentDate', label: 'Ngày văn bản', kind: 'date', help: 'Bỏ trống: hôm nay' };

/**
 * The outcomes that suit the đơn as it stands (TT 05/2021): thụ lý needs a qualifying đơn within competence of one
 * content; chuyển đơn one outside competence; tách đơn one of several contents; the API refuses any other with its
 * reason, so this only spares the user buttons that cannot succeed.
 */
export function donActions(don: DonView, catalog: Catalog): DonAction[] {
  const c = don.classification;
  const open = don.status === 'open';
  const actions: DonAction[] = [];
  if (open && c?.qualifying && c.competence === 'within' && c.content !== 'several') {
    const kinds = catalog.kinds.filter((k) => k.family === c.content);
    actions.push({
      segment: 'accept-into-case',
      label: 'Thụ lý thành hồ sơ',
      fields: [
        { name: 'kind', label: 'Loại hồ sơ', kind: 'select', required: true, options: kinds.map((k) => ({ value: k.kind, label: k.name })) },
        { name: 'remoteArea', label: 'Vùng sâu, vùng xa', kind: 'check' },
      ],
    });
  }
  if (open && c && !don.anonymous) {
    actions.push({ segment: 'guide', label: 'Hướng dẫn công dân', fields: [documentNo(true), documentDate, { name: 'toBody', label: 'Hướng dẫn đến cơ quan', kind: 'text', max: 300 }] });
  }
  if (open && c?.competence === 'outside') {
    actions.push({
      segment: 'forward',
      label: 'Chuyển đơn',
      fields: [{ name: 'toBody', label: 'Cơ quan nhận đơn chuyển', kind: 'text', required: true, max: 300 }, documentNo(true), documentDate],
    });
  }
  if (c && (open || don.outcome?.type === 'LowerLevelUrged')) {
    actions.push({ segment: 'urge-lower-level', label: 'Đôn đốc cấp dưới', fields: [{ name: 'body', label: 'Cơ quan cấp dưới', kind: 'text', required: true, max: 300 }, documentNo(true), documentDate] });
  }
  if (open && c?.content === 'several') actions.push({ segment: 'request-split', label: 'Hướng dẫn tách đơn', fields: [documentNo(false), documentDate] });
  if (open) {
    actions.push({
      segment: 'archive',
      label: 'Lưu đơn',
      fields: [{ name: 'ground', label: 'Căn cứ lưu đơn', kind: 'select', required: true, options: Object.entries(ARCHIVE_GROUNDS).map(([value, label]) => ({ value, label })) }, documentNo(false), documentDate],
    });
  }
  if (don.source.kind === 'referral' && !don.referrerAnswered) {
    actions.push({
      segment: 'answer-referrer',
      label: 'Thông báo cho cơ quan chuyển đơn',
      fields: [documentNo(true), documentDate, { name: 'resolvedOn', label: 'Ngày vụ việc được giải quyết', kind: 'date', help: 'Bắt buộc khi đơn đã thành hồ sơ' }],
    });
  }
  return actions;
}
