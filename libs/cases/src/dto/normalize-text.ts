import type { FieldError } from './command-validation.error';

/** Deeper than any command payload; stops a crafted body from exhausting the stack. */
const MAX_DEPTH = 16;

/** Keys that would reach an object's prototype in the transformers downstream. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export type NormalizeResult = { value: unknown; errors: [] } | { value?: undefined; errors: FieldError[] };

/**
 * Vietnamese arrives in NFC or NFD depending on the keyboard; every string is stored as NFC, without
 * surrounding whitespace and with `\n` line breaks (a Windows text box sends `\r\n`), so equal texts
 * compare and search equal. Which characters a field may hold is checked by its DTO (see `checkText`).
 */
export function normalizeText(input: unknown): NormalizeResult {
  const errors: FieldError[] = [];
  const walk = (value: unknown, path: string[]): unknown => {
    if (typeof value === 'string') return value.normalize('NFC').replace(/\r\n?/g, '\n').trim();
    if (value === null || typeof value !== 'object') return value;
    if (path.length >= MAX_DEPTH) {
      errors.push({ field: path.join('.'), message: 'Dữ liệu lồng nhau quá sâu.' });
      return undefined;
    }
    if (Array.isArray(value)) return value.map((item, index) => walk(item, [...path, String(index)]));
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).flatMap(([key, item]) => {
        if (FORBIDDEN_KEYS.has(key)) {
          errors.push({ field: [...path, key].join('.'), message: 'Trường này không được phép.' });
          return [];
        }
        return [[key, walk(item, [...path, key])]];
      }),
    );
  };
  const value = walk(input, []);
  return errors.length > 0 ? { errors } : { value, errors: [] };
}

/**
 * Never part of a text a person means to send: C0 and C1 controls (NUL, ESC, DEL…) and the bidi embeddings,
 * overrides and isolates that make a name read differently from what it stores (a "Trojan Source" name).
 * Line breaks and tabs are allowed only in prose, below.
 */
const NEVER_IN_TEXT = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/u;
const LINE_BREAK_OR_TAB = /[\n\t]/;
/** What shows nothing on its own: whitespace, zero-width and other ignorable characters, marks without a letter. */
const INVISIBLE = /[\p{White_Space}\p{Default_Ignorable_Code_Point}\p{M}]/gu;
/** Half of a UTF-16 surrogate pair: JSON can carry one (`"\ud800"`), no text can. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Why a normalised text cannot be stored, in Vietnamese, or undefined when it can: a character that is never
 * part of text, half of a broken UTF-16 pair, a line break or tab where one line is expected, or nothing visible.
 */
export function checkText(text: string, options: { multiline: boolean }): string | undefined {
  if (LONE_SURROGATE.test(text)) return 'Có ký tự hỏng (nửa cặp UTF-16); hãy nhập lại nội dung.';
  const never = NEVER_IN_TEXT.exec(text);
  if (never) return `Có ký tự không được phép (U+${never[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}): ký tự điều khiển hoặc ký tự đảo chiều văn bản.`;
  if (!options.multiline && LINE_BREAK_OR_TAB.test(text)) return 'Chỉ được một dòng, không có dấu xuống dòng hay tab.';
  if (text.replace(INVISIBLE, '') === '') return 'Không được để trống (không có ký tự nhìn thấy được).';
  return undefined;
}
