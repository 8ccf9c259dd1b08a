import { evolveDon, openCitizenKey, type DonEvent, type ExistingDon } from '@kntc/domain';
import type { Redis } from 'ioredis';
import { dateScore, type BuildKeys } from '../keys';
import type { Projection } from '../runner/projection';
import type { ProjectedEvent } from '../shared/projected-event';
import type { RedisWrite } from '../shared/redis-write';
import { addCounterDeltas, counterWrites, type CounterDeltas } from '../shared/counter-writes';
import { donRegisterKeys } from './don-register.keys';
import { donSigns, signMembers, type DonSigns, type SignFunction } from './don-signs';

export const DON_REGISTER_PROJECTION = 'don-register';
export const DON_STREAM_FAMILY = 'don-';

/**
 * A đơn in the register: the domain's fold of its stream (ids, dates, classification, outcome) and whether it repeats;
 * never its citizen key (withoutTextOrKey).
 */
export type DonRegisterRow = WithoutCitizenKey<ExistingDon> & {
  /** Registered as a repeat of an earlier đơn or case, or attached to one. */
  repeated: boolean;
};

/** Each state of a đơn without its citizen key (distributed: Omit of the union itself would keep only shared fields). */
type WithoutCitizenKey<D> = D extends unknown ? Omit<D, 'citizenKey'> : never;

/** The counters of one row (HASH fields), written as absolute values. */
export function donCounters(row: DonRegisterRow): Map<string, number> {
  const counters = new Map<string, number>([
    ['total', 1],
    [`status:${row.status}`, 1],
    [`source:${row.source.kind}`, 1],
  ]);
  if (row.classification) counters.set(`content:${row.classification.content}`, 1);
  if (row.status === 'processed') counters.set(`outcome:${row.outcome.type}`, 1);
  if (row.repeated) counters.set('repeated', 1);
  return counters;
}

/**
 * The đơn register per department (lists paged in Redis by date of receipt, counters) and the candidate index of
 * keyed hashes that finds the đơn about the same matter. No name, address, ID number or free text is written:
 * rows are the domain's fold without text, the index holds signs (don-signs.ts). Writes are absolute: a batch
 * applied twice writes the same.
 */
export class DonRegisterProjection implements Projection {
  readonly name = DON_REGISTER_PROJECTION;
  readonly description = 'Sổ đơn theo đơn vị và chỉ mục đơn trùng (chỉ mã băm có khóa, không họ tên, địa chỉ, nội dung)';
  readonly streamPrefix = DON_STREAM_FAMILY;

  constructor(
    /** A promise while the deployment's key is read (donSignFunctionFromVault); awaited by the first batch. */
    private readonly sign: SignFunction | Promise<SignFunction>,
    /** 2: no citizen key in rows, none indexed for a confidential signer. */
    readonly version: number = 2,
  ) {}

  async project(events: readonly ProjectedEvent[], redis: Redis, build: BuildKeys): Promise<RedisWrite[]> {
    const keys = donRegisterKeys(build);
    const sign = await this.sign;
    const byDon = new Map<string, DonEvent[]>();
    for (const { don } of events) {
      if (don === undefined) continue;
      const list = byDon.get(don.data.donId) ?? [];
      list.push(don);
      byDon.set(don.data.donId, list);
    }
    if (byDon.size === 0) return [];
    const ids = [...byDon.keys()];
    const stored = await redis.mget(...ids.map((id) => keys.row(id)));
    const before = new Map(ids.map((id, i) => [id, stored[i] ? (JSON.parse(stored[i]!) as DonRegisterRow) : undefined]));

    const changes: { before?: DonRegisterRow; after: DonRegisterRow }[] = [];
    const writes: RedisWrite[] = [];
    for (const [donId, donEvents] of byDon) {
      let row = before.get(donId);
      for (const event of donEvents) {
        const repeated = row?.repeated === true || (event.type === 'DonRegistered' && event.data.repeatOf !== undefined) || event.type === 'DonAttachedToCase' || event.type === 'DonAttachedToDon';
        const state = evolveDon(row ?? { status: 'none' }, event);
        if (state.status === 'none') continue;
        row = withoutTextOrKey({ ...state, repeated });
        if (event.type === 'DonRegistered') {
          const { citizenKey: stored, ...registered } = event.data;
          const citizenKey = openCitizenKey(stored, registered.parties);
          const signs = donSigns({ ...registered, ...(citizenKey !== undefined ? { citizenKey } : {}) }, sign);
          writes.push({ op: 'set', key: keys.signs(donId), value: JSON.stringify(signs) });
          for (const member of signMembers(signs)) writes.push({ op: 'sadd', key: keys.sign(state.department, member), member: donId });
        }
      }
      if (row === undefined) continue;
      writes.push({ op: 'set', key: keys.row(donId), value: JSON.stringify(row) });
      changes.push({ ...(before.get(donId) ? { before: before.get(donId)! } : {}), after: row });
    }
    writes.push(...(await listWrites(changes, redis, keys)));
    return writes;
  }
}

/**
 * The row keeps codes and dates only: the officer's free-text reason stays in the stream, and the citizen key, which
 * would join a confidential đơn to another đơn of its signer for every reader of the register, stays in the index.
 */
function withoutTextOrKey({ citizenKey: _key, ...row }: ExistingDon & { repeated: boolean }): DonRegisterRow {
  if (row.classification?.notQualifyingReason === undefined) return row;
  const { notQualifyingReason: _reason, ...classification } = row.classification;
  return { ...row, classification };
}

async function listWrites(changes: { before?: DonRegisterRow; after: DonRegisterRow }[], redis: Redis, keys: ReturnType<typeof donRegisterKeys>): Promise<RedisWrite[]> {
  const writes: RedisWrite[] = [];
  const deltas: CounterDeltas = new Map();
  for (const { before, after } of changes) {
    const score = dateScore(after.receivedOn);
    writes.push({ op: 'zadd', key: keys.received(after.department), member: after.donId, score });
    if (before && before.status !== after.status) writes.push({ op: 'zrem', key: keys.byStatus(before.department, before.status), member: before.donId });
    writes.push({ op: 'zadd', key: keys.byStatus(after.department, after.status), member: after.donId, score });
    if (before) addCounterDeltas(deltas, keys.counts(before.department), donCounters(before), -1);
    addCounterDeltas(deltas, keys.counts(after.department), donCounters(after), 1);
  }
  writes.push(...(await counterWrites(redis, deltas)));
  return writes;
}

export type { DonSigns };
