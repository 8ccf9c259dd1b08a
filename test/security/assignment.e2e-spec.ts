import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { filing, startApiTestApp, USERS, type ApiTestApp } from '../e2e/support/api-test-app';

/** The test users plus an inspector of another department, who must never be assigned a so-tnmt case. */
const OTHER_DEPARTMENT_INSPECTOR = 'xd-inspector';

describe('assigning an inspector checks the assignee against the users directory', () => {
  let api: ApiTestApp;
  let usersDir: string;
  let caseId: string;

  beforeAll(async () => {
    usersDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kntc-assign-users-'));
    const usersFile = path.join(usersDir, 'users.yaml');
    const base = fs.readFileSync(path.join(__dirname, '..', 'e2e', 'support', 'users.yaml'), 'utf8');
    fs.writeFileSync(usersFile, `${base.trimEnd()}\n  - { id: ${OTHER_DEPARTMENT_INSPECTOR}, name: Hoàng Anh Tuấn, role: inspector, department: so-xd }\n`);
    api = await startApiTestApp({ env: { KNTC_USERS_FILE: usersFile } });
    const filed = await api.post('/api/cases', filing('complaint-first'), { as: USERS.intake });
    expect(filed.status).toBe(201);
    caseId = filed.body.caseId;
  });
  afterAll(async () => {
    await api.close();
    fs.rmSync(usersDir, { recursive: true, force: true });
  });

  it.each([
    ['a user id nobody has', 'tnmt-nobody', 'assignee-not-found'],
    ["another department's inspector", OTHER_DEPARTMENT_INSPECTOR, 'assignee-other-department'],
    ['a director', USERS.director, 'assignee-not-inspector'],
    ['the head who assigns', USERS.head, 'assignee-not-inspector'],
  ])('refuses %s with 422 problem+json and appends nothing', async (_what, inspectorId, code) => {
    const before = await api.revisionOf(caseId);
    const answer = await api.command(caseId, 'assign-inspector', { inspectorId }, USERS.head);
    expect(answer.status).toBe(422);
    expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(answer.body).toMatchObject({ code, details: { field: 'inspectorId', inspectorId } });
    expect(await api.revisionOf(caseId)).toBe(before);
    expect((await api.caseOf(caseId, USERS.head)).body).not.toHaveProperty('inspectorId');
  });

  it("assigns an inspector of the case's department", async () => {
    const answer = await api.command(caseId, 'assign-inspector', { inspectorId: USERS.inspector }, USERS.head);
    expect(answer.status).toBe(200);
    expect(answer.body.case).toMatchObject({ inspectorId: USERS.inspector });
    const history = await api.historyOf(caseId, USERS.head);
    expect(history.body.events.filter((e) => e.type === 'InspectorAssigned').map((e) => e.data['inspectorId'])).toEqual([USERS.inspector]);
  });
});
