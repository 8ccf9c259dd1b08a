import type { Party } from '@kntc/domain';
import { ProjectionRunner, readActiveBuild, REPORT_FACTS_PROJECTION, ReportFactsProjection } from '@kntc/read-models';
import { CaseHistoryGenerator } from '../read-models/support/case-history.generator';
import { dumpPrefix, eventually, executeSteps, loadEngineFiles, openTestStore, TestRedis, type TestStore } from '../read-models/support/read-model-fixtures';

jest.setTimeout(60_000);

const SUBJECT = 'Tố cáo ông Lương Văn Kín nhận tiền tại Ban quản lý dự án Hồ Tây';
/** What the generator files as every case's content. */
const CONTENT = 'Nội dung đơn được ghi nhận theo mẫu.';
const DENOUNCER: Party = { role: 'denouncer', name: 'Lương Thị Bí Mật', idNumber: '079188000777', address: 'Số 9 Ngõ Kín', phone: '0912345678', confidential: true };
const ACCUSED: Party = { role: 'accused', name: 'Trịnh Văn Công Khai', confidential: false };

describe('the report-facts projection', () => {
  const files = loadEngineFiles();
  let test: TestRedis;
  let sqlite: TestStore;

  beforeAll(async () => {
    test = new TestRedis();
    sqlite = openTestStore();
    const generator = new CaseHistoryGenerator(files.workflows, files.calendar, { seed: 5, departments: ['so-tnmt'] });
    await executeSteps(sqlite.store, files, [
      ...generator.nextCase({ department: 'so-tnmt', kind: 'denunciation', subject: SUBJECT, parties: [DENOUNCER, ACCUSED] }),
      ...generator.nextCase({ department: 'so-tnmt', kind: 'complaint-first', subject: SUBJECT, parties: [{ ...ACCUSED, role: 'complainant' }] }),
      ...generator.cases(40),
    ]);
    const runner = new ProjectionRunner({ store: sqlite.store, redis: test.redis, keys: test.keys, projection: new ReportFactsProjection(files.workflows), tuning: { batchWindowMs: 5 } });
    runner.start();
    const head = await sqlite.store.headPosition();
    await eventually(async () => (await readActiveBuild(test.redis, test.keys.projection(REPORT_FACTS_PROJECTION)))?.position === head, 'the report facts caught up');
    await runner.stop();
  });

  afterAll(async () => {
    await sqlite?.cleanup();
    await test?.cleanup();
  });

  it('stores no party, subject, content or other free text of a case, confidential or not', async () => {
    // Every key name, field and value as Redis holds them.
    const dump = await dumpPrefix(test.redis, test.keys.root);
    const stored = Object.entries(dump)
      .flatMap(([key, value]) => [key, ...(typeof value === 'object' && value !== null ? Object.entries(value).flat() : [String(value)])])
      .join('\n');
    // The facts are there: the comparison below looks at a filled read model.
    expect(stored).toContain('"receivedOn"');
    expect(stored).toContain('"dueDate"');
    const texts = [DENOUNCER.name, DENOUNCER.idNumber!, DENOUNCER.address!, DENOUNCER.phone!, ACCUSED.name, SUBJECT, CONTENT, 'Nguyễn', 'Trần Văn', 'Khiếu nại', 'Tố cáo'];
    for (const text of texts) {
      for (const form of [text.normalize('NFC'), text.normalize('NFD')]) expect(stored).not.toContain(form);
    }
    for (const field of ['"parties"', '"subject"', '"content"', '"summary"', '"reason"', '"note"', '"caseId"', '"inspectorId"', '"documentNo"', '"basis"']) {
      expect(stored).not.toContain(field);
    }
  });
});
