import { filing, startApiTestApp, USERS, type ApiTestApp } from './support/api-test-app';

describe('what the API stores and shows of citizens', () => {
  let api: ApiTestApp;

  beforeAll(async () => {
    api = await startApiTestApp();
  });
  afterAll(async () => {
    await api.close();
  });

  describe('a filing typed on a keyboard that sends NFD, with stray spaces', () => {
    const name = 'Nguyễn Thị Ánh';
    const subject = 'Khiếu nại về bồi thường đất ở';
    let caseId: string;
    beforeAll(async () => {
      const body = filing('complaint-first', {
        subject: `  ${subject.normalize('NFD')} `,
        parties: [{ role: 'complainant', name: name.normalize('NFD'), address: ' Phường Hòa Bình '.normalize('NFD'), confidential: false }],
      });
      expect(JSON.stringify(body)).not.toContain(name);
      const filed = await api.post('/api/cases', body, { as: USERS.intake });
      expect(filed.status).toBe(201);
      caseId = filed.body.caseId;
    });

    it('stores every text as trimmed NFC', async () => {
      const history = await api.historyOf(caseId, USERS.head);
      expect(history.body.events[0]!.data).toMatchObject({
        subject: subject.normalize('NFC'),
        parties: [{ name: name.normalize('NFC'), address: 'Phường Hòa Bình'.normalize('NFC') }],
      });
    });

    it('shows the case with the NFC texts', async () => {
      const answer = await api.caseOf(caseId, USERS.head);
      expect(answer.body.subject).toBe(subject.normalize('NFC'));
      expect(answer.body.parties[0]!.name).toBe(name.normalize('NFC'));
    });
  });

  describe("a denunciation, whose denouncer's identity is secret", () => {
    const denouncer = { role: 'denouncer', name: 'Phan Văn Khải', idNumber: '079085001234', phone: '0903123456', address: 'Số 5 Trần Phú', confidential: false };
    const accused = { role: 'accused', name: 'Trương Văn Bình', confidential: false };
    let caseId: string;
    beforeAll(async () => {
      const filed = await api.post('/api/cases', filing('denunciation', { parties: [denouncer, accused] }), { as: USERS.intake });
      expect(filed.status).toBe(201);
      caseId = filed.body.caseId;
      expect((await api.command(caseId, 'assign-inspector', { inspectorId: USERS.inspector }, USERS.head)).status).toBe(200);
    });

    it("hides the denouncer's name, ID number and contacts from the inspector's view of the case", async () => {
      const answer = await api.caseOf(caseId, USERS.inspector);
      expect(answer.status).toBe(200);
      expect(answer.body.parties).toEqual([{ role: 'denouncer', name: '[Đã ẩn danh tính]', confidential: true }, accused]);
      for (const secret of [denouncer.name, denouncer.idNumber, denouncer.phone, denouncer.address]) expect(answer.text).not.toContain(secret);
    });

    it("hides them from the inspector's history of the case", async () => {
      const answer = await api.historyOf(caseId, USERS.inspector);
      expect(answer.status).toBe(200);
      expect(answer.body.events[0]!.data['parties']).toEqual([{ role: 'denouncer', name: '[Đã ẩn danh tính]', confidential: true }, accused]);
      for (const secret of [denouncer.name, denouncer.idNumber, denouncer.phone, denouncer.address]) expect(answer.text).not.toContain(secret);
    });

    it("hides them from the case shown in the answer to the inspector's command", async () => {
      expect((await api.command(caseId, 'accept', {}, USERS.head)).status).toBe(200);
      const answer = await api.command(caseId, 'start-verification', {}, USERS.inspector);
      expect(answer.status).toBe(200);
      expect(answer.body.case.parties[0]).toEqual({ role: 'denouncer', name: '[Đã ẩn danh tính]', confidential: true });
      for (const secret of [denouncer.name, denouncer.idNumber, denouncer.phone, denouncer.address]) expect(answer.text).not.toContain(secret);
    });

    it('hides them from the head too until the head asks, with a reason, to see them', async () => {
      const view = await api.caseOf(caseId, USERS.head);
      expect(view.body.parties).toEqual([{ role: 'denouncer', name: '[Đã ẩn danh tính]', confidential: true }, accused]);
      expect(view.body.identityStatus).toBe('sealed');
      const history = await api.historyOf(caseId, USERS.head);
      for (const secret of [denouncer.name, denouncer.idNumber, denouncer.phone, denouncer.address]) expect(history.text).not.toContain(secret);
    });

    it('shows them to the head, marked confidential, when asked with a reason', async () => {
      const view = await api.post(`/api/cases/${caseId}/identity-reveal`, { reason: 'Xác minh nhân thân người tố cáo' }, { as: USERS.head });
      expect(view.status).toBe(200);
      const body = view.body as unknown as { parties: unknown[]; identityStatus: string };
      expect(body.parties).toEqual([{ ...denouncer, confidential: true }, accused]);
      expect(body.identityStatus).toBe('revealed');
    });

    it('refuses a reveal asked in the address: the reason must not travel in a URL', async () => {
      const answer = await api.get(`/api/cases/${caseId}?reveal=true&reason=${encodeURIComponent('Xác minh nhân thân')}`, { as: USERS.head });
      expect({ status: answer.status, code: answer.body.code }).toEqual({ status: 400, code: 'reveal-by-post' });
    });
  });
});
