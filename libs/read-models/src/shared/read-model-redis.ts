import { Redis } from 'ioredis';

/**
 * A connection for the read side. A command fails after one reconnection attempt instead of waiting in the
 * offline queue, so a query answers an error and a runner retries on its own schedule while Redis is down.
 * `onError` hears each distinct connection error once, until the connection is ready again.
 */
export function openReadModelRedis(url: string, onError: (message: string) => void = () => undefined): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
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
