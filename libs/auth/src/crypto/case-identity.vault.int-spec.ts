import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import type { Party } from '@kntc/domain';
import { DecryptionError } from './aes-gcm';
import { CaseIdentityVault, CaseKeyErasedError, REDACTED_IDENTITY_NAME, SEALED_IDENTITY_KEY, SHREDDED_IDENTITY_NAME } from './case-identity.vault';
import { masterKeyId, type MasterKey } from './master-key';

const CASE = '5f0c7a52-1d1f-4c8e-9a53-6a1c2b0d9e11';
const OTHER_CASE = '0b8f8a4e-3c1d-4e0f-9d3a-2f6c1b7e5a90';
const denouncer: Party = { role: 'denouncer', name: 'Phan Văn Khải', idNumber: '079085001234', phone: '0903123456', address: 'Số 5 Trần Phú', confidential: true };
const accused: Party = { role: 'accused', name: 'Trương Văn Bình', confidential: false };
const masterKey = (fill: number): MasterKey => ({ key: Buffer.alloc(32, fill), id: masterKeyId(Buffer.alloc(32, fill)) });

describe('the identity vault over its SQLite key store', () => {
  let dir: string;
  let file: string;
  let vault: CaseIdentityVault;
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kntc-vault-'));
    file = path.join(dir, 'case-keys.sqlite');
    vault = await CaseIdentityVault.open({ file, masterKey: masterKey(1) });
  });
  afterEach(async () => {
    await vault.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('sealing the parties of a filing', () => {
    it('replaces every identity field of a confidential party by one ciphertext, and leaves the others alone', async () => {
      const sealed = await vault.sealParties(CASE, [denouncer, accused]);
      expect(sealed[0]).toEqual({ role: 'denouncer', name: REDACTED_IDENTITY_NAME, confidential: true, [SEALED_IDENTITY_KEY]: expect.stringMatching(/^kntc-a256gcm-v1:[\w-]+$/) });
      expect(sealed[1]).toEqual(accused);
      for (const secret of ['Phan Văn Khải', '079085001234', '0903123456', 'Trần Phú']) expect(JSON.stringify(sealed)).not.toContain(secret);
    });

    it('uses a fresh IV each time, and pads names so lengths do not show', async () => {
      const [a] = await vault.sealParties(CASE, [denouncer]);
      const [b] = await vault.sealParties(CASE, [{ ...denouncer, name: 'An' }]);
      const [c] = await vault.sealParties(CASE, [denouncer]);
      expect(a).not.toEqual(c);
      expect(JSON.stringify(a).length).toBe(JSON.stringify(b).length);
    });

    it('opens them again for the same case and party', async () => {
      const sealed = await vault.sealParties(CASE, [denouncer, accused]);
      await expect(vault.revealParties(CASE, sealed)).resolves.toEqual({ outcome: 'revealed', parties: [denouncer, accused] });
    });

    it('does not open a ciphertext copied into another case or onto another party', async () => {
      const sealed = await vault.sealParties(CASE, [denouncer, accused]);
      await vault.sealParties(OTHER_CASE, [denouncer]);
      await expect(vault.revealParties(OTHER_CASE, [sealed[0]])).rejects.toThrow(DecryptionError);
      await expect(vault.revealParties(CASE, [accused, sealed[0]])).rejects.toThrow(DecryptionError);
    });
  });

  describe('shredding the case key', () => {
    it('makes the identities unreadable for good, shown as erased, and keeps no copy of the key in the file', async () => {
      const sealed = await vault.sealParties(CASE, [denouncer, accused]);
      const wrapped = new Database(file, { readonly: true }).prepare('SELECT wrapped_key FROM case_keys WHERE case_id = ?').get(CASE) as { wrapped_key: Buffer };
      await expect(vault.shred(CASE)).resolves.toBe('shredded');
      await expect(vault.revealParties(CASE, sealed)).resolves.toEqual({
        outcome: 'shredded',
        parties: [{ role: 'denouncer', name: SHREDDED_IDENTITY_NAME, confidential: true }, accused],
      });
      await expect(vault.keyState(CASE)).resolves.toBe('shredded');
      await expect(vault.shred(CASE)).resolves.toBe('already-shredded');
      for (const name of fs.readdirSync(dir)) expect(fs.readFileSync(path.join(dir, name)).includes(wrapped.wrapped_key)).toBe(false);
    });

    it('never creates a new key for the case afterwards', async () => {
      await vault.sealParties(CASE, [denouncer]);
      await vault.shred(CASE);
      await expect(vault.sealParties(CASE, [denouncer])).rejects.toThrow(CaseKeyErasedError);
      await expect(vault.requestHash(CASE, '{}', { create: true })).resolves.toBeUndefined();
    });
  });

  describe('the keyed request hash of a filing', () => {
    it('is stable while the key lives and depends on the case key, not only on the request', async () => {
      const hash = await vault.requestHash(CASE, '{"name":"Phan Văn Khải"}', { create: true });
      expect(hash).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
      await expect(vault.requestHash(CASE, '{"name":"Phan Văn Khải"}', { create: false })).resolves.toBe(hash);
      await expect(vault.requestHash(OTHER_CASE, '{"name":"Phan Văn Khải"}', { create: true })).resolves.not.toBe(hash);
    });
  });

  describe('a key store opened with another master key', () => {
    it('refuses to start, naming both key ids', async () => {
      await vault.sealParties(CASE, [denouncer]);
      await expect(CaseIdentityVault.open({ file, masterKey: masterKey(2) })).rejects.toThrow(
        new RegExp(`another master key \\(${masterKey(1).id}; configured: ${masterKey(2).id}\\)`),
      );
    });
  });
});
