import { formatDate } from '../shared/format';

/** An official reporting period (TT 01/2024/TT-TTCP): every period of year Y runs from the 15th to the 14th, Q1/6M/9M/year from 15/12 of Y-1. */
export interface ReportPeriodOption {
  value: string;
  label: string;
  from: string;
  to: string;
}

const PARTS: Array<{ suffix: string; name: string; from: (y: number) => string; to: (y: number) => string }> = [
  { suffix: 'Q1', name: 'Quý I', from: (y) => `${y - 1}-12-15`, to: (y) => `${y}-03-14` },
  { suffix: 'Q2', name: 'Quý II', from: (y) => `${y}-03-15`, to: (y) => `${y}-06-14` },
  { suffix: 'Q3', name: 'Quý III', from: (y) => `${y}-06-15`, to: (y) => `${y}-09-14` },
  { suffix: 'Q4', name: 'Quý IV', from: (y) => `${y}-09-15`, to: (y) => `${y}-12-14` },
  { suffix: '6M', name: '6 tháng', from: (y) => `${y - 1}-12-15`, to: (y) => `${y}-06-14` },
  { suffix: '9M', name: '9 tháng', from: (y) => `${y - 1}-12-15`, to: (y) => `${y}-09-14` },
  { suffix: 'year', name: 'Năm', from: (y) => `${y - 1}-12-15`, to: (y) => `${y}-12-14` },
];

/** The report year a day belongs to: from 15/12 on, the next one. */
export function reportYearOf(today: string): number {
  const year = Number(today.slice(0, 4));
  return today.slice(5) >= '12-15' ? year + 1 : year;
}

/** The periods of the report year of `today` and of the year before, that have started by `today`, latest first. */
export function reportPeriodOptions(today: string): ReportPeriodOption[] {
  const year = reportYearOf(today);
  const options: ReportPeriodOption[] = [];
  for (const y of [year, year - 1]) {
    for (const part of PARTS) {
      const from = part.from(y);
      const to = part.to(y);
      if (from > today) continue;
      options.push({ value: `${y}-${part.suffix}`, label: `${part.name} ${y} (${formatDate(from)} – ${formatDate(to)})`, from, to });
    }
  }
  return options;
}

/** The quarter that contains `today`: the report the page opens with. */
export function currentQuarter(today: string): string {
  const year = reportYearOf(today);
  return reportPeriodOptions(today).find((o) => o.value.startsWith(`${year}-Q`) && o.from <= today && today <= o.to)?.value ?? `${year}-Q1`;
}
