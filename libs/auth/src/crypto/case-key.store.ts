/**
 * Where the wrapped data keys of the cases live: outside the event stream, so erasing a key (crypto-shredding)
 * is a real deletion while the events, and their hash chain, stay as they were. Adapters: SQLite (a file of
 * its own beside the event store, whichever store holds the events).
 */
export interface StoredCaseKey {
  caseId: string;
  /** The data key wrapped by the master key (AES-256-GCM); null once shredded. */
  wrappedKey: Buffer | null;
  /** Id of the master key that wrapped it. */
  masterKeyId: string;
  createdAt: string;
  shreddedAt: string | null;
}

export type ShredOutcome = 'shredded' | 'already-shredded' | 'absent';

export interface CaseKeyStore {
  /** Stores the key unless the case has one (or a shredded one) already; returns what is stored now. */
  insertIfAbsent(key: { caseId: string; wrappedKey: Buffer; masterKeyId: string; createdAt: string }): Promise<StoredCaseKey>;
  find(caseId: string): Promise<StoredCaseKey | undefined>;
  /** Erases the wrapped key for good, keeping a tombstone so no new key is ever created for the case. */
  shred(caseId: string, shreddedAt: string): Promise<ShredOutcome>;
  /** The master key ids of the keys not shredded; more than the configured one means a wrong KNTC_MASTER_KEY. */
  masterKeyIds(): Promise<string[]>;
  close(): Promise<void>;
}

/** The key store cannot be read or written now (file locked, read-only, full, I/O error): try again later. */
export class KeyStoreUnavailableError extends Error {
  readonly code = 'key-store-unavailable';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'KeyStoreUnavailableError';
  }
}
