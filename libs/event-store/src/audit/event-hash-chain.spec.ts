import type { NewEvent, RecordedEvent } from '../port/event-store.port';
import { canonicalJson, chainEvents, eventHash, GENESIS_HASH, verifyStreamChain } from './event-hash-chain';

const STREAM = 'case-5f0c7a52-1d1f-4c8e-9a53-6a1c2b0d9e11';

function newEvent(index: number, data: Record<string, unknown> = {}): NewEvent {
  return { id: `00000000-0000-4000-8000-00000000000${index}`, type: `Happened${index}`, schemaVersion: 1, data: { n: index, ...data }, metadata: { actor: { id: 'lan' } } };
}

/** As a store gives them back: JSON round trip, revisions and positions assigned. */
function stored(events: NewEvent[], firstRevision = 0): RecordedEvent[] {
  return events.map((event, i) => ({
    ...(JSON.parse(JSON.stringify(event)) as NewEvent),
    stream: STREAM,
    revision: firstRevision + i,
    position: BigInt(100 + firstRevision + i),
    recordedAt: '2026-03-02T02:00:00.000Z',
  }));
}

describe('a stream whose events were chained on the write path', () => {
  const first = stored(chainEvents(STREAM, undefined, [newEvent(0), newEvent(1)]));
  const all = [...first, ...stored(chainEvents(STREAM, first[1], [newEvent(2, { text: 'Nguyễn Thị Ánh', list: [1, undefined] })]), 2)];

  it('links the first event to the genesis hash and each next one to the hash before it', () => {
    expect(all[0]!.metadata['prevHash']).toBe(GENESIS_HASH);
    expect(all[1]!.metadata['prevHash']).toBe(all[0]!.metadata['hash']);
    expect(all[2]!.metadata['prevHash']).toBe(all[1]!.metadata['hash']);
  });

  it('verifies, whatever order the store gives the keys of data and metadata back in', () => {
    const reordered = all.map((e) => ({ ...e, data: Object.fromEntries(Object.entries(e.data).reverse()), metadata: Object.fromEntries(Object.entries(e.metadata).reverse()) }));
    expect(verifyStreamChain(STREAM, reordered)).toEqual({ valid: true, events: 3, headHash: all[2]!.metadata['hash'] });
  });
});

describe('a stream with one stored event edited', () => {
  const chained = stored(chainEvents(STREAM, undefined, [newEvent(0), newEvent(1), newEvent(2)]));

  it('names that event: its content no longer matches its hash', () => {
    const tampered = chained.map((e) => (e.revision === 1 ? { ...e, data: { ...e.data, n: 99 } } : e));
    expect(verifyStreamChain(STREAM, tampered)).toMatchObject({
      valid: false,
      events: 3,
      brokenAt: { stream: STREAM, revision: 1, position: '101', problem: 'hash-mismatch', actual: chained[1]!.metadata['hash'] },
    });
  });

  it('names the next event when the editor also rewrote the edited event\'s hash', () => {
    const edited = { ...chained[1]!, data: { ...chained[1]!.data, n: 99 } };
    const [rehashed] = chainEvents(STREAM, chained[0], [edited]);
    const tampered = [chained[0]!, { ...edited, metadata: rehashed!.metadata }, chained[2]!];
    expect(verifyStreamChain(STREAM, tampered)).toMatchObject({ valid: false, brokenAt: { revision: 2, problem: 'prev-hash-mismatch', actual: chained[1]!.metadata['hash'] } });
  });

  it('names the event after a removed one', () => {
    expect(verifyStreamChain(STREAM, [chained[0]!, chained[2]!])).toMatchObject({ valid: false, brokenAt: { revision: 2, problem: 'revision-gap', expected: '1', actual: '2' } });
  });

  it('names an event written without a hash', () => {
    const { hash: _hash, ...metadata } = chained[0]!.metadata;
    expect(verifyStreamChain(STREAM, [{ ...chained[0]!, metadata }])).toMatchObject({ valid: false, brokenAt: { revision: 0, problem: 'missing-hash', actual: '(none)' } });
  });

  it('names an event moved to another stream', () => {
    expect(verifyStreamChain('case-other', chained)).toMatchObject({ valid: false, brokenAt: { revision: 0, problem: 'hash-mismatch' } });
  });
});

describe('canonical JSON', () => {
  it('sorts keys at every depth and leaves undefined members out, as JSON.stringify does', () => {
    expect(canonicalJson({ b: 1, a: { d: undefined, c: [2, { z: 1, y: 2 }] } })).toBe('{"a":{"c":[2,{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson([undefined, null])).toBe(JSON.stringify([undefined, null]));
    // Keys in UTF-16 code unit order, integer-like ones too, as the hashes already stored were made.
    expect(canonicalJson({ b: 1, é: 2, Z: 3, 10: 4, 9: 5, a: undefined })).toBe('{"10":4,"9":5,"Z":3,"b":1,"é":2}');
  });

  it('gives keys already in order and the same keys in any other order the same text', () => {
    expect(canonicalJson({ a: 1, b: { c: 2, d: 3 } })).toBe(canonicalJson({ b: { d: 3, c: 2 }, a: 1 }));
  });

  it('hashes an event as the hashes already stored were made (a stored chain stays valid)', () => {
    const event = {
      id: '6f1c2a9e-3b7d-5e1a-9c4f-2d8b7a6e5f40',
      type: 'CaseFiled',
      schemaVersion: 2,
      data: {
        subject: 'Khiếu nại quyết định thu hồi đất',
        parties: [{ role: 'complainant', name: 'Nguyễn Thị Ánh', confidential: false, note: undefined }],
        'a"b': [1, -0, 2.5, null, undefined, true],
        Z: { y: 'é', x: '\u2028' },
        10: 4,
        9: 5,
      },
      metadata: { actor: { id: 'tnmt-intake', role: 'intake', department: 'so-tnmt' }, prevHash: GENESIS_HASH },
    };
    // Computed by the chain's first implementation (a Hash object per digest, keys sorted on every object).
    expect(eventHash('case-6f1c2a9e', 3, event)).toBe('36f6d3c9b890960065317e72a5f0a5978bdcf6b20d7dda206a75db8c762595ae');
  });
});
