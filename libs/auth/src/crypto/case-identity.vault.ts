import { createHmac, randomBytes } from 'node:crypto';
import type { Party } from '@kntc/domain';
import { aesGcmOpen, aesGcmSeal } from './aes-gcm';
import type { CaseKeyStore, ShredOutcome, StoredCaseKey } from './case-key.store';
import { masterKeyId, type MasterKey } from './master-key';
import { PostgresCaseKeyStore } from './postgres-case-key.store';
import { SqliteCaseKeyStore } from './sqlite-case-key.store';

/** The identity fields of a party that are secret when it is confidential (Luật Tố cáo 2018, art. 9(1)(b), 47(2)). */
export const IDENTITY_FIELDS = ['name', 'address', 'phone', 'email', 'idNumber'] as const;
export type IdentityField = (typeof IDENTITY_FIELDS)[number];

/** The name shown for a confidential party whose identity is not revealed. */
export const REDACTED_IDENTITY_NAME = '[Đã ẩn danh tính]';
/** The name shown once the case key is erased: the identity can no longer be read by anyone. */
export const SHREDDED_IDENTITY_NAME = '[Đã xóa vĩnh viễn]';
/** Key of the ciphertext in a stored confidential party. */
export const SEALED_IDENTITY_KEY = 'sealedIdentity';

const SEALED_PREFIX = 'kntc-a256gcm-v1:';
const DATA_KEY_BYTES = 32;
/** Plaintexts are padded to a multiple of this, so a ciphertext's length says little about a name's. */
const PAD_TO = 64;

/** A confidential party as the events store it: role, the placeholder name, and the sealed identity. */
export interface SealedParty {
  role: Party['role'];
  name: typeof REDACTED_IDENTITY_NAME;
  confidential: true;
  [SEALED_IDENTITY_KEY]: string;
}

export type CaseKeyState = 'active' | 'shredded' | 'absent';

export interface RevealedParties {
  /** `shredded`: the key is erased (or missing), the identities are gone for good. */
  outcome: 'revealed' | 'shredded';
  parties: Party[];
}

export class KeyStoreMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyStoreMismatchError';
  }
}

/** The case key was shredded: nothing can be sealed for the case any more. */
export class CaseKeyErasedError extends Error {
  constructor(readonly caseId: string) {
    super(`the key of case ${caseId} was erased; no identity can be recorded for it`);
    this.name = 'CaseKeyErasedError';
  }
}

/**
 * Per-case data keys for confidential identities: each case gets a random AES-256 key, stored wrapped by the
 * master key in the key store; identities are sealed with AES-256-GCM, a random 96-bit IV and the case id
 * (and party index) as associated data, so a ciphertext copied into another case or party does not open.
 */
export class CaseIdentityVault {
  constructor(
    private readonly keys: CaseKeyStore,
    private readonly masterKey: MasterKey,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Opens the key store (PostgreSQL when `url` is given, shared by several API processes; else the SQLite `file`)
   * and checks that its keys were wrapped by this master key.
   */
  static async open(options: { file: string; url?: string | undefined; schema?: string | undefined; masterKey: MasterKey; now?: () => Date }): Promise<CaseIdentityVault> {
    const store: CaseKeyStore =
      options.url !== undefined
        ? await PostgresCaseKeyStore.open({ connectionString: options.url, ...(options.schema !== undefined ? { schema: options.schema } : {}) })
        : SqliteCaseKeyStore.open(options.file);
    const foreign = (await store.masterKeyIds()).filter((id) => id !== options.masterKey.id);
    if (foreign.length > 0) {
      await store.close();
      throw new KeyStoreMismatchError(
        `${options.url !== undefined ? 'the PostgreSQL case key store' : options.file} holds case keys wrapped by another master key (${foreign.join(', ')}; configured: ${options.masterKey.id}). ` +
          'Set KNTC_MASTER_KEY (or <KNTC_DATA_DIR>/master-key) to the key they were created with.',
      );
    }
    return new CaseIdentityVault(store, options.masterKey, options.now);
  }

  /** A vault whose keys live in memory under a random master key and vanish with the process: for tests. */
  static ephemeral(): CaseIdentityVault {
    const key = randomBytes(32);
    return new CaseIdentityVault(SqliteCaseKeyStore.open(':memory:'), { key, id: masterKeyId(key) });
  }

  async keyState(caseId: string): Promise<CaseKeyState> {
    const stored = await this.keys.find(caseId);
    return stored === undefined ? 'absent' : stored.wrappedKey === null ? 'shredded' : 'active';
  }

  /** The parties as the events store them: every confidential party's identity fields sealed. */
  async sealParties(caseId: string, parties: readonly Party[]): Promise<Array<Party | SealedParty>> {
    if (!parties.some((p) => p.confidential)) return [...parties];
    const key = await this.dataKey(caseId, true);
    if (key === undefined) throw new CaseKeyErasedError(caseId);
    return parties.map((party, index) => {
      if (!party.confidential) return party;
      const identity: Partial<Record<IdentityField, string>> = {};
      for (const field of IDENTITY_FIELDS) if (party[field] !== undefined) identity[field] = party[field];
      const sealed = aesGcmSeal(key, pad(JSON.stringify(identity)), identityContext(caseId, index));
      return { role: party.role, name: REDACTED_IDENTITY_NAME, confidential: true, [SEALED_IDENTITY_KEY]: `${SEALED_PREFIX}${sealed.toString('base64url')}` };
    });
  }

  /** The stored parties with their identities opened; only the query path for cleared roles calls this. */
  async revealParties(caseId: string, stored: readonly unknown[]): Promise<RevealedParties> {
    const key = await this.dataKey(caseId, false);
    const parties = stored.map((value, index): Party => {
      const party = value as Party & { [SEALED_IDENTITY_KEY]?: unknown };
      if (!party.confidential) return party;
      const sealed = party[SEALED_IDENTITY_KEY];
      // A party stored before identities were sealed keeps its plaintext.
      if (typeof sealed !== 'string') return { ...party };
      if (key === undefined) return { role: party.role, name: SHREDDED_IDENTITY_NAME, confidential: true };
      const identity = JSON.parse(aesGcmOpen(key, decode(sealed), identityContext(caseId, index)).toString('utf8')) as Partial<Record<IdentityField, string>>;
      return { role: party.role, ...identity, name: identity.name ?? '', confidential: true };
    });
    return { outcome: key === undefined ? 'shredded' : 'revealed', parties };
  }

  /**
   * A keyed hash of a request that may hold identity data (a filing), so the stored hash neither reveals
   * the identity to a guesser nor outlives the key. Undefined when the key is erased.
   */
  async requestHash(caseId: string, canonicalRequest: string, options: { create: boolean }): Promise<string | undefined> {
    const key = await this.dataKey(caseId, options.create);
    if (key === undefined) return undefined;
    const macKey = createHmac('sha256', key).update('kntc/request-hash/v1').digest();
    return `hmac-sha256:${createHmac('sha256', macKey).update(canonicalRequest, 'utf8').digest('hex')}`;
  }

  /** Erases the case key: its identities become unreadable everywhere, for good. */
  shred(caseId: string): Promise<ShredOutcome> {
    return this.keys.shred(caseId, this.now().toISOString());
  }

  close(): Promise<void> {
    return this.keys.close();
  }

  private async dataKey(caseId: string, create: boolean): Promise<Buffer | undefined> {
    let stored: StoredCaseKey | undefined = await this.keys.find(caseId);
    if (stored === undefined && create) {
      const fresh = randomBytes(DATA_KEY_BYTES);
      stored = await this.keys.insertIfAbsent({
        caseId,
        wrappedKey: aesGcmSeal(this.masterKey.key, fresh, wrapContext(caseId)),
        masterKeyId: this.masterKey.id,
        createdAt: this.now().toISOString(),
      });
    }
    if (stored === undefined || stored.wrappedKey === null) return undefined;
    if (stored.masterKeyId !== this.masterKey.id) {
      throw new KeyStoreMismatchError(`the key of case ${caseId} was wrapped by master key ${stored.masterKeyId}, not the configured ${this.masterKey.id}`);
    }
    return aesGcmOpen(this.masterKey.key, stored.wrappedKey, wrapContext(caseId));
  }
}

function identityContext(caseId: string, partyIndex: number): string {
  return `kntc/identity/v1/${caseId}/${partyIndex}`;
}

function wrapContext(caseId: string): string {
  return `kntc/case-key/v1/${caseId}`;
}

function pad(json: string): Buffer {
  const bytes = Buffer.from(json, 'utf8');
  const length = Math.ceil((bytes.length + 1) / PAD_TO) * PAD_TO;
  return Buffer.concat([bytes, Buffer.alloc(length - bytes.length, 0x20)]);
}

function decode(sealed: string): Buffer {
  if (!sealed.startsWith(SEALED_PREFIX)) throw new Error(`unknown identity seal format "${sealed.slice(0, 20)}"`);
  return Buffer.from(sealed.slice(SEALED_PREFIX.length), 'base64url');
}

/** A stored party whose identity fields are sealed. */
export function isSealedParty(party: unknown): party is SealedParty {
  return typeof party === 'object' && party !== null && typeof (party as Record<string, unknown>)[SEALED_IDENTITY_KEY] === 'string';
}
