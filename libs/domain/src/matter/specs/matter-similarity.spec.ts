import { DUPLICATE_THRESHOLD, foldVietnamese, scoreSimilarity, type SimilarityInput } from '../matter.similarity';

const first: SimilarityInput = {
  citizenKey: 'ck-1',
  respondent: 'UBND xã An Bình',
  subject: 'Khiếu nại quyết định thu hồi đất',
  content: 'Đề nghị hủy quyết định thu hồi đất số 12/QĐ-UBND của UBND xã An Bình đối với thửa đất của gia đình tôi',
};

describe('similarity of a new đơn to an earlier one', () => {
  it('folds NFC and NFD, with or without diacritics, to the same text', () => {
    const nfc = 'Nguyễn Thị Ánh, Đồng Tháp'.normalize('NFC');
    const nfd = 'Nguyễn Thị Ánh, Đồng Tháp'.normalize('NFD');
    expect(foldVietnamese(nfc)).toBe('nguyen thi anh dong thap');
    expect(foldVietnamese(nfd)).toBe(foldVietnamese(nfc));
    expect(foldVietnamese('nguyen thi anh dong thap')).toBe(foldVietnamese(nfc));
  });

  it('scores the same citizen, respondent and content typed without diacritics and in NFD as a likely repeat', () => {
    const repeat: SimilarityInput = {
      citizenKey: 'ck-1',
      respondent: 'ubnd xa an binh'.normalize('NFD'),
      subject: 'khieu nai quyet dinh thu hoi dat',
      content: 'De nghi huy quyet dinh thu hoi dat so 12/QD-UBND cua UBND xa An Binh doi voi thua dat cua gia dinh toi'.normalize('NFD'),
    };
    const score = scoreSimilarity(repeat, first);
    expect(score).toEqual({ score: 1, sameCitizen: true, sameRespondent: true, contentSimilarity: 1 });
    expect(score.score).toBeGreaterThanOrEqual(DUPLICATE_THRESHOLD);
  });

  it('scores another citizen on the same decision as similar content without the citizen part', () => {
    const score = scoreSimilarity({ ...first, citizenKey: 'ck-2', content: 'Khiếu nại quyết định thu hồi đất số 12/QĐ-UBND của UBND xã An Bình' }, first);
    expect(score.sameCitizen).toBe(false);
    expect(score.sameRespondent).toBe(true);
    expect(score.contentSimilarity).toBeGreaterThan(0.3);
    expect(score.score).toBeLessThan(0.4 + 0.25 + 0.35);
  });

  it('scores an unrelated đơn of another citizen below the threshold', () => {
    const score = scoreSimilarity(
      { citizenKey: 'ck-9', respondent: 'Công ty TNHH Môi trường Xanh', subject: 'Phản ánh ô nhiễm tiếng ồn', content: 'Nhà máy hoạt động ban đêm gây ồn' },
      first,
    );
    expect(score).toMatchObject({ sameCitizen: false, sameRespondent: false });
    expect(score.score).toBeLessThan(DUPLICATE_THRESHOLD);
  });

  it('never matches two anonymous đơn by their missing citizen key', () => {
    const anonymous = { ...first, citizenKey: undefined };
    expect(scoreSimilarity(anonymous, anonymous).sameCitizen).toBe(false);
  });
});
