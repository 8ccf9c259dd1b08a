import type { DonContent } from '../don/don.events';

/** Links and signs of one underlying dispute: every đơn and case about it, and the guidance and forwarding given. */
export interface MatterOpened {
  type: 'MatterOpened';
  data: { matterId: string; department: string; firstDonId: string; openedAt: string };
}
/** `repeated`: the matter already had a đơn or case when this one came (đơn lặp lại). */
export interface DonLinkedToMatter {
  type: 'DonLinkedToMatter';
  data: { matterId: string; donId: string; repeated: boolean; at: string };
}
export interface CaseLinkedToMatter {
  type: 'CaseLinkedToMatter';
  data: { matterId: string; caseId: string; donId?: string; at: string };
}
/** Guidance given to one citizen (a keyed hash, never a name) on one content: once only (TT 05/2021). */
export interface GuidanceRecorded {
  type: 'GuidanceRecorded';
  data: { matterId: string; citizenKey: string; content: DonContent; donId: string; at: string };
}
/** The matter's content of this kind was forwarded: once only (TT 05/2021 art. 14(1)). */
export interface ForwardingRecorded {
  type: 'ForwardingRecorded';
  data: { matterId: string; contentKey: string; donId: string; at: string };
}

export type MatterEvent = MatterOpened | DonLinkedToMatter | CaseLinkedToMatter | GuidanceRecorded | ForwardingRecorded;
export type MatterEventType = MatterEvent['type'];

export const MATTER_EVENT_SCHEMA_VERSIONS: Record<MatterEventType, number> = {
  MatterOpened: 1,
  DonLinkedToMatter: 1,
  CaseLinkedToMatter: 1,
  GuidanceRecorded: 1,
  ForwardingRecorded: 1,
};

export function isMatterEventType(type: string): type is MatterEventType {
  return Object.hasOwn(MATTER_EVENT_SCHEMA_VERSIONS, type);
}
