import type { UserAccount } from './user-account';
import { decideUser, evolveUser, UserCommandRefused, type UserCommand, type UserEvent } from './user-account.decide';

const NOW = '2026-03-02T02:00:00.000Z';
const ADMIN = 'quan-tri';
const HASH = '$scrypt$ln=15,r=8,p=1$arWCaqt2O6EMnXqrQ3iYHw$tvmxcAz3/2UjVk4MUtsurGetzO31mOpS1n4upezH2iM';
const CREATE: UserCommand = { type: 'CreateUser', userId: 'tnmt-tiepdan-an', name: 'Phan Văn An', role: 'intake', department: 'so-tnmt', passwordHash: HASH };

/** Given the recorded events of an account, when a command arrives, then these events (or this refusal). */
function given(events: UserEvent[]) {
  const account = events.reduce<UserAccount | undefined>((state, event, index) => evolveUser(state, event, index, HASH), undefined);
  return {
    when: (command: UserCommand, actorId = ADMIN) => {
      const run = () => decideUser(command, account, { now: NOW, actorId });
      return {
        then: (expected: UserEvent[]) => expect(run()).toEqual(expected),
        thenRefused: (code: UserCommandRefused['code']) => expect(run).toThrow(expect.objectContaining({ code })),
      };
    },
  };
}

const created = decideUser(CREATE, undefined, { now: NOW, actorId: ADMIN });

describe('an account that does not exist yet', () => {
  it('is created with its password set, the hash kept out of the events', () => {
    given([]).when(CREATE).then([
      { type: 'UserCreated', data: { userId: 'tnmt-tiepdan-an', name: 'Phan Văn An', role: 'intake', department: 'so-tnmt', createdAt: NOW } },
      { type: 'UserPasswordSet', data: { userId: 'tnmt-tiepdan-an', setAt: NOW } },
    ]);
    expect(JSON.stringify(created)).not.toContain('$scrypt$');
  });

  it('cannot be changed', () => {
    given([]).when({ type: 'DisableUser', userId: 'tnmt-tiepdan-an' }).thenRefused('user-not-found');
  });
});

describe('an account in use', () => {
  it('is not created twice', () => {
    given(created).when(CREATE).thenRefused('user-exists');
  });

  it('changes role with the previous role and department recorded', () => {
    given(created)
      .when({ type: 'ChangeUserRole', userId: 'tnmt-tiepdan-an', role: 'inspector', department: 'so-xd' })
      .then([{ type: 'UserRoleChanged', data: { userId: 'tnmt-tiepdan-an', role: 'inspector', department: 'so-xd', previousRole: 'intake', previousDepartment: 'so-tnmt', changedAt: NOW } }]);
  });

  it('records nothing for a change to what already holds', () => {
    given(created).when({ type: 'ChangeUserRole', userId: 'tnmt-tiepdan-an', role: 'intake', department: 'so-tnmt' }).then([]);
    given(created).when({ type: 'EnableUser', userId: 'tnmt-tiepdan-an' }).then([]);
  });

  it('is disabled, then enabled again', () => {
    const disabled: UserEvent = { type: 'UserDisabled', data: { userId: 'tnmt-tiepdan-an', disabledAt: NOW } };
    given(created).when({ type: 'DisableUser', userId: 'tnmt-tiepdan-an' }).then([disabled]);
    given([...created, disabled]).when({ type: 'DisableUser', userId: 'tnmt-tiepdan-an' }).then([]);
    given([...created, disabled]).when({ type: 'EnableUser', userId: 'tnmt-tiepdan-an' }).then([{ type: 'UserEnabled', data: { userId: 'tnmt-tiepdan-an', enabledAt: NOW } }]);
  });

  it('cannot be disabled nor have its role changed by its own holder, so no administrator locks the engine out by a slip', () => {
    given(created).when({ type: 'DisableUser', userId: 'tnmt-tiepdan-an' }, 'tnmt-tiepdan-an').thenRefused('own-account');
    given(created).when({ type: 'ChangeUserRole', userId: 'tnmt-tiepdan-an', role: 'admin', department: 'so-tnmt' }, 'tnmt-tiepdan-an').thenRefused('own-account');
  });
});
