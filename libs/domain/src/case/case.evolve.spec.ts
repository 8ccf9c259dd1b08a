import { createEventReader, UnknownEventVersionError } from './case.upcast';
import { foldCase } from './case.evolve';

describe('evolve: events the state does not know', () => {
  it('ignores acts on a case that was never filed', () => {
    expect(foldCase([{ type: 'CaseAccepted', data: { caseId: 'x', acceptedAt: '2026-01-01T00:00:00Z', stage: 'accepted' } }])).toEqual({ status: 'none' });
  });
});

describe('upcasting: an event stored in an older schema version', () => {
  const read = createEventReader(
    [{ type: 'CaseRejected', from: 1, upcast: (d) => ({ ...d, groundCode: d['ground'], ground: undefined }) }],
    { CaseRejected: 2 },
  );

  it('is read in the current version through its upcaster', () => {
    expect(read({ type: 'CaseRejected', schemaVersion: 1, data: { caseId: 'c', ground: 'KN11.6' } })).toEqual({
      type: 'CaseRejected',
      data: { caseId: 'c', groundCode: 'KN11.6', ground: undefined },
    });
  });

  it('is refused when no upcaster reads its version', () => {
    expect(() => read({ type: 'CaseRejected', schemaVersion: 3, data: {} })).toThrow(UnknownEventVersionError);
  });

  it('is skipped when its type is unknown to this engine', () => {
    expect(read({ type: 'SomethingElse', schemaVersion: 1, data: {} })).toBeUndefined();
  });
});
