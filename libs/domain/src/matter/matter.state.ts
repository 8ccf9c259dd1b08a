export interface NoMatter {
  status: 'none';
}
export interface OpenedMatter {
  status: 'open';
  matterId: string;
  department: string;
  donIds: string[];
  caseIds: string[];
  /** Guidance given, by `citizenKey|content`: the đơn it was given on. */
  guidance: Record<string, string>;
  /** Forwarding done, by content key: the đơn forwarded. */
  forwarding: Record<string, string>;
}
export type MatterState = NoMatter | OpenedMatter;

/** Guidance is given once per citizen and content (TT 05/2021). */
export function guidanceKey(citizenKey: string, content: string): string {
  return `${citizenKey}|${content}`;
}
