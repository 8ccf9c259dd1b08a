import { prepareDummyHash, verifyAgainstDummy, verifyPassword } from '../passwords/password-hash';
import { AuthenticationError } from '../tokens/authentication.error';
import type { TokenService } from '../tokens/token.service';
import type { DirectoryUser, UsersDirectory } from '../users/users-directory';

export interface LoginResult {
  accessToken: string;
  tokenType: 'Bearer';
  /** Seconds the token is valid for. */
  expiresIn: number;
  /** UTC ISO-8601. */
  expiresAt: string;
  user: Omit<DirectoryUser, 'passwordHash'>;
}

/**
 * The embedded issuer's sign-in: a user of the users file with a password hash gets a bearer token.
 * An unknown user, a user without a password and a wrong password answer alike, after the same work.
 */
export class PasswordLoginService {
  constructor(
    private readonly users: UsersDirectory,
    private readonly tokens: TokenService,
  ) {
    void prepareDummyHash();
  }

  async login(userId: string, password: string): Promise<LoginResult> {
    const user = this.users.find(userId.trim().toLowerCase());
    const valid = user?.passwordHash !== undefined ? await verifyPassword(password, user.passwordHash) : await verifyAgainstDummy(password);
    if (!user || !valid) throw new AuthenticationError('invalid-credentials');
    const issued = this.tokens.issue(user.id);
    return {
      accessToken: issued.token,
      tokenType: 'Bearer',
      expiresIn: this.tokens.lifetimeSeconds,
      expiresAt: issued.expiresAt,
      user: { id: user.id, name: user.name, role: user.role, department: user.department },
    };
  }
}
