import type { UserAccount } from './user-account';
import type { UserRole } from './users-directory';

export type UserCommand =
  | { type: 'CreateUser'; userId: string; name: string; role: UserRole; department: string; passwordHash?: string }
  | { type: 'ChangeUserRole'; userId: string; role: UserRole; department: string }
  | { type: 'SetUserPassword'; userId: string; passwordHash: string }
  | { type: 'DisableUser'; userId: string }
  | { type: 'EnableUser'; userId: string };

/** The recorded changes of an account. None carries a password hash: hashes stay in the users store. */
export type UserEvent =
  | { type: 'UserCreated'; data: { userId: string; name: string; role: UserRole; department: string; createdAt: string } }
  | { type: 'UserRoleChanged'; data: { userId: string; role: UserRole; department: string; previousRole: UserRole; previousDepartment: string; changedAt: string } }
  | { type: 'UserPasswordSet'; data: { userId: string; setAt: string } }
  | { type: 'UserDisabled'; data: { userId: string; disabledAt: string } }
  | { type: 'UserEnabled'; data: { userId: string; enabledAt: string } };

export const USER_EVENT_TYPES: ReadonlyArray<UserEvent['type']> = ['UserCreated', 'UserRoleChanged', 'UserPasswordSet', 'UserDisabled', 'UserEnabled'];

export type UserRefusal = 'user-exists' | 'user-not-found' | 'own-account' | 'already-set-up';

/** The change cannot be made; `code` is the problem+json code. */
export class UserCommandRefused extends Error {
  constructor(
    readonly code: UserRefusal,
    message: string,
  ) {
    super(message);
    this.name = 'UserCommandRefused';
  }
}

/**
 * The events a change of an account gives, from the account as it stands (undefined: no such account).
 * `actorId` is who asks: an administrator cannot disable their own account nor take their own role away, so the
 * engine is never left without one by a slip. A change to what already holds gives no event.
 */
export function decideUser(command: UserCommand, account: UserAccount | undefined, context: { now: string; actorId: string }): UserEvent[] {
  const { now } = context;
  if (command.type === 'CreateUser') {
    if (account) throw new UserCommandRefused('user-exists', `Mã người dùng "${command.userId}" đã có.`);
    const created: UserEvent = {
      type: 'UserCreated',
      data: { userId: command.userId, name: command.name, role: command.role, department: command.department, createdAt: now },
    };
    return command.passwordHash !== undefined ? [created, { type: 'UserPasswordSet', data: { userId: command.userId, setAt: now } }] : [created];
  }
  if (!account) throw new UserCommandRefused('user-not-found', `Không có người dùng "${command.userId}".`);
  switch (command.type) {
    case 'ChangeUserRole':
      if (account.role === command.role && account.department === command.department) return [];
      if (command.userId === context.actorId) throw new UserCommandRefused('own-account', 'Không thể tự đổi vai trò hoặc đơn vị của chính mình.');
      return [
        {
          type: 'UserRoleChanged',
          data: { userId: account.id, role: command.role, department: command.department, previousRole: account.role, previousDepartment: account.department, changedAt: now },
        },
      ];
    case 'SetUserPassword':
      return [{ type: 'UserPasswordSet', data: { userId: account.id, setAt: now } }];
    case 'DisableUser':
      if (account.disabled) return [];
      if (command.userId === context.actorId) throw new UserCommandRefused('own-account', 'Không thể tự khóa tài khoản của chính mình.');
      return [{ type: 'UserDisabled', data: { userId: account.id, disabledAt: now } }];
    case 'EnableUser':
      return account.disabled ? [{ type: 'UserEnabled', data: { userId: account.id, enabledAt: now } }] : [];
    default: {
      const unknown: never = command;
      throw new Error(`unknown user command ${JSON.stringify(unknown)}`);
    }
  }
}

/**
 * The account after an event; `passwordHash` is what a UserPasswordSet stands for (the hash the command
 * brought), since the event itself never holds it.
 */
export function evolveUser(account: UserAccount | undefined, event: UserEvent, revision: number, passwordHash?: string): UserAccount | undefined {
  switch (event.type) {
    case 'UserCreated': {
      const { userId, name, role, department, createdAt } = event.data;
      return { id: userId, name, role, department, disabled: false, revision, createdAt, updatedAt: createdAt };
    }
    case 'UserRoleChanged':
      return account && { ...account, role: event.data.role, department: event.data.department, revision, updatedAt: event.data.changedAt };
    case 'UserPasswordSet':
      return account && { ...account, ...(passwordHash !== undefined ? { passwordHash } : {}), revision, updatedAt: event.data.setAt };
    case 'UserDisabled':
      return account && { ...account, disabled: true, revision, updatedAt: event.data.disabledAt };
    case 'UserEnabled':
      return account && { ...account, disabled: false, revision, updatedAt: event.data.enabledAt };
    default: {
      const unknown: never = event;
      throw new Error(`unknown user event ${JSON.stringify(unknown)}`);
    }
  }
}
