import type { FieldError } from './command-validation.error';

/** Deeper than any command payload; stops a crafted body from exhausting the stack. */
const MAX_DEPTH = 16;

/** Keys that would reach an object's prototype in the transformers downstream. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export type NormalizeResult = { value: unknown; errors: [] } | { value?: undefined; errors: FieldError[] };

/**
 * Vietnamese arrives in NFC or NFD depending on the keyboard; every string is stored as NFC, without
 * surrounding whitespace, so equal names compare and search equal.
 */
export function normalizeText(input: unknown): NormalizeResult {
  const errors: FieldError[] = [];
  const walk = (value: unknown, path: string[]): unknown => {
    if (typeof value === 'string') return value.normalize('NFC').trim();
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
