import { Inject, Logger, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { FirstRunSetup, openUsersStore, UserAccounts, UsersDirectory, type UsersDirectory as Directory } from '@kntc/auth';
import type { KntcConfig } from '@kntc/cases';
import type { EventStore } from '@kntc/event-store';
import { DEPARTMENTS } from '../catalog/catalog.http.controller';
import type { Department } from '../catalog/departments.file';
import { SetupHttpController } from './setup.http.controller';
import { UsersHttpController } from './users.http.controller';

/** Closes the users store (and stops the directory's refresh) with the application. */
class CloseUsersOnShutdown implements OnApplicationShutdown {
  constructor(@Inject(UserAccounts) private readonly accounts: UserAccounts) {}

  async onApplicationShutdown(): Promise<void> {
    await this.accounts.close();
  }
}

/**
 * The accounts of the embedded sign-in as data: the users store (the data folder's users.json, or PostgreSQL),
 * the changes recorded in the event store, the first-run set-up and the administrator's routes. `directory` is
 * the one sign-in and tokens read (AuthModule's), kept current by UserAccounts. A users file given as a seed
 * (KNTC_USERS_SEED, KNTC_USERS_FILE) is loaded into an empty store.
 */
@Module({})
export class UsersHttpModule {
  static register(config: KntcConfig, events: EventStore, directory: Directory, departments: readonly Department[]): DynamicModule {
    const { security } = config;
    return {
      module: UsersHttpModule,
      providers: [
        {
          provide: UserAccounts,
          useFactory: async () => {
            const store = await openUsersStore(security.usersStore, security.postgresSchema !== undefined ? { postgresSchema: security.postgresSchema } : {});
            const logger = new Logger('Users');
            const accounts = new UserAccounts(store, events, {
              directory,
              onRefreshError: (error) => logger.warn(`users store: ${error instanceof Error ? error.message : String(error)}; signing in with the accounts read last`),
            });
            try {
              if (security.usersSeedFile !== undefined) await accounts.seed(UsersDirectory.load(security.usersSeedFile).list());
              await accounts.start();
            } catch (error) {
              await accounts.close();
              throw error;
            }
            return accounts;
          },
        },
        { provide: FirstRunSetup, useValue: new FirstRunSetup() },
        { provide: DEPARTMENTS, useValue: departments },
        CloseUsersOnShutdown,
      ],
      controllers: [SetupHttpController, UsersHttpController],
      exports: [UserAccounts, FirstRunSetup],
    };
  }
}
