import { v5, validate, version } from 'uuid';
import { deriveEventId, EVENT_ID_NAMESPACE } from './event-ids';

describe('deriveEventId', () => {
  it('returns the same UUID v5 for the same key and index', () => {
    const id = deriveEventId('key-1', 0);
    expect(deriveEventId('key-1', 0)).toBe(id);
    expect(validate(id)).toBe(true);
    expect(version(id)).toBe(5);
  });

  it('returns different ids for different indexes of one key', () => {
    const ids = [-1, 0, 1, 2, 10].map((i) => deriveEventId('key-1', i));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('returns different ids for different keys at the same index', () => {
    expect(deriveEventId('key-1', 0)).not.toBe(deriveEventId('key-2', 0));
  });

  it('gives the id that events already stored carry', () => {
    expect(deriveEventId('stable-key', 0)).toBe('40956a75-4f83-52f7-a491-2f5c03f0b5b6');
  });

  it('gives the UUID v5 of the key and index in the KNTC namespace, for any text', () => {
    for (const [key, index] of [['stable-key', 0], ['case-1\nuser\nkhiếu-nại', -1], ['x'.repeat(300), 12]] as const) {
      expect(deriveEventId(key, index)).toBe(v5(`${key}#${index}`, EVENT_ID_NAMESPACE));
    }
  });

  it('refuses an empty key and a non-integer index', () => {
    expect(() => deriveEventId('', 0)).toThrow(RangeError);
    expect(() => deriveEventId('k', 1.5)).toThrow(RangeError);
  });
});
