import type { DonContent } from '../don/don.events';

export interface OpenMatter {
  type: 'OpenMatter';
  matterId: string;
  department: string;
  /** The đơn whose registration opens the matter. */
  donId: string;
}
export interface LinkDonToMatter {
  type: 'LinkDonToMatter';
  matterId: string;
  donId: string;
}
export interface LinkCaseToMatter {
  type: 'LinkCaseToMatter';
  matterId: string;
  caseId: string;
  donId?: string;
}
export interface RecordGuidance {
  type: 'RecordGuidance';
  matterId: string;
  citizenKey: string;
  content: DonContent;
  donId: string;
}
export interface RecordForwarding {
  type: 'RecordForwarding';
  matterId: string;
  content: DonContent;
  donId: string;
}

export type MatterCommand = OpenMatter | LinkDonToMatter | LinkCaseToMatter | RecordGuidance | RecordForwarding;
