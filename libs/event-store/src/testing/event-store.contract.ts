import { randomUUID } from 'node:crypto';
import { ConcurrencyError, DuplicateEventIdError } from '../port/event-store.errors';
import { NO_STREAM, type EventStore, type NewEvent, type RecordedEvent, type Subscription } from '../port/event-store.port';

export interface EventStoreUnderTest {
  store: EventStore;
  cleanup(): Promise<void>;
}

export interface EventStoreContractOptions {
  /** False for stores that keep ids unique per stream only (KurrentDB): that one test is shown as skipped. */
  refusesIdsReusedInAnotherStream?: boolean;
  /** Per-test timeout in ms; a remote server needs more than the default. */
  timeoutMs?: number;
}

/**
 * The behaviour every EventStore adapter must have (docs/architecture.md, "Event store port"). Each test writes to
 * its own randomly named streams, so the suite can run against a shared server.
 */
export function describeEventStoreContract(
  name: string,
  factory: () => Promise<EventStoreUnderTest>,
  options: EventStoreContractOptions = {},
): void {
  const timeout = options.timeoutMs ?? 15_000;
  const refusesIdsReusedInAnotherStream = options.refusesIdsReusedInAnotherStream ?? true;

  describe(`${name} (EventStore contract)`, () => {
    let underTest: EventStoreUnderTest;
    let store: EventStore;
    let prefix: string;
    const streamNamed = (suffix: string): string => `${prefix}${suffix}`;

    beforeEach(async () => {
      underTest = await factory();
      store = underTest.store;
      prefix = `contract${randomUUID().replaceAll('-', '')}-`;
    }, timeout);

    afterEach(async () => {
      await underTest.cleanup();
    }, timeout);

    describe('appending to a new stream', () => {
      it('stores the events with their ids, types, data, metadata and revisions from 0', async () => {
        const stream = streamNamed('case-1');
        const events = [
          newEvent('CaseFiled', { caseId: '1', title: 'Đơn khiếu nại về đất đai', tags: ['đất', 'đai'] }),
          newEvent('CaseAccepted', { acceptedAt: '2026-03-02T08:00:00.000Z', nested: { days: 30, flag: true, none: null } }),
        ];

        const result = await store.append(stream, events, NO_STREAM);

        expect(result).toEqual({ revision: 1, position: expect.any(BigInt), written: true });
        const read = await store.readStream(stream);
        expect(read.map(appendedFieldsOf)).toEqual(events.map((event, revision) => ({ ...event, stream, revision })));
        for (const event of read) {
          expect(new Date(event.recordedAt).toISOString()).toBe(event.recordedAt);
        }
        expect(read[1]!.position).toBeGreaterThan(read[0]!.position);
        expect(read[1]!.position).toBe(result.position);
      }, timeout);

      it('keeps each event schema version', async () => {
        const stream = streamNamed('case-1');
        await store.append(stream, [{ ...newEvent('CaseFiled'), schemaVersion: 3 }], NO_STREAM);

        expect((await store.readStream(stream))[0]!.schemaVersion).toBe(3);
      }, timeout);

      it('refuses an empty batch', async () => {
        await expect(store.append(streamNamed('case-1'), [], NO_STREAM)).rejects.toThrow(RangeError);
      }, timeout);
    });

    describe('reading a stream', () => {
      it('returns [] for a stream that does not exist', async () => {
        expect(await store.readStream(streamNamed('missing'))).toEqual([]);
      }, timeout);

      it('starts at the given revision', async () => {
        const stream = streamNamed('case-1');
        await store.append(stream, [newEvent('A'), newEvent('B'), newEvent('C')], NO_STREAM);

        expect((await store.readStream(stream, 1)).map((e) => [e.revision, e.type])).toEqual([[1, 'B'], [2, 'C']]);
      }, timeout);
    });

    describe('positions', () => {
      it('grow strictly across streams in the order of the appends, up to the head', async () => {
        const a = streamNamed('case-a');
        const b = streamNamed('case-b');
        const first = await store.append(a, [newEvent('A1')], NO_STREAM);
        const second = await store.append(b, [newEvent('B1'), newEvent('B2')], NO_STREAM);
        const third = await store.append(a, [newEvent('A2')], 0);

        expect(second.position).toBeGreaterThan(first.position);
        expect(third.position).toBeGreaterThan(second.position);
        const all = await store.readAll({ streamPrefix: prefix });
        expect(all.map((e) => e.type)).toEqual(['A1', 'B1', 'B2', 'A2']);
        expect(isStrictlyIncreasing(all.map((e) => e.position))).toBe(true);
        expect(all.map((e) => e.position)).toEqual(
          expect.arrayContaining([first.position, second.position, third.position]),
        );
        expect(await store.headPosition()).toBeGreaterThanOrEqual(third.position);
      }, timeout);

      it('tell the events of one append apart, so a reader resumes between them', async () => {
        const written = await store.append(streamNamed('case-1'), [newEvent('A'), newEvent('B'), newEvent('C')], NO_STREAM);
        const [a, b, c] = await store.readAll({ streamPrefix: prefix });

        expect(written.position).toBe(c!.position);
        expect((await store.readAll({ streamPrefix: prefix, after: a!.position })).map((e) => e.type)).toEqual(['B', 'C']);
        expect((await store.readAll({ streamPrefix: prefix, after: b!.position })).map((e) => e.type)).toEqual(['C']);
        expect(await store.readAll({ streamPrefix: prefix, after: c!.position })).toEqual([]);
      }, timeout);
    });

    describe('optimistic concurrency', () => {
      it('refuses a stale expected revision with the actual one and writes nothing', async () => {
        const stream = streamNamed('case-1');
        await store.append(stream, [newEvent('A')], NO_STREAM);

        const stale = await store.append(stream, [newEvent('B')], NO_STREAM).catch((error: unknown) => error);
        const ahead = await store.append(stream, [newEvent('B')], 5).catch((error: unknown) => error);

        expect(stale).toBeInstanceOf(ConcurrencyError);
        expect(stale).toMatchObject({ stream, expected: NO_STREAM, actual: 0 });
        expect(ahead).toMatchObject({ stream, expected: 5, actual: 0 });
        expect((await store.readStream(stream)).map((e) => e.type)).toEqual(['A']);
      }, timeout);

      it("skips the check for 'any', on a new stream and on an existing one", async () => {
        const stream = streamNamed('case-1');

        const first = await store.append(stream, [newEvent('A')], 'any');
        const second = await store.append(stream, [newEvent('B'), newEvent('C')], 'any');

        expect([first.revision, second.revision]).toEqual([0, 2]);
        expect((await store.readStream(stream)).map((e) => e.type)).toEqual(['A', 'B', 'C']);
      }, timeout);

      it('lets exactly one of 20 concurrent appends at the same revision win', async () => {
        const stream = streamNamed('case-1');
        await store.append(stream, [newEvent('Filed')], NO_STREAM);

        const outcomes = await Promise.allSettled(
          Array.from({ length: 20 }, (_, i) => store.append(stream, [newEvent(`Attempt${i}`)], 0)),
        );

        const won = outcomes.filter((o) => o.status === 'fulfilled');
        const lost = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(19);
        for (const error of lost) {
          expect(error).toBeInstanceOf(ConcurrencyError);
          expect(error).toMatchObject({ stream, expected: 0, actual: 1 });
        }
        expect(await store.readStream(stream)).toHaveLength(2);
      }, timeout);

      it('refuses a stale append alone among concurrent appends to other streams', async () => {
        const stale = streamNamed('case-stale');
        await store.append(stale, [newEvent('Filed')], NO_STREAM);
        const others = Array.from({ length: 8 }, (_, i) => streamNamed(`case-${i}`));

        const outcomes = await Promise.allSettled([
          ...others.map((stream) => store.append(stream, [newEvent('Filed')], NO_STREAM)),
          store.append(stale, [newEvent('Late')], NO_STREAM),
        ]);

        expect(outcomes.slice(0, 8).every((o) => o.status === 'fulfilled')).toBe(true);
        expect(outcomes[8]).toMatchObject({ status: 'rejected', reason: expect.any(ConcurrencyError) });
        for (const stream of others) expect(await store.readStream(stream)).toHaveLength(1);
        expect((await store.readStream(stale)).map((e) => e.type)).toEqual(['Filed']);
      }, timeout);
    });

    describe('a retried append (the same event ids)', () => {
      it('writes nothing and answers with the first revision and position', async () => {
        const stream = streamNamed('case-1');
        const events = [newEvent('A'), newEvent('B')];
        const first = await store.append(stream, events, NO_STREAM);

        const retry = await store.append(stream, events, NO_STREAM);

        expect(retry).toEqual({ revision: first.revision, position: first.position, written: false });
        expect(await store.readStream(stream)).toHaveLength(2);
      }, timeout);

      it('writes nothing even after the stream moved on, whatever the expected revision', async () => {
        const stream = streamNamed('case-1');
        const events = [newEvent('A'), newEvent('B')];
        const first = await store.append(stream, events, NO_STREAM);
        await store.append(stream, [newEvent('C')], 1);

        const stale = await store.append(stream, events, NO_STREAM);
        const current = await store.append(stream, events, 2);
        const any = await store.append(stream, events, 'any');

        for (const retry of [stale, current, any]) {
          expect(retry).toEqual({ revision: first.revision, position: first.position, written: false });
        }
        expect((await store.readStream(stream)).map((e) => e.type)).toEqual(['A', 'B', 'C']);
      }, timeout);

      it('tells only one of two racing sends of one batch that it wrote', async () => {
        const stream = streamNamed('case-1');
        const events = [newEvent('A'), newEvent('B')];

        const answers = await Promise.all([store.append(stream, events, NO_STREAM), store.append(stream, events, NO_STREAM)]);

        expect(answers.map((a) => a.written).sort()).toEqual([false, true]);
        expect(answers[0]).toEqual({ ...answers[1], written: answers[0].written });
        expect(await store.readStream(stream)).toHaveLength(2);
      }, timeout);

      it('refuses ids reused for another event type and writes nothing', async () => {
        const stream = streamNamed('case-1');
        const original = newEvent('A');
        await store.append(stream, [original], NO_STREAM);

        const reused = store.append(stream, [{ ...original, type: 'B' }], 0);

        await expect(reused).rejects.toBeInstanceOf(DuplicateEventIdError);
        expect((await store.readStream(stream)).map((e) => e.type)).toEqual(['A']);
      }, timeout);

      it('refuses a batch of which only some ids are stored, and writes none of it', async () => {
        const stream = streamNamed('case-1');
        const stored = newEvent('A');
        await store.append(stream, [stored], NO_STREAM);

        const mixed = store.append(stream, [stored, newEvent('B')], 0);

        const error = await mixed.catch((e: unknown) => e);
        expect(error).toBeInstanceOf(DuplicateEventIdError);
        expect(error).toMatchObject({ eventId: stored.id });
        expect(await store.readStream(stream)).toHaveLength(1);
      }, timeout);

      it('refuses the same id twice in one batch', async () => {
        const event = newEvent('A');
        await expect(store.append(streamNamed('case-1'), [event, event], NO_STREAM)).rejects.toBeInstanceOf(
          DuplicateEventIdError,
        );
        expect(await store.readStream(streamNamed('case-1'))).toEqual([]);
      }, timeout);

      (refusesIdsReusedInAnotherStream ? it : it.skip)(
        'refuses ids already stored in another stream',
        async () => {
          const event = newEvent('A');
          await store.append(streamNamed('case-1'), [event], NO_STREAM);

          const elsewhere = store.append(streamNamed('case-2'), [event], NO_STREAM);

          await expect(elsewhere).rejects.toBeInstanceOf(DuplicateEventIdError);
          expect(await store.readStream(streamNamed('case-2'))).toEqual([]);
        },
        timeout,
      );
    });

    describe('reading all streams', () => {
      it('filters by stream prefix, starts after a position and stops at the limit, in position order', async () => {
        await store.append(streamNamed('case-1'), [newEvent('E0'), newEvent('E1')], NO_STREAM);
        await store.append(`other${prefix}case-1`, [newEvent('Other')], NO_STREAM);
        await store.append(streamNamed('case-2'), [newEvent('E2'), newEvent('E3')], NO_STREAM);
        await store.append(streamNamed('case-1'), [newEvent('E4')], 1);

        const all = await store.readAll({ streamPrefix: prefix });
        const after = await store.readAll({ streamPrefix: prefix, after: all[1]!.position });
        const limited = await store.readAll({ streamPrefix: prefix, after: all[0]!.position, limit: 2 });
        const unfiltered = await store.readAll({ after: all[0]!.position });

        expect(all.map((e) => e.type)).toEqual(['E0', 'E1', 'E2', 'E3', 'E4']);
        expect(after.map((e) => e.type)).toEqual(['E2', 'E3', 'E4']);
        expect(limited.map((e) => e.type)).toEqual(['E1', 'E2']);
        expect(unfiltered.filter((e) => e.stream.includes(prefix)).map((e) => e.type)).toEqual([
          'E1', 'Other', 'E2', 'E3', 'E4',
        ]);
        expect(isStrictlyIncreasing(unfiltered.map((e) => e.position))).toBe(true);
      }, timeout);

      it('returns nothing after the head', async () => {
        await store.append(streamNamed('case-1'), [newEvent('A')], NO_STREAM);

        expect(await store.readAll({ after: await store.headPosition(), streamPrefix: prefix })).toEqual([]);
      }, timeout);
    });

    describe('subscribing to all streams', () => {
      it('catches up, then delivers live events in order, exactly once, until closed', async () => {
        const start = await store.headPosition();
        await store.append(streamNamed('case-1'), [newEvent('Old1'), newEvent('Old2')], NO_STREAM);
        const subscription = store.subscribeAll({ after: start, streamPrefix: prefix });
        const events = subscription[Symbol.asyncIterator]();

        const caughtUp = await take(events, 2);
        await store.append(streamNamed('case-2'), [newEvent('Live1')], NO_STREAM);
        await store.append(streamNamed('case-1'), [newEvent('Live2'), newEvent('Live3')], 1);
        const live = await take(events, 3);

        expect([...caughtUp, ...live].map((e) => e.type)).toEqual(['Old1', 'Old2', 'Live1', 'Live2', 'Live3']);
        expect(isStrictlyIncreasing([...caughtUp, ...live].map((e) => e.position))).toBe(true);
        const pending = events.next();
        expect(await settlesWithin(pending, 300)).toBe(false);
        await subscription.close();
        expect(await within(pending, 2_000, 'the pending next() after close()')).toEqual({ done: true, value: undefined });
      }, timeout);

      it('starts strictly after the given position', async () => {
        await store.append(streamNamed('case-1'), [newEvent('A'), newEvent('B'), newEvent('C')], NO_STREAM);
        const [a] = await store.readAll({ streamPrefix: prefix, limit: 1 });
        const subscription = store.subscribeAll({ after: a!.position, streamPrefix: prefix });
        try {
          expect((await take(subscription[Symbol.asyncIterator](), 2)).map((e) => e.type)).toEqual(['B', 'C']);
        } finally {
          await subscription.close();
        }
      }, timeout);

      it('delivers the recorded fields as reads do', async () => {
        const start = await store.headPosition();
        await store.append(streamNamed('case-1'), [newEvent('A', { text: 'Giải quyết khiếu nại' })], NO_STREAM);
        const subscription = store.subscribeAll({ after: start, streamPrefix: prefix });
        try {
          const [delivered] = await take(subscription[Symbol.asyncIterator](), 1);
          expect(delivered).toEqual((await store.readStream(streamNamed('case-1')))[0]);
        } finally {
          await subscription.close();
        }
      }, timeout);

      it('ends a for-await loop when closed from inside it', async () => {
        const start = await store.headPosition();
        await store.append(streamNamed('case-1'), [newEvent('A'), newEvent('B')], NO_STREAM);
        const subscription: Subscription = store.subscribeAll({ after: start, streamPrefix: prefix });
        const seen: string[] = [];

        await within(
          (async () => {
            for await (const event of subscription) {
              seen.push(event.type);
              if (seen.length === 1) await subscription.close();
            }
          })(),
          5_000,
          'the for-await loop to end',
        );

        expect(seen).toEqual(['A']);
      }, timeout);
    });
  });
}

function newEvent(type: string, data: Record<string, unknown> = { at: type }): NewEvent {
  return {
    id: randomUUID(),
    type,
    schemaVersion: 1,
    data,
    metadata: { actor: { id: 'u-1', role: 'inspector' }, correlationId: randomUUID(), reason: 'Theo Điều 30' },
  };
}

function isStrictlyIncreasing(values: bigint[]): boolean {
  return values.every((value, i) => i === 0 || value > values[i - 1]!);
}

async function take(events: AsyncIterator<RecordedEvent>, count: number): Promise<RecordedEvent[]> {
  const taken: RecordedEvent[] = [];
  while (taken.length < count) {
    const next = await within(events.next(), 5_000, `event ${taken.length + 1} of ${count}`);
    if (next.done) throw new Error(`subscription ended after ${taken.length} of ${count} events`);
    taken.push(next.value);
  }
  return taken;
}

async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Bounded wait used to show that nothing more arrives on a subscription. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const quiet = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true, () => true), quiet]);
  } finally {
    clearTimeout(timer);
  }
}

function appendedFieldsOf(event: RecordedEvent) {
  const { id, type, schemaVersion, data, metadata, stream, revision } = event;
  return { id, type, schemaVersion, data, metadata, stream, revision };
}
