/**
 * Folds Vietnamese text for search, so "nguyen thi anh" finds "Nguyễn Thị Ánh" whether it was typed in NFC
 * or NFD: decompose, drop the combining marks, map đ/Đ (a letter of its own, not a mark) to d, lower-case,
 * and collapse punctuation and spaces.
 */
export function foldSearchText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The words of a query, folded the same way; a text matches when each is the start of one of its words. */
export function searchTerms(query: string): string[] {
  const folded = foldSearchText(query);
  return folded === '' ? [] : folded.split(' ');
}

/** True when every term starts a word of the folded text ("anh" finds "Ánh", not "Thanh"). */
export function matchesSearch(foldedText: string, terms: readonly string[]): boolean {
  const words = ` ${foldedText}`;
  return terms.every((term) => words.includes(` ${term}`));
}
