import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { AuthenticationError, AuthenticationUnavailableError } from '../tokens/authentication.error';

export type OidcAlgorithm = 'RS256' | 'ES256';
export const OIDC_ALGORITHMS: readonly OidcAlgorithm[] = ['RS256', 'ES256'];

export interface JwksKeySetOptions {
  url: string;
  /** How long a fetched key set is used before it is fetched again, in seconds. Default 600. */
  cacheSeconds?: number;
  /** A token naming an unknown `kid` fetches the set again at most this often, in seconds. Default 30. */
  minRefreshSeconds?: number;
  /** Timeout of one fetch, in ms. Default 5000. */
  timeoutMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
}

interface CachedKey {
  kid: string | undefined;
  alg: string | undefined;
  kty: string;
  crv: string | undefined;
  key: KeyObject;
}

/** Largest key set read; an identity provider publishes a handful of keys. */
const MAX_JWKS_BYTES = 512 * 1024;

/**
 * The identity provider's signing keys (JWKS), fetched with `fetch` and cached. An unknown `kid` fetches
 * the set again (key rotation), but not more often than `minRefreshSeconds`, so tokens with random kids
 * cannot make the API hammer the provider.
 */
export class JwksKeySet {
  private keys: CachedKey[] = [];
  private fetchedAt = Number.NEGATIVE_INFINITY;
  private attemptedAt = Number.NEGATIVE_INFINITY;
  private failure: string | undefined;
  private inFlight: Promise<void> | undefined;
  private readonly now: () => number;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: JwksKeySetOptions) {
    this.now = options.now ?? Date.now;
    this.fetch = options.fetch ?? fetch;
  }

  /** The key that verifies a token with this header; AuthenticationError when the set has none. */
  async keyFor(kid: string | undefined, alg: OidcAlgorithm): Promise<KeyObject> {
    if (this.now() - this.fetchedAt > (this.options.cacheSeconds ?? 600) * 1000) await this.refresh();
    let found = this.match(kid, alg);
    if (found === undefined) {
      await this.refresh();
      found = this.match(kid, alg);
    }
    if (found === undefined) throw new AuthenticationError('invalid-token');
    return found;
  }

  private match(kid: string | undefined, alg: OidcAlgorithm): KeyObject | undefined {
    const usable = this.keys.filter(
      (k) => (k.alg === undefined || k.alg === alg) && (alg === 'RS256' ? k.kty === 'RSA' : k.kty === 'EC' && k.crv === 'P-256'),
    );
    if (kid !== undefined) return usable.find((k) => k.kid === kid)?.key;
    // Without a kid, only an unambiguous key set can say which key signed.
    return usable.length === 1 ? usable[0]!.key : undefined;
  }

  private async refresh(): Promise<void> {
    if (this.inFlight === undefined && this.now() - this.attemptedAt < (this.options.minRefreshSeconds ?? 30) * 1000) {
      if (this.keys.length === 0 && this.failure !== undefined) throw new AuthenticationUnavailableError(this.failure);
      return;
    }
    this.inFlight ??= this.load().finally(() => {
      this.inFlight = undefined;
    });
    await this.inFlight;
  }

  private async load(): Promise<void> {
    this.attemptedAt = this.now();
    let body: unknown;
    try {
      const response = await this.fetch(this.options.url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(this.options.timeoutMs ?? 5000) });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const text = await response.text();
      if (text.length > MAX_JWKS_BYTES) throw new Error('key set too large');
      body = JSON.parse(text);
    } catch (error) {
      this.failure = error instanceof Error ? error.message : String(error);
      // Keep serving the keys already known: a provider outage must not log everyone out.
      if (this.keys.length > 0) return;
      throw new AuthenticationUnavailableError(this.failure);
    }
    const entries = typeof body === 'object' && body !== null && Array.isArray((body as { keys?: unknown }).keys) ? (body as { keys: unknown[] }).keys : [];
    this.keys = entries.flatMap((entry) => toCachedKey(entry));
    this.failure = undefined;
    this.fetchedAt = this.now();
  }
}

function toCachedKey(entry: unknown): CachedKey[] {
  if (typeof entry !== 'object' || entry === null) return [];
  const jwk = entry as JsonWebKey & { kid?: unknown; alg?: unknown; use?: unknown };
  if (jwk.use !== undefined && jwk.use !== 'sig') return [];
  if (jwk.kty !== 'RSA' && jwk.kty !== 'EC') return [];
  // Only the public members: a private JWK published by mistake must not become a signing key here.
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = jwk;
  try {
    const key = createPublicKey({ key: publicJwk, format: 'jwk' });
    return [
      {
        kid: typeof jwk.kid === 'string' ? jwk.kid : undefined,
        alg: typeof jwk.alg === 'string' ? jwk.alg : undefined,
        kty: jwk.kty,
        crv: typeof jwk.crv === 'string' ? jwk.crv : undefined,
        key,
      },
    ];
  } catch {
    return [];
  }
}
