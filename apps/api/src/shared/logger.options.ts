import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { Options } from 'pino-http';
import pinoPretty from 'pino-pretty';

const CORRELATION_HEADER = 'x-correlation-id';
const CORRELATION_ID = /^[\x21-\x7e]{1,200}$/;
const REQUEST_ID_HEADER = 'x-request-id';
/** A proxy's or client's request id we repeat in logs and answers: short, and nothing a log reader could mistake. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export type LogFormat = 'json' | 'pretty';

/** JSON lines in production (NODE_ENV=production) or with KNTC_LOG_FORMAT=json; readable lines otherwise. */
export function logFormat(env: NodeJS.ProcessEnv = process.env): LogFormat {
  const given = env['KNTC_LOG_FORMAT']?.trim();
  if (given === 'json' || given === 'pretty') return given;
  if (given !== undefined && given !== '') throw new Error(`configuration: KNTC_LOG_FORMAT: must be json or pretty, got "${given}"`);
  return env['NODE_ENV'] === 'production' || env['KNTC_MODE'] === 'production' ? 'json' : 'pretty';
}

/** One line per entry for a terminal: time, level, request id, method and path, message, status, duration. */
function prettyStream(): DestinationStream {
  return pinoPretty({
    colorize: process.stdout.isTTY === true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,context,req,res,responseTime,reqId',
    messageFormat: '{if context}[{context}] {end}{if req.id}{req.id} {req.method} {req.path} {end}{msg}{if res.statusCode} {res.statusCode}{end}{if responseTime} {responseTime} ms{end}',
    singleLine: true,
    // Written at once, in order with what the process prints itself (the first-run set-up link comes last).
    sync: true,
  });
}

/**
 * Request logs carry method, path, status and the request id only: never bodies, query strings, headers
 * (Authorization) or personal data (docs/domain.md, confidentiality). `redact` guards anything else that might be
 * logged with those names. Every line logged while a request runs carries its id (`req.id`): the client's
 * X-Request-Id when well-formed, else its X-Correlation-Id, else a new UUID; the answer repeats it.
 * `destination` (tests) takes JSON lines; without one, stdout in {@link logFormat}.
 */
export function loggerOptions(level: string, destination?: DestinationStream, format: LogFormat = logFormat()): Params {
  const options: Options = {
    level,
    genReqId: (request: IncomingMessage, response: ServerResponse) => {
      const requested = request.headers[REQUEST_ID_HEADER];
      const correlation = request.headers[CORRELATION_HEADER];
      const correlationId = typeof correlation === 'string' && CORRELATION_ID.test(correlation) ? correlation : undefined;
      const id = typeof requested === 'string' && REQUEST_ID.test(requested) ? requested : (correlationId ?? randomUUID());
      response.setHeader('X-Request-Id', id);
      response.setHeader('X-Correlation-Id', correlationId ?? id);
      return id;
    },
    // Our serializers take the request and response themselves: pino-http's wrapping first copies each into a full
    // object (headers, address, query) per request, only for ours to keep three fields of it.
    wrapSerializers: false,
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
  const stream = destination ?? (format === 'pretty' ? prettyStream() : undefined);
  return { pinoHttp: stream ? [options, stream] : options };
}
