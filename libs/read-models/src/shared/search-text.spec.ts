import { foldSearchText, matchesSearch, searchTerms } from './search-text';

describe('folding Vietnamese text for search', () => {
  it('drops the diacritics of text typed in NFC or NFD alike', () => {
    expect(foldSearchText('Nguyễn Thị Ánh'.normalize('NFC'))).toBe('nguyen thi anh');
    expect(foldSearchText('Nguyễn Thị Ánh'.normalize('NFD'))).toBe('nguyen thi anh');
  });

  it('maps đ and Đ, which are letters rather than marks, to d', () => {
    expect(foldSearchText('Đặng Văn Đông, phường Đống Đa')).toBe('dang van dong phuong dong da');
  });

  it('turns punctuation and runs of spaces into single spaces', () => {
    expect(foldSearchText('  Số 12/QĐ-UBND;  Lê   Lợi ')).toBe('so 12 qd ubnd le loi');
  });
});

describe('matching a folded text', () => {
  const text = foldSearchText('Khiếu nại của bà Nguyễn Thị Ánh, thôn Thanh Xuân');

  it('needs every word of the query, each at the start of a word', () => {
    expect(matchesSearch(text, searchTerms('nguyen thi anh'))).toBe(true);
    expect(matchesSearch(text, searchTerms('ANH nguyen'))).toBe(true);
    expect(matchesSearch(text, searchTerms('nguy th an'))).toBe(true);
    expect(matchesSearch(text, searchTerms('nguyen van anh'))).toBe(false);
    expect(matchesSearch(foldSearchText('Trần Văn Thanh'), searchTerms('anh'))).toBe(false);
  });

  it('treats an empty or blank query as no terms', () => {
    expect(searchTerms('   ')).toEqual([]);
  });
});
