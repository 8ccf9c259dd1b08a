/**
 * The one way the UI talks to the API: same origin, JSON, bearer token of the signed-in user. Every error the
 * API answers is application/problem+json with a stable `code`; it arrives here as an ApiError carrying it.
 */
export interface FieldError {
  field: string;
  message: string;
}

export interface Problem {
  type?: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  errors?: FieldError[];
  allowedCommands?: string[];
  currentRevision?: number;
  details?: Record<string, unknown>;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail || problem.title);
    this.name = 'ApiError';
  }

  get code(): string {
    return this.problem.code;
  }
}

export interface ApiAnswer<T> {
  data: T;
  headers: Headers;
  status: number;
}

export interface RequestOptions {
  method?: 'GET' | 'POST';
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Query parameters; undefined and empty values are left out. */
  query?: Record<string, string | number | boolean | undefined>;
}

type TokenSource = () => string | undefined;
type UnauthorizedListener = (problem: Problem) => void;

let tokenSource: TokenSource = () => undefined;
let onUnauthorized: UnauthorizedListener = () => undefined;

/** The session module tells the client where the token is and what to do when the API no longer accepts it. */
export function configureClient(source: TokenSource, unauthorized: UnauthorizedListener): void {
  tokenSource = source;
  onUnauthorized = unauthorized;
}

export function withQuery(path: string, query: RequestOptions['query']): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === '') continue;
    params.set(name, String(value));
  }
  const text = params.toString();
  return text === '' ? path : `${path}?${text}`;
}

const NETWORK_PROBLEM: Problem = {
  title: 'Không kết nối được máy chủ',
  status: 0,
  code: 'network-error',
  detail: 'Không gửi được yêu cầu đến máy chủ KNTC. Kiểm tra kết nối mạng rồi thử lại.',
};

export async function request<T>(path: string, options: RequestOptions = {}): Promise<ApiAnswer<T>> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json', ...options.headers };
  const token = tokenSource();
  if (token) headers['Authorization'] = `Bearer ${token}`;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), {
      method: options.method ?? 'GET',
      headers,
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      credentials: 'same-origin',
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, NETWORK_PROBLEM);
  }
  if (!response.ok) {
    const problem = await readProblem(response);
    if (response.status === 401 && token) onUnauthorized(problem);
    throw new ApiError(response.status, problem);
  }
  const data = (response.status === 204 ? undefined : await response.json()) as T;
  return { data, headers: response.headers, status: response.status };
}

export async function getJson<T>(path: string, query?: RequestOptions['query'], signal?: AbortSignal): Promise<T> {
  return (await request<T>(path, { ...(query ? { query } : {}), ...(signal ? { signal } : {}) })).data;
}

/** A file the API makes (CSV, XLSX): fetched with the token, then saved by the browser under its own name. */
export async function download(path: string, query: RequestOptions['query'], fallbackName: string): Promise<void> {
  const headers: Record<string, string> = {};
  const token = tokenSource();
  if (token) headers['Authorization'] = `Bearer ${token}`;
  const response = await fetch(withQuery(path, query), { headers, credentials: 'same-origin' });
  if (!response.ok) {
    const problem = await readProblem(response);
    if (response.status === 401 && token) onUnauthorized(problem);
    throw new ApiError(response.status, problem);
  }
  const blob = await response.blob();
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const name = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1] ?? /filename="?([^";]+)"?/i.exec(disposition)?.[1];
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = name ? decodeURIComponent(name) : fallbackName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

async function readProblem(response: Response): Promise<Problem> {
  const fallback: Problem = {
    title: `Lỗi ${response.status}`,
    status: response.status,
    code: `http-${response.status}`,
    detail: response.statusText || 'Máy chủ trả lời lỗi.',
  };
  try {
    const body = (await response.json()) as Partial<Problem>;
    if (typeof body === 'object' && body !== null && typeof body.code === 'string') return { ...fallback, ...body } as Problem;
    return fallback;
  } catch {
    return fallback;
  }
}

/**
 * A fresh idempotency key for one user action: a retry of the same action reuses it, a new action gets a new one.
 * A random (v4) UUID from getRandomValues: crypto.randomUUID exists only on HTTPS and localhost, and the UI may be
 * opened over plain HTTP inside an agency's network.
 */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
