import { randomBytes } from 'node:crypto';
import type { UserAccount } from '../users/user-account';
import type { UsersStore } from '../users/users.store';

/** A store under test, and a second connection to the same data (another API process's view). */
export interface UsersStoreUnderTest {
  store: UsersStore;
  other(): Promise<UsersStore>;
  dispose(): Promise<void>;
}

/** Shaped like a stored hash (salt and digest random per run): the store keeps it as text, it never checks it. */
const HASH = `$scrypt$ln=15,r=8,p=1$${randomBytes(16).toString('base64url')}$${randomBytes(32).toString('base64url')}`;
const LAN: UserAccount = {
  id: 'tnmt-tiepdan-lan',
  name: 'Trần Thị Lan',
  role: 'intake',
  department: 'so-tnmt',
  passwordHash: HASH,
  disabled: false,
  revision: 1,
  createdAt: '2026-03-02T02:00:00.000Z',
  updatedAt: '2026-03-02T02:00:00.000Z',
};

/** The users store contract: every adapter passes it. */
export function usersStoreContract(open: () => Promise<UsersStoreUnderTest>): void {
  let subject: UsersStoreUnderTest;
  beforeEach(async () => {
    subject = await open();
  });
  afterEach(async () => {
    await subject.dispose();
  });

  it('starts empty', async () => {
    expect(await subject.store.list()).toEqual([]);
    expect(await subject.store.find(LAN.id)).toBeUndefined();
  });

  it('keeps an account as written, hash and flags included, for another connection too', async () => {
    expect(await subject.store.put(LAN)).toBe(true);
    expect(await subject.store.find(LAN.id)).toEqual(LAN);
    const other = await subject.other();
    expect(await other.list()).toEqual([LAN]);
    await other.close();
  });

  it('writes a later revision and refuses the same or an earlier one, so a repeated change writes once', async () => {
    await subject.store.put(LAN);
    const disabled = { ...LAN, disabled: true, revision: 2, updatedAt: '2026-03-02T03:00:00.000Z' };
    expect(await subject.store.put(disabled)).toBe(true);
    expect(await subject.store.put(disabled)).toBe(false);
    expect(await subject.store.put({ ...LAN, role: 'head' })).toBe(false);
    expect(await subject.store.find(LAN.id)).toEqual(disabled);
  });

  it('changes its stamp when an account changes, and only then', async () => {
    const empty = await subject.store.stamp();
    expect(await subject.store.stamp()).toBe(empty);
    await subject.store.put(LAN);
    const one = await subject.store.stamp();
    expect(one).not.toBe(empty);
    await subject.store.put({ ...LAN, role: 'inspector', revision: 2 });
    expect(await subject.store.stamp()).not.toBe(one);
  });

  it('writes the first account once, however many ask at the same time', async () => {
    const other = await subject.other();
    const answers = await Promise.all([
      subject.store.putFirst({ ...LAN, id: 'admin-a', role: 'admin' }),
      other.putFirst({ ...LAN, id: 'admin-b', role: 'admin' }),
      subject.store.putFirst({ ...LAN, id: 'admin-c', role: 'admin' }),
    ]);
    await other.close();
    expect(answers.filter(Boolean)).toHaveLength(1);
    expect(await subject.store.list()).toHaveLength(1);
    expect(await subject.store.putFirst({ ...LAN, id: 'admin-d', role: 'admin' })).toBe(false);
  });
}
