import type { UserAccount } from './user-account';

/**
 * Where the accounts live (docs/architecture.md, scale-out): the data folder's `users.json` for one machine, PostgreSQL for
 * API processes on several. Password hashes live here only, never in the events. Every adapter passes
 * `users-store.contract.ts`.
 */
export interface UsersStore {
  /** Every account, disabled ones included, by id. */
  list(): Promise<UserAccount[]>;
  find(userId: string): Promise<UserAccount | undefined>;
  /**
   * Writes the account unless the store holds it at the same or a later revision; says whether it wrote. A
   * retried change, or two processes applying the same one, write once.
   */
  put(account: UserAccount): Promise<boolean>;
  /** Writes the account only while the store holds none at all: the first administrator, once across processes. */
  putFirst(account: UserAccount): Promise<boolean>;
  /** A value that changes whenever an account changes, cheap to read: the API's cache compares it. */
  stamp(): Promise<string>;
  close(): Promise<void>;
}

/** The users store cannot be read or written now (file unreadable, PostgreSQL down): try again later. */
export class UsersStoreUnavailableError extends Error {
  readonly code = 'users-store-unavailable';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UsersStoreUnavailableError';
  }
}
