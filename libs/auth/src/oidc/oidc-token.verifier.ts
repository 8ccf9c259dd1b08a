import jwt from 'jsonwebtoken';
import type { Actor } from '@kntc/domain';
import { ROLES, type Role } from '@kntc/workflow';
import { AuthorizationError } from '../authorization.error';
import type { AccessTokenVerifier } from '../tokens/access-token.verifier';
import { AuthenticationError } from '../tokens/authentication.error';
import { JwksKeySet, OIDC_ALGORITHMS, type OidcAlgorithm } from './jwks-key-set';

/**
 * Which claims of the provider's access token name the user, role, department and display name. A claim
 * is a dotted path (`realm_access.roles` for Keycloak realm roles); the role claim may hold a string or a
 * list, in which exactly one value (after `rolePrefix`) must be an engine role.
 */
export interface OidcClaimMapping {
  userId: string;
  role: string;
  department: string;
  name: string;
  /** Stripped from role values first, e.g. `kntc-` turns `kntc-head` into `head`. */
  rolePrefix: string;
}

export const DEFAULT_CLAIM_MAPPING: OidcClaimMapping = {
  userId: 'sub',
  role: 'kntc_role',
  department: 'kntc_department',
  name: 'name',
  rolePrefix: '',
};

export interface OidcSettings {
  issuer: string;
  audience: string;
  jwksUrl: string;
  algorithms: readonly OidcAlgorithm[];
  claims: OidcClaimMapping;
  /** Allowed clock difference with the provider, in seconds. */
  clockToleranceSeconds: number;
}

const PERSON_ROLES: readonly Role[] = ROLES.filter((role) => role !== 'system');
const DEPARTMENT = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const USER_ID = /^[\x21-\x7e]{1,200}$/;

/** Production authentication: bearer JWTs of an OIDC provider, checked against its JWKS, issuer and audience. */
export class OidcTokenVerifier implements AccessTokenVerifier {
  private readonly keys: JwksKeySet;
  private readonly now: () => number;
  private readonly departments: ReadonlySet<string> | undefined;

  /**
   * `departments`: the codes a token may name (config/departments.yaml). The API always passes them; a
   * well-formed but unknown code would make an actor of a department nothing is scoped to.
   */
  constructor(
    private readonly settings: OidcSettings,
    options: { fetch?: typeof fetch; now?: () => number; departments?: readonly string[] } = {},
  ) {
    if (options.departments !== undefined && options.departments.length === 0) {
      throw new Error('OIDC sign-in needs the list of departments (the departments file is empty or missing): a token could name any department');
    }
    this.departments = options.departments === undefined ? undefined : new Set(options.departments);
    this.now = options.now ?? Date.now;
    this.keys = new JwksKeySet({ url: settings.jwksUrl, now: this.now, ...(options.fetch ? { fetch: options.fetch } : {}) });
  }

  async verify(token: string): Promise<Actor> {
    const decoded = jwt.decode(token, { complete: true });
    if (decoded === null || typeof decoded.payload === 'string') throw new AuthenticationError('invalid-token');
    const alg = decoded.header.alg as OidcAlgorithm;
    // alg comes from the token: only the configured asymmetric ones are honoured, never `none` or HS*.
    if (!this.settings.algorithms.includes(alg) || !OIDC_ALGORITHMS.includes(alg)) throw new AuthenticationError('invalid-token');
    const key = await this.keys.keyFor(decoded.header.kid, alg);
    let claims: jwt.JwtPayload;
    try {
      const verified = jwt.verify(token, key, {
        algorithms: [alg],
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        clockTolerance: this.settings.clockToleranceSeconds,
        clockTimestamp: Math.floor(this.now() / 1000),
      });
      if (typeof verified === 'string') throw new AuthenticationError('invalid-token');
      claims = verified;
    } catch (error) {
      if (error instanceof AuthenticationError) throw error;
      throw new AuthenticationError(error instanceof jwt.TokenExpiredError ? 'token-expired' : 'invalid-token');
    }
    if (claims.exp === undefined) throw new AuthenticationError('invalid-token');
    return this.actorOf(claims);
  }

  private actorOf(claims: jwt.JwtPayload): Actor {
    const mapping = this.settings.claims;
    const id = claimAt(claims, mapping.userId);
    if (typeof id !== 'string' || !USER_ID.test(id)) throw new AuthenticationError('invalid-token');
    const roleValues = [claimAt(claims, mapping.role)].flat().filter((v): v is string => typeof v === 'string');
    const roles = new Set(
      roleValues
        .filter((v) => v.startsWith(mapping.rolePrefix))
        .map((v) => v.slice(mapping.rolePrefix.length))
        .filter((v): v is Role => PERSON_ROLES.includes(v as Role)),
    );
    if (roles.size !== 1) {
      throw new AuthorizationError('role-not-mapped', `Tài khoản không có đúng một vai trò của hệ thống (claim ${mapping.role}).`);
    }
    const department = claimAt(claims, mapping.department);
    if (typeof department !== 'string' || !DEPARTMENT.test(department)) {
      throw new AuthorizationError('role-not-mapped', `Tài khoản không có mã đơn vị hợp lệ (claim ${mapping.department}).`);
    }
    if (this.departments !== undefined && !this.departments.has(department)) {
      throw new AuthorizationError('department-not-mapped', `Đơn vị "${department}" của tài khoản (claim ${mapping.department}) không có trong danh sách đơn vị của hệ thống.`);
    }
    const name = claimAt(claims, mapping.name);
    return {
      id,
      role: [...roles][0]!,
      department,
      ...(typeof name === 'string' && name.trim() !== '' ? { name: name.normalize('NFC').trim().slice(0, 200) } : {}),
    };
  }
}

function claimAt(claims: Record<string, unknown>, dottedPath: string): unknown {
  let value: unknown = claims;
  for (const part of dottedPath.split('.')) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}
