import { Logger, type ArgumentsHost } from '@nestjs/common';
import type { HttpAdapterHost } from '@nestjs/core';
import { CommandRefused } from '@kntc/domain';
import { StoreUnavailableError } from '@kntc/event-store';
import { ProblemDetailsFilter } from './problem-details.filter';

interface Reply {
  status?: number;
  body?: Record<string, unknown>;
  headers: Record<string, string>;
}

/** Runs the filter on one error and returns what it answered, as the HTTP adapter would send it. */
function answerTo(error: unknown): Reply {
  const reply: Reply = { headers: {} };
  const adapter = {
    isHeadersSent: () => false,
    setHeader: (_response: unknown, name: string, value: string) => {
      reply.headers[name] = value;
    },
    getRequestUrl: () => '/api/cases/5f0c7a52-1d1f-4c8e-9a53-6a1c2b0d9e11/accept?x=1',
    reply: (_response: unknown, body: Record<string, unknown>, status: number) => {
      reply.status = status;
      reply.body = body;
    },
  };
  const host = { switchToHttp: () => ({ getRequest: () => ({}), getResponse: () => ({}) }) } as unknown as ArgumentsHost;
  new ProblemDetailsFilter({ httpAdapter: adapter } as unknown as HttpAdapterHost).catch(error, host);
  return reply;
}

describe('ProblemDetailsFilter: an unexpected error', () => {
  it('answers 500 internal-error without its message or stack, and logs the error itself', () => {
    const log = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const error = new TypeError("Cannot read properties of undefined (reading 'idNumber') at /srv/kntc/libs/x.ts:12");
    const reply = answerTo(error);
    expect(reply.status).toBe(500);
    expect(reply.body).toEqual({
      type: 'urn:kntc:problem:internal-error',
      title: 'Lỗi hệ thống',
      status: 500,
      code: 'internal-error',
      detail: 'Đã xảy ra lỗi ngoài dự kiến; lỗi đã được ghi lại.',
      instance: '/api/cases/5f0c7a52-1d1f-4c8e-9a53-6a1c2b0d9e11/accept',
    });
    expect(JSON.stringify(reply.body)).not.toMatch(/idNumber|srv|TypeError/);
    expect(reply.headers['Content-Type']).toBe('application/problem+json; charset=utf-8');
    expect(log).toHaveBeenCalledWith(error, 'unexpected error');
    log.mockRestore();
  });
});

describe('ProblemDetailsFilter: the store cannot be reached', () => {
  it('answers 503 store-unavailable with Retry-After, without the driver message', () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const reply = answerTo(new StoreUnavailableError('SQLITE_BUSY: database is locked'));
    expect(reply.status).toBe(503);
    expect(reply.body).toMatchObject({ code: 'store-unavailable', status: 503 });
    expect(JSON.stringify(reply.body)).not.toContain('SQLITE_BUSY');
    expect(reply.headers['Retry-After']).toBe('5');
    warn.mockRestore();
  });
});

describe('ProblemDetailsFilter: a refused command', () => {
  it.each([
    ['role-not-allowed', 403],
    ['case-not-found', 404],
    ['command-not-allowed-in-stage', 422],
    ['clock-not-running', 422],
  ] as const)('answers %s with %i, the allowed commands and the details', (code, status) => {
    const reply = answerTo(new CommandRefused(code, 'Không thể thực hiện.', ['AcceptCase'], { stage: 'filed' }));
    expect(reply.status).toBe(status);
    expect(reply.body).toMatchObject({ code, status, detail: 'Không thể thực hiện.', allowedCommands: ['AcceptCase'], details: { stage: 'filed' } });
  });
});
