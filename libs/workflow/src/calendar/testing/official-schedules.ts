import type { CalendarSchedule } from '../calendar-schedule';

/** workflows/calendars/2025.yaml and 2026.yaml as data, for pure tests; the loader int-spec checks they match. */
export const OFFICIAL_SCHEDULE_2025: CalendarSchedule = {
  year: 2025,
  source: ['CV 8726/VPCP-KGVX (26/11/2024)', 'TB 6150/TB-BLĐTBXH', 'BLLĐ 2019 art. 112(1)'],
  days: [
    { date: '2025-01-01', kind: 'holiday', name: 'Tết Dương lịch', source: 'BLLĐ 2019 art. 112(1)(a)' },
    { date: '2025-01-27', kind: 'holiday', name: 'Tết Nguyên đán', source: 'CV 8726/VPCP-KGVX (26/11/2024)' },
    { date: '2025-01-28', kind: 'holiday', name: 'Tết Nguyên đán', source: 'CV 8726/VPCP-KGVX (26/11/2024)' },
    { date: '2025-01-29', kind: 'holiday', name: 'Tết Nguyên đán', source: 'CV 8726/VPCP-KGVX (26/11/2024)' },
    { date: '2025-01-30', kind: 'holiday', name: 'Tết Nguyên đán', source: 'CV 8726/VPCP-KGVX (26/11/2024)' },
    { date: '2025-01-31', kind: 'holiday', name: 'Tết Nguyên đán', source: 'CV 8726/VPCP-KGVX (26/11/2024)' },
    { date: '2025-04-07', kind: 'holiday', name: 'Giỗ Tổ Hùng Vương', source: 'BLLĐ 2019 art. 112(1)(e)' },
    { date: '2025-04-26', kind: 'make-up-workday', name: 'Làm bù cho ngày nghỉ 02/05', source: 'TB 6150/TB-BLĐTBXH' },
    { date: '2025-04-30', kind: 'holiday', name: 'Ngày Chiến thắng', source: 'TB 6150/TB-BLĐTBXH' },
    { date: '2025-05-01', kind: 'holiday', name: 'Ngày Quốc tế Lao động', source: 'TB 6150/TB-BLĐTBXH' },
    { date: '2025-05-02', kind: 'swap-off', name: 'Nghỉ hoán đổi (làm bù Thứ Bảy 26/04)', source: 'TB 6150/TB-BLĐTBXH' },
    { date: '2025-09-01', kind: 'holiday', name: 'Quốc khánh', source: 'TB 6150/TB-BLĐTBXH' },
    { date: '2025-09-02', kind: 'holiday', name: 'Quốc khánh', source: 'TB 6150/TB-BLĐTBXH' },
  ],
};

export const OFFICIAL_SCHEDULE_2026: CalendarSchedule = {
  year: 2026,
  source: [
    'CV 12729/VPCP-KGVX (25/12/2025)',
    "VPCP letter of 13/10/2025 conveying the PM's approval (number not captured)",
    'BLLĐ 2019 art. 111(3), 112(1)',
  ],
  days: [
    { date: '2026-01-01', kind: 'holiday', name: 'Tết Dương lịch', source: 'CV 12729/VPCP-KGVX (25/12/2025)' },
    { date: '2026-01-02', kind: 'swap-off', name: 'Nghỉ hoán đổi (làm bù Thứ Bảy 10/01)', source: 'CV 12729/VPCP-KGVX (25/12/2025)' },
    { date: '2026-01-10', kind: 'make-up-workday', name: 'Làm bù cho ngày nghỉ 02/01', source: 'CV 12729/VPCP-KGVX (25/12/2025)' },
    { date: '2026-02-16', kind: 'holiday', name: 'Tết Nguyên đán', source: 'VPCP letter of 13/10/2025' },
    { date: '2026-02-17', kind: 'holiday', name: 'Tết Nguyên đán', source: 'VPCP letter of 13/10/2025' },
    { date: '2026-02-18', kind: 'holiday', name: 'Tết Nguyên đán', source: 'VPCP letter of 13/10/2025' },
    { date: '2026-02-19', kind: 'holiday', name: 'Tết Nguyên đán', source: 'VPCP letter of 13/10/2025' },
    { date: '2026-02-20', kind: 'holiday', name: 'Tết Nguyên đán', source: 'VPCP letter of 13/10/2025' },
    { date: '2026-04-26', kind: 'holiday', name: 'Giỗ Tổ Hùng Vương', source: 'BLLĐ 2019 art. 112(1)(e)' },
    { date: '2026-04-27', kind: 'compensatory', name: 'Nghỉ bù Giỗ Tổ Hùng Vương', source: 'BLLĐ 2019 art. 111(3)' },
    { date: '2026-04-30', kind: 'holiday', name: 'Ngày Chiến thắng', source: 'BLLĐ 2019 art. 112(1)(c)' },
    { date: '2026-05-01', kind: 'holiday', name: 'Ngày Quốc tế Lao động', source: 'BLLĐ 2019 art. 112(1)(d)' },
    { date: '2026-08-22', kind: 'make-up-workday', name: 'Làm bù cho ngày nghỉ 31/08', source: 'VPCP letter of 13/10/2025' },
    { date: '2026-08-31', kind: 'swap-off', name: 'Nghỉ hoán đổi (làm bù Thứ Bảy 22/08)', source: 'VPCP letter of 13/10/2025' },
    { date: '2026-09-01', kind: 'holiday', name: 'Quốc khánh', source: 'VPCP letter of 13/10/2025' },
    { date: '2026-09-02', kind: 'holiday', name: 'Quốc khánh', source: 'VPCP letter of 13/10/2025' },
  ],
};
