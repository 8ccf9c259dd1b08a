import type { BuildKeys } from '../keys';

/**
 * don-register: the register of đơn per department (paged inside Redis) and the candidate index that finds đơn
 * and cases about the same matter. The index holds keyed hashes only: no name, address, ID number or free text.
 */
export const donRegisterKeys = (build: BuildKeys) => ({
  /** STRING: JSON DonRegisterRow (ids, dates, classification, outcome: no identity, no free text). */
  row: (donId: string) => `${build.prefix}row:${donId}`,
  /** ZSET: donId → receivedOn as yyyymmdd, every đơn of a department. */
  received: (department: string) => `${build.prefix}received:${department}`,
  /** ZSET: donId → receivedOn as yyyymmdd, the đơn of a department in one status (open, processed). */
  byStatus: (department: string, status: string) => `${build.prefix}status:${department}:${status}`,
  /** HASH: counter → count, absolute values (total, status:<s>, content:<c>, outcome:<o>, repeated). */
  counts: (department: string) => `${build.prefix}counts:${department}`,
  /** SET: donIds of a department with this sign (a keyed hash of a citizen, a respondent or a pair of content words). */
  sign: (department: string, sign: string) => `${build.prefix}sign:${department}:${sign}`,
  /** STRING: JSON DonSigns of a đơn, to score a candidate without reading its text. */
  signs: (donId: string) => `${build.prefix}signs:${donId}`,
});
