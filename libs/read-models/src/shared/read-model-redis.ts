import { Redis, type ChainableCommander } from 'ioredis';

/**
 * Longest a read-side command may wait for its reply, in ms. A hung Redis (connected, never answering) would
 * otherwise hold a query, or a runner, for good; commands take milliseconds, so this is generous.
 */
export const READ_MODEL_COMMAND_TIMEOUT_MS = 1_500;

/**
 * A connection for the read side. A command fails after one reconnection attempt instead of waiting in the
 * offline queue, and after READ_MODEL_COMMAND_TIMEOUT_MS without a reply, so a query answers an error and a
 * runner retries on its own schedule while Redis is down or hung.
 * `onError` hears each distinct connection error once, until the connection is ready again.
 */
export function openReadModelRedis(url: string, onError: (message: string) => void = () => undefined): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, commandTimeout: READ_MODEL_COMMAND_TIMEOUT_MS });
  let last: string | undefined;
  redis.on('error', (error: Error) => {
    if (error.message === last) return;
    last = error.message;
    onError(`redis: ${error.message}`);
  });
  redis.on('ready', () => {
    last = undefined;
  });
  return redis;
}

/** The connection was lost and ioredis is trying again: a command now would only wait or fail. */
export function isRedisConnectionLost(redis: Redis): boolean {
  return redis.status === 'reconnecting' || redis.status === 'close' || redis.status === 'end';
}

// ioredis signals an unreachable server with plain Errors; these are its messages (and the replies of a
// server that is up but cannot serve yet).
const UNREACHABLE_MESSAGES = [/^Command timed out$/, /^Connection is closed\.?$/, /^Stream isn't writeable/, /^Reached the max retries per request limit/];
const NOT_SERVING_REPLIES = /^(LOADING|MASTERDOWN|BUSY|TRYAGAIN) /;
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/** The error says Redis could not be reached or could not serve (not that a command or its data was wrong). */
export function isRedisUnavailableError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name, message, code } = error as { name?: unknown; message?: unknown; code?: unknown };
  if (name === 'MaxRetriesPerRequestError') return true;
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return true;
  if (typeof message !== 'string') return false;
  return UNREACHABLE_MESSAGES.some((pattern) => pattern.test(message)) || NOT_SERVING_REPLIES.test(message);
}

/**
 * Sends a pipeline and returns its replies in order; the first command that failed fails the whole (a partial answer
 * never reads as data). An empty pipeline answers [] without a round trip.
 */
export async function pipelineReplies(pipeline: ChainableCommander): Promise<unknown[]> {
  if (pipeline.length === 0) return [];
  const answers = (await pipeline.exec()) ?? [];
  if (answers.length !== pipeline.length) throw new Error('Redis answered part of the pipeline');
  return answers.map(([error, value]) => {
    if (error) throw error;
    return value;
  });
}

/** HGET of many fields, each in a hash of its own, in one round trip: a projection reads a batch's state at once. */
export async function hgetEach(redis: Redis, lookups: ReadonlyArray<{ key: string; field: string }>): Promise<Array<string | null>> {
  const pipeline = redis.pipeline();
  for (const { key, field } of lookups) pipeline.hget(key, field);
  return (await pipelineReplies(pipeline)) as Array<string | null>;
}
