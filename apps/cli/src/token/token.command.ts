import { TokenSecretError, TokenService, UsersDirectory, UsersFileError, resolveTokenSecret } from '@kntc/auth';
import { InvalidArgumentError, type Command } from 'commander';
import { UsageError } from '../shared/cli-errors';
import { readConfig } from '../shared/engine-files';

export function registerTokenCommand(program: Command): void {
  program
    .command('token')
    .description(
      'Print a bearer token for a user of the users file (KNTC_USERS_FILE, default config/users.yaml), signed with the ' +
        "API's secret (KNTC_TOKEN_SECRET, else <KNTC_DATA_DIR>/token-secret). Only the token goes to stdout.",
    )
    .argument('<userId>', 'user id, e.g. tnmt-tiepdan-lan')
    .option('--ttl <hours>', 'lifetime in hours, 1 to 8 (default 8: one working day; the API refuses longer-lived tokens)', parseHours)
    .addHelpText('after', '\nExample:\n  TOKEN=$(npx kntc token tnmt-tiepdan-lan)\n  curl -H "Authorization: Bearer $TOKEN" http://127.0.0.1:3000/api/cases')
    .action((userId: string, options: { ttl?: number }) => {
      const config = readConfig();
      let users: UsersDirectory;
      let secret: string;
      try {
        users = UsersDirectory.load(config.usersFile);
        secret = resolveTokenSecret(config);
      } catch (error) {
        if (error instanceof UsersFileError || error instanceof TokenSecretError) throw new UsageError(error.message);
        throw error;
      }
      const user = users.find(userId);
      if (!user) {
        throw new UsageError(`no user "${userId}" in ${config.usersFile}; users: ${users.list().map((u) => u.id).join(', ')}`);
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
