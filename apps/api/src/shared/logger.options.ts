import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { Options } from 'pino-http';

const CORRELATION_HEADER = 'x-correlation-id';
const CORRELATION_ID = /^[\x21-\x7e]{1,200}$/;

/**
 * Request logs carry method, path, status and the correlation id only: never bodies, query strings,
 * headers (Authorization) or personal data (DOMAIN.md, confidentiality). `redact` guards anything else
 * that might be logged with those names.
 */
export function loggerOptions(level: string, destination?: DestinationStream): Params {
  const options: Options = {
    level,
    genReqId: (request: IncomingMessage, response: ServerResponse) => {
      const given = request.headers[CORRELATION_HEADER];
      const id = typeof given === 'string' && CORRELATION_ID.test(given) ? given : randomUUID();
      response.setHeader('X-Correlation-Id', id);
      return id;
    },
    serializers: {
      req: (request: { id?: unknown; method?: string; url?: string }) => ({
        id: request.id,
        method: request.method,
        path: request.url?.split('?')[0],
      }),
      res: (response: { statusCode?: number }) => ({ statusCode: response.statusCode }),
    },
    customLogLevel: (_request, response, error) => (error || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'info'),
    redact: {
      paths: [
        'req.headers',
        'req.body',
        'req.query',
        'res.headers',
        'headers',
        'body',
        'authorization',
        '*.authorization',
        '*.parties',
        '*.name',
        '*.idNumber',
        '*.address',
        '*.phone',
        '*.email',
        '*.content',
        'token',
        '*.token',
        'password',
        '*.password',
        '*.passwordHash',
        '*.sealedIdentity',
        '*.accessToken',
        '*.reason',
      ],
      censor: '[redacted]',
    },
  };
  return { pinoHttp: destination ? [options, destination] : options };
}
