import type { EventStore } from '@kntc/event-store';
import { ReplayPace } from './replay-pace';

const settled = async (promise: Promise<void>): Promise<boolean> => {
  let done = false;
  void promise.then(() => (done = true));
  for (let i = 0; i < 5; i++) await Promise.resolve();
  return done;
};
const storeA = {} as EventStore;

describe('runners replaying the same streams keep pace (ReplayPace)', () => {
  it('holds a runner that got more than its slack ahead of another, until that one catches up', async () => {
    const pace = new ReplayPace();
    const fast = pace.join('case-', 0n, 10_000);
    const slow = pace.join('case-', 0n, 10_000);
    expect(await settled(fast.advance(5_000n))).toBe(true);
    expect(await settled(fast.advance(10_000n))).toBe(true);
    const held = fast.advance(15_000n);
    expect(await settled(held)).toBe(false);
    await slow.advance(5_000n);
    expect(await settled(held)).toBe(true);
  });

  it('never holds the runner furthest behind, so the group always moves', async () => {
    const pace = new ReplayPace();
    const ahead = pace.join('case-', 50_000n, 10_000);
    const behind = pace.join('case-', 0n, 10_000);
    expect(await settled(behind.advance(5_000n))).toBe(true);
    expect(await settled(ahead.advance(55_000n))).toBe(false);
    ahead.done();
  });

  it('does not wait for a runner far behind (another rebuild) nor for one of other streams', async () => {
    const pace = new ReplayPace();
    const nearHead = pace.join('case-', 4_000_000n, 10_000);
    pace.join('case-', 0n, 10_000);
    pace.join('don-', 3_990_000n, 10_000);
    expect(await settled(nearHead.advance(4_005_000n))).toBe(true);
  });

  it('lets a held runner go when the one it waited for ends its replay, however it ends', async () => {
    const pace = new ReplayPace();
    const fast = pace.join('case-', 0n, 10_000);
    const slow = pace.join('case-', 0n, 10_000);
    const held = fast.advance(20_000n);
    expect(await settled(held)).toBe(false);
    slow.done();
    expect(await settled(held)).toBe(true);
  });

  it('is one per store: runners of two stores never wait for each other', async () => {
    expect(ReplayPace.of(storeA)).toBe(ReplayPace.of(storeA));
    expect(ReplayPace.of({} as EventStore)).not.toBe(ReplayPace.of(storeA));
  });
});
