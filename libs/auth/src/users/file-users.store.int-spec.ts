import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { usersStoreContract } from '../testing/users-store.contract';
import { FileUsersStore } from './file-users.store';

describe('the users store in the data folder (users.json)', () => {
  let dir: string;
  usersStoreContract(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kntc-users-store-'));
    const file = path.join(dir, 'users.json');
    return {
      store: new FileUsersStore(file),
      other: async () => new FileUsersStore(file),
      dispose: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  });

  it('writes a file readable by its owner only, leaving no draft beside it', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kntc-users-store-'));
    const file = path.join(dir, 'users.json');
    await new FileUsersStore(file).putFirst({ id: 'qtht', name: 'Quân', role: 'admin', department: 'so-tnmt', disabled: false, revision: 0, createdAt: 'x', updatedAt: 'x' });
    expect(fs.statSync(file).mode & 0o077).toBe(0);
    expect(fs.readdirSync(dir)).toEqual(['users.json']);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
