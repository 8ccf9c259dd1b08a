import { useQuery } from '@tanstack/react-query';
import { getJson, newIdempotencyKey, request } from '../api/client';
import type { Schemas } from '../shared/api-types';

/** An account as GET /api/users answers it: never the password hash, only whether there is one. */
export type UserAccountView = Schemas['UserAccountView'];
type Role = UserAccountView['role'];

export const USERS_QUERY_KEY = ['users'] as const;

export function useUsers() {
  return useQuery({ queryKey: USERS_QUERY_KEY, queryFn: ({ signal }) => getJson<Schemas['UserListAnswer']>('/api/users', undefined, signal) });
}

/**
 * One change of an account: a command with an Idempotency-Key (the same for a retry of the same action) and the
 * account's revision as If-Match, so a change made meanwhile by another administrator is not overwritten.
 */
export async function changeUser(path: string, body: unknown, options: { idempotencyKey?: string; revision?: number } = {}): Promise<UserAccountView> {
  const headers: Record<string, string> = { 'Idempotency-Key': options.idempotencyKey ?? newIdempotencyKey() };
  if (options.revision !== undefined) headers['If-Match'] = `"${options.revision}"`;
  return (await request<Schemas['UserAnswer']>(path, { method: 'POST', body, headers })).data.user;
}

/** The roles an administrator can give, in the order an agency thinks of them. */
export const ASSIGNABLE_ROLES: Role[] = ['intake', 'inspector', 'head', 'director', 'ubnd', 'supervisor', 'importer', 'admin'];
