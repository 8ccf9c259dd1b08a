import { TokenSecretError, TokenService, UsersFileError, resolveTokenSecret } from '@kntc/auth';
import { openUsersRoster, type UsersRoster } from '@kntc/cases';
import { InvalidArgumentError, type Command } from 'commander';
import { UsageError } from '../shared/cli-errors';
import { readConfig } from '../shared/engine-files';

export function registerTokenCommand(program: Command): void {
  program
    .command('token')
    .description(
      'Print a bearer token for a user of the users store (the accounts of `kntc users` and the web UI; with ' +
        "KNTC_AUTH_MODE=oidc, the users file KNTC_USERS_FILE), signed with the API's secret (KNTC_TOKEN_SECRET, else " +
        '<KNTC_DATA_DIR>/token-secret). A disabled account gets none. Only the token goes to stdout.',
    )
    .argument('<userId>', 'user id, e.g. tnmt-tiepdan-lan')
    .option('--ttl <hours>', 'lifetime in hours, 1 to 8 (default 8: one working day; the API refuses longer-lived tokens)', parseHours)
    .addHelpText('after', '\nExample:\n  TOKEN=$(npx kntc token tnmt-tiepdan-lan)\n  curl -H "Authorization: Bearer $TOKEN" http://127.0.0.1:3000/api/cases')
    .action(async (userId: string, options: { ttl?: number }) => {
      const config = readConfig();
      let roster: UsersRoster;
      let secret: string;
      try {
        secret = resolveTokenSecret(config);
        roster = await openUsersRoster(config);
      } catch (error) {
        if (error instanceof UsersFileError || error instanceof TokenSecretError) throw new UsageError(error.message);
        throw error;
      }
      await roster.close();
      const users = roster.directory;
      const user = users.find(userId);
      if (!user) {
        const known = users.list().map((u) => u.id);
        throw new UsageError(`no user "${userId}" in ${roster.source}; ${known.length > 0 ? `users: ${known.join(', ')}` : 'it holds no account yet (kntc users add)'}`);
      }
      const tokens = new TokenService({ secret, users });
      if (options.ttl !== undefined && options.ttl * 3600 > tokens.maxLifetimeSeconds) {
        throw new UsageError(`--ttl: at most ${tokens.maxLifetimeSeconds / 3600} hours; the API refuses a token that lives longer`);
      }
      const issued = tokens.issue(user.id, options.ttl !== undefined ? options.ttl * 3600 : undefined);
      process.stdout.write(`${issued.token}\n`);
      process.stderr.write(`token for ${user.id} (${user.name}, ${user.role}, ${user.department}), valid until ${issued.expiresAt}\n`);
    });
}

function parseHours(value: string): number {
  const hours = Number(value);
  if (!Number.isInteger(hours) || hours <= 0 || hours > 24 * 366) throw new InvalidArgumentError('a whole number of hours, 1 or more');
  return hours;
}
