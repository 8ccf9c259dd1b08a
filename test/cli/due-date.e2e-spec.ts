import * as fs from 'node:fs';
import { CLI_TEST_TIMEOUT_MS, assertBuilt, runKntc, tempDataDir, type CliResult } from './kntc-cli';

// Every expected date below is counted by hand from the official schedules of the government notices for 2025 and 2026 (docs/domain.md, "Working-day calendar")
// (workflows/calendars/2025.yaml, 2026.yaml) and the Civil Code rules of docs/domain.md: the start day is not
// counted, working days skip weekends and days off, a calendar-day period ending on a day off rolls forward.

// Each test starts the CLI in a new Node process (about 1 s of CPU), several at once on a 2-core machine.
jest.setTimeout(CLI_TEST_TIMEOUT_MS);

const dataDir = tempDataDir();
beforeAll(assertBuilt);
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

interface Answer {
  workflow: string;
  clock: string;
  from: string;
  dueDate: string;
  dueAt: string;
  provisional: boolean;
  rolledForward: boolean;
  unit: string;
  length: number;
  variant: string;
  rule: { id: string; citation: string; validFrom: string; validTo: string | null };
}

async function dueDate(args: string[], env: Record<string, string> = {}): Promise<Answer> {
  const result = await runKntc(['due-date', ...args], dataDir, env);
  expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
  return JSON.parse(result.stdout) as Answer;
}

describe('kntc due-date for a complaint acceptance clock (working days from receipt)', () => {
  it.concurrent('skips Tết Bính Ngọ: received Tue 10/02/2026, 10 working days end Tue 03/03/2026', async () => {
    // 11,12,13/02 = 3; Sat 14 – Sun 22/02 off (Tết 16–20/02); 23–27/02 = 8; Mon 02/03 = 9; Tue 03/03 = 10.
    const answer = await dueDate(['--workflow', 'complaint-first', '--clock', 'acceptance', '--received', '2026-02-10']);
    expect(answer).toEqual({
      workflow: 'complaint-first',
      clock: 'acceptance',
      from: '2026-02-10',
      dueDate: '2026-03-03',
      dueAt: '2026-03-03T16:59:59.999Z',
      provisional: false,
      rolledForward: false,
      unit: 'working-days',
      length: 10,
      variant: 'default',
      rule: expect.objectContaining({ id: 'KN.ACCEPT.10WD', validFrom: '2012-07-01', validTo: '2026-06-30' }),
    });
    expect(answer.rule.citation).toContain('Luật Khiếu nại 2011');
  });

  it.concurrent('takes the 7-working-day rule for a đơn received on 01/07/2026: due Fri 10/07/2026', async () => {
    // NĐ 155/2026 from 01/07/2026: Thu 02, Fri 03, Mon 06 … Fri 10/07 = 7 working days, no day off between.
    const answer = await dueDate(['--workflow', 'complaint-first', '--clock', 'acceptance', '--received', '2026-07-01']);
    expect(answer).toMatchObject({ dueDate: '2026-07-10', length: 7, rule: { id: 'KN.ACCEPT.7WD', validFrom: '2026-07-01', validTo: null } });
  });

  it.concurrent('keeps the 10-working-day rule for a đơn received on 30/06/2026: due Tue 14/07/2026', async () => {
    // The rule in force on the day of receipt: 01–03/07 = 3, 06–10/07 = 8, Mon 13 = 9, Tue 14/07 = 10.
    const answer = await dueDate(['--workflow', 'complaint-second', '--clock', 'acceptance', '--from', '2026-06-30']);
    expect(answer).toMatchObject({ dueDate: '2026-07-14', length: 10, rule: { id: 'KN.ACCEPT.10WD' } });
  });

  it.concurrent('counts the make-up Saturday 10/01/2026 as a working day: received Wed 31/12/2025, due Thu 15/01/2026', async () => {
    // 01/01 holiday, 02/01 swapped off; 05–09/01 = 5, Sat 10/01 làm bù = 6, 12–15/01 = 10.
    const answer = await dueDate(['--workflow', 'complaint-first', '--clock', 'acceptance', '--received', '2025-12-31']);
    expect(answer).toMatchObject({ dueDate: '2026-01-15', provisional: false });
  });

  it.concurrent('skips the make-up Saturday when KNTC_MAKE_UP_SATURDAYS_ARE_WORKING_DAYS=false: due Fri 16/01/2026', async () => {
    // As above without Sat 10/01: 05–09/01 = 5, 12–16/01 = 10.
    const answer = await dueDate(['--workflow', 'complaint-first', '--clock', 'acceptance', '--received', '2025-12-31'], {
      KNTC_MAKE_UP_SATURDAYS_ARE_WORKING_DAYS: 'false',
    });
    expect(answer.dueDate).toBe('2026-01-16');
  });
});

describe('kntc due-date for a complaint resolution clock (calendar days from acceptance, rolled off days off)', () => {
  it.concurrent('first instance, 30 days from Tue 20/01/2026: Thu 19/02 is Tết, so due Mon 23/02/2026', async () => {
    // 20/01 + 30 days = Thu 19/02 (Tết holiday); Fri 20/02 holiday, 21–22/02 weekend → Mon 23/02.
    const answer = await dueDate(['--workflow', 'complaint-first', '--clock', 'resolution', '--from', '2026-01-20']);
    expect(answer).toMatchObject({
      dueDate: '2026-02-23',
      rolledForward: true,
      unit: 'calendar-days',
      length: 30,
      variant: 'default',
      rule: { id: 'KN.RESOLVE.1' },
    });
  });

  it.concurrent('first instance, complex, 45 days from Mon 16/03/2026: 30/04 and 01/05 are off, so due Mon 04/05/2026', async () => {
    // 16/03 + 45 days = Thu 30/04 (holiday); Fri 01/05 holiday, 02–03/05 weekend → Mon 04/05.
    const answer = await dueDate(['--workflow', 'complaint-first', '--clock', 'resolution', '--from', '2026-03-16', '--complex']);
    expect(answer).toMatchObject({ dueDate: '2026-05-04', rolledForward: true, length: 45, variant: 'complex' });
  });

  it.concurrent('first instance, remote area, 45 days from Mon 16/03/2026: due Mon 04/05/2026', async () => {
    // Same 45 days as a complex case (Luật Khiếu nại art. 28): Thu 30/04 rolls to Mon 04/05.
    const answer = await dueDate(['--workflow', 'complaint-first', '--clock', 'resolution', '--from', '2026-03-16', '--remote-area']);
    expect(answer).toMatchObject({ dueDate: '2026-05-04', length: 45, variant: 'remoteArea' });
  });

  it.concurrent('first instance, complex and remote, 60 days from Fri 03/07/2026: due Thu 03/09/2026 after Quốc khánh', async () => {
    // 03/07 + 60 days = Tue 01/09 (Quốc khánh); Wed 02/09 holiday → Thu 03/09.
    const answer = await dueDate(['--workflow', 'complaint-first', '--clock', 'resolution', '--from', '2026-07-03', '--complex', '--remote-area']);
    expect(answer).toMatchObject({ dueDate: '2026-09-03', rolledForward: true, length: 60, variant: 'complexRemoteArea' });
  });

  it.concurrent('second instance, 45 days from Fri 17/07/2026: Mon 31/08 is swapped off, so due Thu 03/09/2026', async () => {
    // 17/07 + 45 days = Mon 31/08 (swap-off for Sat 22/08); 01–02/09 Quốc khánh → Thu 03/09.
    const answer = await dueDate(['--workflow', 'complaint-second', '--clock', 'resolution', '--from', '2026-07-17']);
    expect(answer).toMatchObject({ dueDate: '2026-09-03', rolledForward: true, length: 45, rule: { id: 'KN.RESOLVE.2' } });
  });

  it.concurrent('second instance, complex and remote, 70 days from Mon 01/06/2026: due Mon 10/08/2026, a working day', async () => {
    // 01/06 + 70 days = Mon 10/08: a working day, nothing to roll.
    const answer = await dueDate(['--workflow', 'complaint-second', '--clock', 'resolution', '--from', '2026-06-01', '--complex', '--remote-area']);
    expect(answer).toMatchObject({ dueDate: '2026-08-10', rolledForward: false, length: 70, variant: 'complexRemoteArea' });
  });
});

describe('kntc due-date for a decision-sending clock', () => {
  it.concurrent('first instance, 3 working days from Wed 29/04/2026: due Wed 06/05/2026', async () => {
    // 30/04 and 01/05 holidays, 02–03/05 weekend; Mon 04 = 1, Tue 05 = 2, Wed 06/05 = 3.
    const answer = await dueDate(['--workflow', 'complaint-first', '--clock', 'decision-sending', '--from', '2026-04-29']);
    expect(answer).toMatchObject({ dueDate: '2026-05-06', unit: 'working-days', length: 3, rule: { id: 'KN.SEND.1' } });
  });

  it.concurrent('second instance, 7 days from Mon 09/02/2026: Mon 16/02 is Tết, so due Mon 23/02/2026', async () => {
    // 09/02 + 7 days = Mon 16/02 (Tết); 17–20/02 holidays, 21–22/02 weekend → Mon 23/02.
    const answer = await dueDate(['--workflow', 'complaint-second', '--clock', 'decision-sending', '--from', '2026-02-09']);
    expect(answer).toMatchObject({ dueDate: '2026-02-23', unit: 'calendar-days', rolledForward: true, length: 7, rule: { id: 'KN.SEND.2' } });
  });
});

describe('kntc due-date for a denunciation', () => {
  it.concurrent('screening, 7 working days from Thu 24/04/2025 over 30/4–1/5: due Wed 07/05/2025', async () => {
    // Fri 25/04 = 1, Sat 26/04 làm bù = 2, Mon 28 = 3, Tue 29 = 4; 30/04–04/05 off (02/05 swapped); 05, 06, 07/05 = 7.
    const answer = await dueDate(['--workflow', 'denunciation', '--clock', 'screening', '--received', '2025-04-24']);
    expect(answer).toMatchObject({ dueDate: '2025-05-07', unit: 'working-days', length: 7, rule: { id: 'TC.SCREEN' } });
  });

  it.concurrent('resolution, 30 days from Fri 01/08/2025: Sun 31/08 rolls past Quốc khánh to Wed 03/09/2025', async () => {
    // 01/08 + 30 days = Sun 31/08; Mon 01/09 and Tue 02/09 Quốc khánh → Wed 03/09.
    const answer = await dueDate(['--workflow', 'denunciation', '--clock', 'resolution', '--from', '2025-08-01']);
    expect(answer).toMatchObject({ dueDate: '2025-09-03', rolledForward: true, length: 30, rule: { id: 'TC.RESOLVE' } });
  });

  it.concurrent('resolution of a complex case still starts at 30 days: extensions are decisions recorded later', async () => {
    // Luật Tố cáo art. 30: +30 days per extension decision, not a longer base period; 01/08 + 30 → Wed 03/09/2025.
    const answer = await dueDate(['--workflow', 'denunciation', '--clock', 'resolution', '--from', '2025-08-01', '--complex']);
    expect(answer).toMatchObject({ dueDate: '2025-09-03', length: 30, variant: 'default' });
  });
});

describe('kntc due-date for a petition reply clock', () => {
  it.concurrent('10 working days from Mon 20/01/2025 over Tết Ất Tỵ: due Mon 10/02/2025', async () => {
    // 21–24/01 = 4; 25/01–02/02 off (Tết 27–31/01); 03–07/02 = 9; Mon 10/02 = 10.
    const answer = await dueDate(['--workflow', 'petition', '--clock', 'reply', '--received', '2025-01-20']);
    expect(answer).toMatchObject({ dueDate: '2025-02-10', provisional: false, length: 10, rule: { id: 'TCD.NOTIFY' } });
  });

  it.concurrent('into 2027, which has no official schedule: due Tue 12/01/2027, marked provisional', async () => {
    // 29–31/12/2026 = 3; Fri 01/01/2027 statutory New Year; 04–08/01 = 8; Mon 11 = 9, Tue 12/01/2027 = 10.
    const answer = await dueDate(['--workflow', 'petition', '--clock', 'reply', '--received', '2026-12-28']);
    expect(answer).toMatchObject({ dueDate: '2027-01-12', provisional: true });
  });
});

describe('kntc due-date in a year without an official schedule', () => {
  it.concurrent('marks a 2027 acceptance due date provisional: received Mon 01/03/2027, due Wed 10/03/2027', async () => {
    // 7-working-day rule; no statutory day off in early March: 02–05/03 = 4, 08–10/03 = 7.
    const answer = await dueDate(['--workflow', 'complaint-first', '--clock', 'acceptance', '--received', '2027-03-01']);
    expect(answer).toMatchObject({ dueDate: '2027-03-10', provisional: true, rule: { id: 'KN.ACCEPT.7WD' } });
  });

  it.concurrent('marks a resolution period ending in 2027 provisional: 30 days from Tue 15/12/2026, due Thu 14/01/2027', async () => {
    // 15/12/2026 + 30 days = Thu 14/01/2027, a working day; the period runs into 2027.
    const answer = await dueDate(['--workflow', 'complaint-first', '--clock', 'resolution', '--from', '2026-12-15']);
    expect(answer).toMatchObject({ dueDate: '2027-01-14', provisional: true, rolledForward: false });
  });
});

describe('kntc due-date with input it cannot use', () => {
  const refused = (result: CliResult) => {
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    return result.stderr;
  };

  it.concurrent('refuses a date that does not exist (30/02/2026) with exit code 2', async () => {
    const stderr = refused(await runKntc(['due-date', '--workflow', 'complaint-first', '--clock', 'acceptance', '--from', '2026-02-30'], dataDir));
    expect(stderr).toContain('2026-02-30');
  });

  it.concurrent('refuses an unknown workflow and lists the known ones', async () => {
    const stderr = refused(await runKntc(['due-date', '--workflow', 'complaint-third', '--clock', 'acceptance', '--from', '2026-03-02'], dataDir));
    expect(stderr).toMatch(/complaint-third.*complaint-first/s);
  });

  it.concurrent("refuses a clock the workflow does not have and lists the workflow's clocks", async () => {
    const stderr = refused(await runKntc(['due-date', '--workflow', 'petition', '--clock', 'resolution', '--from', '2026-03-02'], dataDir));
    expect(stderr).toContain('reply');
  });

  it.concurrent('refuses a missing required option', async () => {
    refused(await runKntc(['due-date', '--workflow', 'petition'], dataDir));
  });
});
