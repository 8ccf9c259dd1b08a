import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError, configureClient, getJson, request } from '../api/client';
import type { Actor, Catalog, CurrentUser, LoginResult } from '../api/types';
import { setDepartmentNames } from '../shared/labels';

/**
 * The signed-in user's token lives in sessionStorage: it survives a reload of the tab, not the closing of the
 * browser, and is never shared between tabs of different users. It is dropped when it expires or the API
 * refuses it (401), and the user is sent back to the sign-in page with the reason.
 */
const STORAGE_KEY = 'kntc.session';

interface StoredSession {
  accessToken: string;
  expiresAt: string;
  user: Actor;
}

export interface Session {
  user: Actor;
  permissions: ReadonlySet<string>;
  /** The case commands this role may run in some stage. */
  commands: ReadonlySet<string>;
  catalog: Catalog;
  can(permission: string): boolean;
}

interface SessionContextValue {
  session: Session | undefined;
  /** Why the user was signed out, shown on the sign-in page. */
  signedOutReason: string | undefined;
  loading: boolean;
  /** The stored token's user or the catalog could not be loaded (network, 5xx): shown with a retry, not as a sign-out. */
  loadError: Error | undefined;
  retrying: boolean;
  retryLoad(): void;
  signIn(userId: string, password: string): Promise<void>;
  signOut(reason?: string): void;
}

const SessionContext = createContext<SessionContextValue | undefined>(undefined);

function readStored(): StoredSession | undefined {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    if (!raw) return undefined;
    const stored = JSON.parse(raw) as StoredSession;
    if (!stored.accessToken || Date.parse(stored.expiresAt) <= Date.now()) {
      sessionStorage.removeItem(STORAGE_KEY);
      return undefined;
    }
    return stored;
  } catch {
    return undefined;
  }
}

let currentToken: string | undefined = readStored()?.accessToken;

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [stored, setStored] = useState<StoredSession | undefined>(() => readStored());
  const [signedOutReason, setSignedOutReason] = useState<string | undefined>();

  const signOut = useCallback(
    (reason?: string) => {
      // The queues page's cookie holds the same token: it goes too.
      void fetch('/api/auth/queues-session/end', { method: 'POST', credentials: 'same-origin' }).catch(() => undefined);
      sessionStorage.removeItem(STORAGE_KEY);
      currentToken = undefined;
      setStored(undefined);
      setSignedOutReason(reason);
      queryClient.clear();
    },
    [queryClient],
  );

  useEffect(() => {
    configureClient(
      () => currentToken,
      (problem) => signOut(problem.code === 'token-expired' ? 'Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại.' : 'Phiên đăng nhập không còn hiệu lực. Vui lòng đăng nhập lại.'),
    );
  }, [signOut]);

  // Sign out when the token runs out, even if the user does nothing.
  useEffect(() => {
    if (!stored) return undefined;
    const remaining = Date.parse(stored.expiresAt) - Date.now();
    const timer = setTimeout(() => signOut('Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại.'), Math.max(0, Math.min(remaining, 2_147_000_000)));
    return () => clearTimeout(timer);
  }, [stored, signOut]);

  const signIn = useCallback(async (userId: string, password: string) => {
    const { data } = await request<LoginResult>('/api/auth/login', { method: 'POST', body: { userId, password } });
    const next: StoredSession = { accessToken: data.accessToken, expiresAt: data.expiresAt, user: data.user };
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    currentToken = next.accessToken;
    setSignedOutReason(undefined);
    setStored(next);
  }, []);

  const token = stored?.accessToken;
  const me = useQuery({ queryKey: ['me', token], queryFn: () => getJson<CurrentUser>('/api/auth/me'), enabled: token !== undefined, staleTime: Infinity });
  const catalog = useQuery({
    queryKey: ['catalog', token],
    queryFn: async () => {
      const answer = await getJson<Catalog>('/api/catalog');
      setDepartmentNames(answer.departmentNames);
      return answer;
    },
    enabled: token !== undefined,
    staleTime: Infinity,
  });

  const session = useMemo<Session | undefined>(() => {
    if (!stored || !me.data || !catalog.data) return undefined;
    const permissions = new Set<string>(me.data.permissions);
    return {
      user: me.data.user,
      permissions,
      commands: new Set(me.data.commands),
      catalog: catalog.data,
      can: (permission: string) => permissions.has(permission),
    };
  }, [stored, me.data, catalog.data]);

  const loading = stored !== undefined && session === undefined && !me.isError && !catalog.isError;
  // A 401 has already signed the user out (configureClient); any other failure keeps the token and offers a retry.
  const failed = [me.error, catalog.error].find((error) => error && !(error instanceof ApiError && error.status === 401));
  const loadError = stored !== undefined && session === undefined ? (failed ?? undefined) : undefined;
  const retrying = me.isFetching || catalog.isFetching;
  const retryLoad = useCallback(() => {
    void queryClient.refetchQueries({ predicate: (query) => (query.queryKey[0] === 'me' || query.queryKey[0] === 'catalog') && query.state.status === 'error' });
  }, [queryClient]);
  const value = useMemo(
    () => ({ session, signedOutReason, loading, loadError, retrying, retryLoad, signIn, signOut }),
    [session, signedOutReason, loading, loadError, retrying, retryLoad, signIn, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSessionContext(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSessionContext outside SessionProvider');
  return value;
}

/** The signed-in user's session; only inside pages behind RequireSession. */
export function useSession(): Session {
  const { session } = useSessionContext();
  if (!session) throw new Error('useSession without a signed-in user');
  return session;
}
