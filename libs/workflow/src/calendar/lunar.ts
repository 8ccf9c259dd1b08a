import { addDays, daysBetween, localDateOf, yearOf, type LocalDate } from './local-date';

/**
 * The Vietnamese lunisolar calendar (âm lịch), by Hồ Ngọc Đức's astronomical algorithm: months begin on the
 * day of the new moon and the winter solstice falls in month 11, both reckoned at UTC+7. Vietnam has used
 * UTC+7 since 1968 while China uses UTC+8, so the two calendars differ in some years (Tết 1985, 2007).
 * New moons and solar longitudes are the low-precision series from Meeus, "Astronomical Algorithms";
 * they are accurate enough for civil dates between 1800 and 2199.
 */
export interface LunarDate {
  year: number;
  /** 1–12; a leap month repeats the number of the month before it. */
  month: number;
  /** 1–30. */
  day: number;
  leap: boolean;
}

export const LUNAR_MIN_YEAR = 1800;
export const LUNAR_MAX_YEAR = 2199;

const TIME_ZONE_HOURS = 7;
const SYNODIC_MONTH = 29.530588853;
/** Julian day of the new moon of 1900-01-01 (k = 0 in the series below). */
const NEW_MOON_EPOCH = 2415021.076998695;
/** Julian day number of 1970-01-01. */
const UNIX_EPOCH_JDN = 2440588;
const RAD = Math.PI / 180;

function jdnOf(date: LocalDate): number {
  return UNIX_EPOCH_JDN + daysBetween('1970-01-01', date);
}

function dateOfJdn(jdn: number): LocalDate {
  return addDays('1970-01-01', jdn - UNIX_EPOCH_JDN);
}

/** Julian day (UT) of the k-th new moon after 1900-01-01 (Meeus, ch. 49, truncated series). */
function newMoon(k: number): number {
  const t = k / 1236.85;
  const t2 = t * t;
  const t3 = t2 * t;
  let jd = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3;
  jd += 0.00033 * Math.sin((166.56 + 132.87 * t - 0.009173 * t2) * RAD);
  const m = 359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3;
  const mpr = 306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3;
  const f = 21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3;
  let c1 = (0.1734 - 0.000393 * t) * Math.sin(m * RAD) + 0.0021 * Math.sin(2 * RAD * m);
  c1 += -0.4068 * Math.sin(mpr * RAD) + 0.0161 * Math.sin(RAD * 2 * mpr);
  c1 += -0.0004 * Math.sin(RAD * 3 * mpr);
  c1 += 0.0104 * Math.sin(RAD * 2 * f) - 0.0051 * Math.sin(RAD * (m + mpr));
  c1 += -0.0074 * Math.sin(RAD * (m - mpr)) + 0.0004 * Math.sin(RAD * (2 * f + m));
  c1 += -0.0004 * Math.sin(RAD * (2 * f - m)) - 0.0006 * Math.sin(RAD * (2 * f + mpr));
  c1 += 0.001 * Math.sin(RAD * (2 * f - mpr)) + 0.0005 * Math.sin(RAD * (2 * mpr + m));
  const deltaT =
    t < -11
      ? 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
      : -0.000278 + 0.000265 * t + 0.000262 * t2;
  return jd + c1 - deltaT;
}

/** The Sun's apparent longitude in radians, in [0, 2π), at Julian day `jd` (Meeus, ch. 25, low precision). */
function sunLongitude(jd: number): number {
  const t = (jd - 2451545.0) / 36525;
  const t2 = t * t;
  const m = 357.5291 + 35999.0503 * t - 0.0001559 * t2 - 0.00000048 * t * t2;
  const l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
  let dl = (1.9146 - 0.004817 * t - 0.000014 * t2) * Math.sin(RAD * m);
  dl += (0.019993 - 0.000101 * t) * Math.sin(RAD * 2 * m) + 0.00029 * Math.sin(RAD * 3 * m);
  const l = (l0 + dl) * RAD;
  return l - 2 * Math.PI * Math.floor(l / (2 * Math.PI));
}

/** The day (JDN) on which the k-th new moon falls, in Vietnamese local time. */
function newMoonDay(k: number): number {
  return Math.floor(newMoon(k) + 0.5 + TIME_ZONE_HOURS / 24);
}

/** Which 30° sector (0–11) of the ecliptic the Sun is in at the start of the local day `jdn`. */
function sunSector(jdn: number): number {
  return Math.floor((sunLongitude(jdn - 0.5 - TIME_ZONE_HOURS / 24) / Math.PI) * 6);
}

/** First day (JDN) of lunar month 11 of the lunar year that ends in solar year `year`: the month holding the winter solstice. */
function month11Start(year: number): number {
  const off = jdnOf(localDateOf(year, 12, 31)) - 2415021;
  const k = Math.floor(off / SYNODIC_MONTH);
  const nm = newMoonDay(k);
  // Sector 9 starts at 270°, the winter solstice: if it is already past, month 11 began one new moon earlier.
  return sunSector(nm) >= 9 ? newMoonDay(k - 1) : nm;
}

/**
 * In a lunar year of 13 months (between two months 11), the leap month is the first one in which the Sun
 * enters no new sector (no principal solar term). Returns its offset in months after month 11.
 */
function leapMonthOffset(a11: number): number {
  const k = Math.floor((a11 - NEW_MOON_EPOCH) / SYNODIC_MONTH + 0.5);
  let i = 1;
  let arc = sunSector(newMoonDay(k + i));
  let last: number;
  do {
    last = arc;
    i++;
    arc = sunSector(newMoonDay(k + i));
  } while (arc !== last && i < 14);
  return i - 1;
}

function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < LUNAR_MIN_YEAR || year > LUNAR_MAX_YEAR) {
    throw new RangeError(`lunar conversion supports years ${LUNAR_MIN_YEAR}–${LUNAR_MAX_YEAR}, got ${year}`);
  }
}

export function solarToLunar(date: LocalDate): LunarDate {
  const solarYear = yearOf(date);
  checkYear(solarYear);
  const dayNumber = jdnOf(date);
  const k = Math.floor((dayNumber - NEW_MOON_EPOCH) / SYNODIC_MONTH);
  let monthStart = newMoonDay(k + 1);
  if (monthStart > dayNumber) monthStart = newMoonDay(k);

  let a11 = month11Start(solarYear);
  let b11 = a11;
  let lunarYear: number;
  if (a11 >= monthStart) {
    lunarYear = solarYear;
    a11 = month11Start(solarYear - 1);
  } else {
    lunarYear = solarYear + 1;
    b11 = month11Start(solarYear + 1);
  }

  const diff = Math.floor((monthStart - a11) / 29);
  let month = diff + 11;
  let leap = false;
  if (b11 - a11 > 365) {
    const leapOffset = leapMonthOffset(a11);
    if (diff >= leapOffset) {
      month = diff + 10;
      leap = diff === leapOffset;
    }
  }
  if (month > 12) month -= 12;
  if (month >= 11 && diff < 4) lunarYear -= 1;
  return { year: lunarYear, month, day: dayNumber - monthStart + 1, leap };
}

/** The solar date of a lunar date; throws when the month has no such day or the year no such leap month. */
export function lunarToSolar(lunarYear: number, lunarMonth: number, lunarDay: number, leap = false): LocalDate {
  checkYear(lunarYear);
  if (!Number.isInteger(lunarMonth) || lunarMonth < 1 || lunarMonth > 12) {
    throw new RangeError(`lunar month must be 1–12, got ${lunarMonth}`);
  }
  if (!Number.isInteger(lunarDay) || lunarDay < 1 || lunarDay > 30) {
    throw new RangeError(`lunar day must be 1–30, got ${lunarDay}`);
  }
  const [a11, b11] =
    lunarMonth < 11
      ? [month11Start(lunarYear - 1), month11Start(lunarYear)]
      : [month11Start(lunarYear), month11Start(lunarYear + 1)];
  const k = Math.floor(0.5 + (a11 - NEW_MOON_EPOCH) / SYNODIC_MONTH);
  let off = lunarMonth - 11;
  if (off < 0) off += 12;
  if (b11 - a11 > 365) {
    const leapOffset = leapMonthOffset(a11);
    let leapMonth = leapOffset - 2;
    if (leapMonth < 0) leapMonth += 12;
    if (leap && lunarMonth !== leapMonth) {
      throw new RangeError(`lunar year ${lunarYear} has no leap month ${lunarMonth}`);
    }
    if (leap || off >= leapOffset) off += 1;
  } else if (leap) {
    throw new RangeError(`lunar year ${lunarYear} has no leap month`);
  }
  const monthStart = newMoonDay(k + off);
  const monthLength = newMoonDay(k + off + 1) - monthStart;
  if (lunarDay > monthLength) {
    throw new RangeError(`lunar month ${lunarMonth}${leap ? ' (leap)' : ''} of ${lunarYear} has ${monthLength} days, not ${lunarDay}`);
  }
  return dateOfJdn(monthStart + lunarDay - 1);
}

/** Lunar New Year's Day (mùng 1 Tết) of the lunar year that begins in solar year `year`. */
export function lunarNewYear(year: number): LocalDate {
  return lunarToSolar(year, 1, 1);
}
