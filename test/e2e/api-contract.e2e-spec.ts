import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { filing, startApiTestApp, USERS, type ApiTestApp } from './support/api-test-app';
import { OPENAPI_FILE, OpenApiContract } from './support/openapi-contract';

interface Response {
  content?: Record<string, { schema?: { $ref?: string; allOf?: Array<{ $ref?: string; properties?: { code?: { enum?: string[] } } }> } }>;
}
interface Document {
  paths: Record<string, Record<string, { responses: Record<string, Response> }>>;
}

const ROOT = path.join(__dirname, '..', '..');

describe('the API contract files', () => {
  it('are current: answer schemas, docs/openapi.json and the web types are what npm run build:api-types makes of the code', () => {
    const check = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'generate-api-types.js'), '--check'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  }, 150_000);

  it('declare every success answer with a schema and every problem answer with its code enum', () => {
    const document = JSON.parse(fs.readFileSync(OPENAPI_FILE, 'utf8')) as Document;
    const gaps: string[] = [];
    for (const [route, operations] of Object.entries(document.paths)) {
      for (const [method, { responses }] of Object.entries(operations)) {
        const where = `${method.toUpperCase()} ${route}`;
        const success = Object.entries(responses).filter(([status]) => status.startsWith('2'));
        if (success.length === 0) gaps.push(`${where}: no success answer`);
        for (const [status, response] of success) {
          // A download (a spreadsheet) declares its media type only.
          const json = response.content?.['application/json'];
          const described = json ? json.schema?.$ref !== undefined : status === '204' || Object.keys(response.content ?? {}).length > 0;
          if (!described) gaps.push(`${where} ${status}: no answer schema`);
        }
        for (const [status, response] of Object.entries(responses).filter(([code]) => !code.startsWith('2'))) {
          const problem = response.content?.['application/problem+json']?.schema?.allOf;
          if (problem?.[0]?.$ref !== '#/components/schemas/ProblemDetails' || !(problem[1]?.properties?.code?.enum?.length ?? 0)) gaps.push(`${where} ${status}: no problem codes`);
        }
      }
    }
    expect(gaps).toEqual([]);
  });
});

describe('an answer checked against the OpenAPI document', () => {
  let api: ApiTestApp;
  const contract = OpenApiContract.load();

  beforeAll(async () => {
    api = await startApiTestApp();
  }, 30_000);
  afterAll(async () => {
    await api.close();
  });

  it('keeps it as the API gives it', async () => {
    const filed = await api.post('/api/cases', filing('complaint-first'), { as: USERS.intake });
    expect(filed.status).toBe(201);
    const read = await api.caseOf(filed.body.caseId, USERS.intake);
    expect(contract.check('GET', `/api/cases/${filed.body.caseId}`, read.status, read.headers.get('content-type'), read.text)).toEqual([]);
  });

  it('breaks it with a field the type does not have, a status not declared, or a code not listed', async () => {
    const filed = await api.post('/api/cases', filing('complaint-first'), { as: USERS.intake });
    const read = await api.caseOf(filed.body.caseId, USERS.intake);
    const url = `/api/cases/${filed.body.caseId}`;
    const extra = JSON.stringify({ ...read.body, internalNote: 'x' });
    expect(contract.check('GET', url, 200, 'application/json', extra)).toEqual([expect.stringContaining('must NOT have additional properties')]);
    expect(contract.check('GET', url, 418, 'application/json', read.text)).toEqual([expect.stringContaining('status not declared')]);
    const missing = await api.get(`/api/cases/${randomUUID()}`, { as: USERS.intake, contract: false });
    const renamed = JSON.stringify({ ...(missing.body as object), code: 'no-such-case' });
    expect(contract.check('GET', url, missing.status, missing.headers.get('content-type'), renamed)).toEqual([expect.stringContaining('code "no-such-case" is not one of case-not-found')]);
  });
});
