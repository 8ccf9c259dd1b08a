import { DUPLICATE_THRESHOLD, scoreSimilaritySigns, type SimilarityScore } from '@kntc/domain';
import type { EventStore, Position } from '@kntc/event-store';
import type { Redis } from 'ioredis';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ReadModelKeys } from '../keys';
import { readActiveBuild } from '../runner/projection-builds';
import { pipelineReplies } from '../shared/read-model-redis';
import { donRegisterKeys } from './don-register.keys';
import { DON_REGISTER_PROJECTION, DON_STREAM_FAMILY, type DonRegisterRow } from './don-register.projection';
import { donSigns, similaritySigns, signMembers, type DonSignInput, type DonSigns, type SignFunction } from './don-signs';

export interface DonRegisterPage {
  items: DonRegisterRow[];
  total: number;
  page: number;
  pageSize: number;
  /** The department's counters (total, status:…, source:…, content:…, outcome:…, repeated). */
  counts: Record<string, number>;
}

export interface DonCandidate {
  donId: string;
  matterId: string;
  receivedOn: string;
  status: DonRegisterRow['status'];
  caseIds: string[];
  similarity: SimilarityScore;
}

export interface CaseCandidate {
  caseId: string;
  /** The best score of the đơn attached to it. */
  similarity: SimilarityScore;
  donIds: string[];
}

export interface CandidateAnswer {
  dons: DonCandidate[];
  cases: CaseCandidate[];
}

export interface CandidateQueryOptions {
  /** A content word pair found in more đơn than this tells nothing of a matter; it is not looked up. */
  maxSetSize?: number;
  /** Đơn scored, those sharing the most signs first. */
  maxScored?: number;
  /** Candidates returned. */
  limit?: number;
}

/** Reads the register and the candidate index: work bounded by the page or by the draft's signs, never the store. */
export class DonRegisterQueries {
  constructor(
    private readonly redis: Redis,
    private readonly keys: ReadModelKeys,
    /** Needed by `candidates` (a draft's text) only. */
    private readonly sign?: SignFunction | Promise<SignFunction>,
  ) {}

  /**
   * Read-your-writes for a command that wrote to several streams: its position may be a matter's or a case's event,
   * which this index never applies. The index has what a position asks once no đơn event lies between its checkpoint
   * and that position. False when the wait ran out.
   */
  async waitFor(store: Pick<EventStore, 'readAll'>, position: Position, timeoutMs = 5_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    const projection = this.keys.projection(DON_REGISTER_PROJECTION);
    for (;;) {
      const applied = (await readActiveBuild(this.redis, projection))?.position ?? 0n;
      if (applied >= position) return true;
      const [next] = await store.readAll({ after: applied, streamPrefix: DON_STREAM_FAMILY, limit: 1 });
      if (next === undefined || next.position > position) return true;
      if (Date.now() >= deadline) return false;
      await sleep(25);
    }
  }

  /** A page of a department's đơn, newest receipt first, optionally in one status; paged inside Redis. */
  async list(department: string, query: { status?: DonRegisterRow['status']; page?: number; pageSize?: number } = {}): Promise<DonRegisterPage> {
    const page = Math.max(1, query.page ?? 1);
    const pageSize = Math.min(200, Math.max(1, query.pageSize ?? 50));
    const keys = await this.buildKeys();
    if (keys === undefined) return { items: [], total: 0, page, pageSize, counts: {} };
    const list = query.status !== undefined ? keys.byStatus(department, query.status) : keys.received(department);
    const [ids, total, counts] = await Promise.all([
      this.redis.zrevrangebyscore(list, '+inf', '-inf', 'LIMIT', (page - 1) * pageSize, pageSize),
      this.redis.zcard(list),
      this.redis.hgetall(keys.counts(department)),
    ]);
    return {
      items: await this.rows(keys, ids),
      total,
      page,
      pageSize,
      counts: Object.fromEntries(Object.entries(counts).map(([field, value]) => [field, Number(value)])),
    };
  }

  /**
   * The đơn of the department that look like the same matter as a draft, and the cases they are in, ranked by the
   * domain's similarity (scoreSimilaritySigns) from the keyed hashes alone. `citizenKey` is the write side's keyed
   * hash of the draft's first signer, computed by the caller.
   */
  async candidates(department: string, draft: DonSignInput, options: CandidateQueryOptions = {}): Promise<CandidateAnswer> {
    if (this.sign === undefined) throw new Error('DonRegisterQueries.candidates needs the sign function of the index');
    const keys = await this.buildKeys();
    if (keys === undefined) return { dons: [], cases: [] };
    return this.rank(keys, department, donSigns(draft, await this.sign), undefined, options);
  }

  /**
   * The candidates of a registered đơn, from the signs the index keeps of it (no key needed): itself left out.
   * Undefined when the index does not hold the đơn (unknown, or not yet applied).
   */
  async candidatesOfDon(donId: string, options: CandidateQueryOptions = {}): Promise<(CandidateAnswer & { department: string }) | undefined> {
    const keys = await this.buildKeys();
    if (keys === undefined) return undefined;
    const [row] = await this.rows(keys, [donId]);
    const signs = await this.redis.get(keys.signs(donId));
    if (row === undefined || signs === null) return undefined;
    return { department: row.department, ...(await this.rank(keys, row.department, JSON.parse(signs) as DonSigns, donId, options)) };
  }

  private async rank(keys: ReturnType<typeof donRegisterKeys>, department: string, probe: DonSigns, exclude: string | undefined, options: CandidateQueryOptions): Promise<CandidateAnswer> {
    const maxSetSize = options.maxSetSize ?? 1000;
    const members = signMembers(probe);
    if (members.length === 0) return { dons: [], cases: [] };
    const sizes = await this.pipeline(members.map((m) => ['scard', keys.sign(department, m)]));
    const useful = members.filter((_m, i) => Number(sizes[i]) > 0 && Number(sizes[i]) <= maxSetSize);
    const sets = (await this.pipeline(useful.map((m) => ['smembers', keys.sign(department, m)]))) as string[][];
    const shared = new Map<string, number>();
    for (const set of sets) for (const donId of set) if (donId !== exclude) shared.set(donId, (shared.get(donId) ?? 0) + 1);
    const ids = [...shared.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, options.maxScored ?? 200)
      .map(([donId]) => donId);
    if (ids.length === 0) return { dons: [], cases: [] };
    const [signs, rows] = await Promise.all([this.redis.mget(...ids.map((id) => keys.signs(id))), this.rows(keys, ids)]);
    const rowById = new Map(rows.map((row) => [row.donId, row]));
    const probeSigns = similaritySigns(probe);
    const dons: DonCandidate[] = [];
    ids.forEach((donId, i) => {
      const row = rowById.get(donId);
      if (signs[i] === null || row === undefined) return;
      const similarity = scoreSimilaritySigns(probeSigns, similaritySigns(JSON.parse(signs[i]!) as DonSigns));
      if (similarity.score < DUPLICATE_THRESHOLD) return;
      dons.push({ donId, matterId: row.matterId, receivedOn: row.receivedOn, status: row.status, caseIds: row.caseIds, similarity });
    });
    dons.sort((a, b) => b.similarity.score - a.similarity.score || b.receivedOn.localeCompare(a.receivedOn) || a.donId.localeCompare(b.donId));
    const limited = dons.slice(0, options.limit ?? 20);
    const cases = new Map<string, CaseCandidate>();
    for (const don of limited) {
      for (const caseId of don.caseIds) {
        const known = cases.get(caseId);
        if (known) known.donIds.push(don.donId);
        else cases.set(caseId, { caseId, similarity: don.similarity, donIds: [don.donId] });
      }
    }
    return { dons: limited, cases: [...cases.values()] };
  }

  private async rows(keys: ReturnType<typeof donRegisterKeys>, ids: readonly string[]): Promise<DonRegisterRow[]> {
    if (ids.length === 0) return [];
    const values = await this.redis.mget(...ids.map((id) => keys.row(id)));
    return values.filter((v): v is string => v !== null).map((v) => JSON.parse(v) as DonRegisterRow);
  }

  private async pipeline(commands: [string, string][]): Promise<unknown[]> {
    return pipelineReplies(this.redis.pipeline(commands));
  }

  private async buildKeys(): Promise<ReturnType<typeof donRegisterKeys> | undefined> {
    const projection = this.keys.projection(DON_REGISTER_PROJECTION);
    const active = await readActiveBuild(this.redis, projection);
    return active === undefined ? undefined : donRegisterKeys(projection.build(active.build));
  }
}
