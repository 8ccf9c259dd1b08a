import { hashPassword, isPasswordHash, PasswordPolicyError, verifyAgainstDummy, verifyPassword } from './password-hash';

describe('a password hashed for the users file', () => {
  const password = 'Mật khẩu rất dài 2026';
  let hash: string;
  beforeAll(async () => {
    hash = await hashPassword(password);
  });

  it('is a scrypt PHC string with its cost, a 16-byte salt and a 32-byte key, never the password', () => {
    expect(hash).toMatch(/^\$scrypt\$ln=15,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(hash).not.toContain(password);
    expect(isPasswordHash(hash)).toBe(true);
  });

  it('verifies the same password, typed as NFC or as NFD', async () => {
    await expect(verifyPassword(password, hash)).resolves.toBe(true);
    await expect(verifyPassword(password.normalize('NFD'), hash)).resolves.toBe(true);
  });

  it('refuses another password, even one character off', async () => {
    await expect(verifyPassword(`${password}!`, hash)).resolves.toBe(false);
    await expect(verifyPassword('', hash)).resolves.toBe(false);
  });

  it('gets a new salt each time, so equal passwords do not give equal hashes', async () => {
    expect(await hashPassword(password)).not.toBe(hash);
  });
});

describe('a password hash that was edited or forged', () => {
  it.each([
    ['not a hash at all', 'plain-password'],
    ['a cost below the floor', '$scrypt$ln=4,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
    ['a cost that would take gigabytes', '$scrypt$ln=30,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
    ['a truncated key', '$scrypt$ln=15,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAA'],
  ])('never verifies: %s', async (_label, encoded) => {
    expect(isPasswordHash(encoded)).toBe(false);
    await expect(verifyPassword('anything-at-all', encoded)).resolves.toBe(false);
  });
});

describe('the password policy', () => {
  it('refuses a password shorter than 10 characters', async () => {
    await expect(hashPassword('ngắn')).rejects.toThrow(PasswordPolicyError);
  });
});

describe('an unknown user signing in', () => {
  it('costs a verification too, and never succeeds', async () => {
    await expect(verifyAgainstDummy('whatever-password')).resolves.toBe(false);
  });
});
