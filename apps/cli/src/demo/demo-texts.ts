import type { Kind } from './case-paths';

/**
 * The words of the demo: invented citizens, places and projects of a province, and what a Sở's register says of
 * them. Any likeness to a real person is chance; nothing here comes from a real đơn.
 */

const FAMILY_NAMES = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý', 'Đinh'];
const MALE = { middle: ['Văn', 'Hữu', 'Đức', 'Minh', 'Quang', 'Công', 'Xuân'], given: ['An', 'Bình', 'Cường', 'Dũng', 'Hải', 'Hùng', 'Khánh', 'Long', 'Nam', 'Phong', 'Quân', 'Sơn', 'Thắng', 'Toàn', 'Tuấn', 'Việt'] };
const FEMALE = { middle: ['Thị', 'Thu', 'Ngọc', 'Thanh', 'Kim', 'Minh'], given: ['Anh', 'Bích', 'Chi', 'Dung', 'Giang', 'Hà', 'Hạnh', 'Hương', 'Lan', 'Liên', 'Mai', 'Nga', 'Oanh', 'Phượng', 'Thảo', 'Trang', 'Yến'] };

/** Communes and wards of the two-tier local government in force from 01/07/2025. */
export const COMMUNES = [
  'phường Phủ Lý',
  'phường Lam Hạ',
  'phường Duy Tiên',
  'phường Kim Bảng',
  'xã Thanh Liêm',
  'xã Thanh Bình',
  'xã Bình Lục',
  'xã Bình An',
  'xã Lý Nhân',
  'xã Nhân Hòa',
  'xã Trần Hưng Đạo',
  'xã Liêm Hà',
];
const STREETS = ['Lê Lợi', 'Trần Phú', 'Nguyễn Văn Trỗi', 'Lý Thường Kiệt', 'Biên Hòa', 'Trường Chinh', 'Quy Lưu', 'Đinh Tiên Hoàng'];
const HOUSE_NUMBERS = ['8', '12', '27', '31', '45', '66', '103', '154', '210'];
const PROJECTS = [
  'Khu đô thị mới Bắc Châu Giang',
  'đường vành đai kết nối vùng Thủ đô',
  'Cụm công nghiệp Kiện Khê',
  'Khu dân cư Tây Nam Phủ Lý',
  'Khu xử lý chất thải rắn Thanh Thủy',
  'mở rộng Quốc lộ 21B',
];

export type Pick = <T>(items: readonly T[]) => T;

export interface Citizen {
  name: string;
  address: string;
  commune: string;
}

export function citizen(pick: Pick): Citizen {
  const { middle, given } = pick([MALE, FEMALE]);
  const commune = pick(COMMUNES);
  return { name: `${pick(FAMILY_NAMES)} ${pick(middle)} ${pick(given)}`, address: `Số ${pick(HOUSE_NUMBERS)} đường ${pick(STREETS)}, ${commune}`, commune };
}

/** A department's subjects by kind; `{commune}` and `{project}` are filled in. */
type Subjects = Record<'complaint-first' | 'complaint-second' | 'denunciation' | 'petition', readonly string[]>;

const LAND_AND_ENVIRONMENT: Subjects = {
  'complaint-first': [
    'Khiếu nại Quyết định thu hồi đất để thực hiện dự án {project}',
    'Khiếu nại phương án bồi thường, hỗ trợ, tái định cư dự án {project}',
    'Khiếu nại việc không cấp Giấy chứng nhận quyền sử dụng đất tại {commune}',
    'Khiếu nại quyết định xử phạt vi phạm hành chính trong lĩnh vực môi trường',
    'Khiếu nại việc đăng ký biến động đất đai tại {commune}',
  ],
  'complaint-second': [
    'Khiếu nại lần hai Quyết định giải quyết khiếu nại về bồi thường dự án {project}',
    'Khiếu nại lần hai về việc thu hồi Giấy chứng nhận quyền sử dụng đất tại {commune}',
    'Khiếu nại lần hai về giá đất tính tiền bồi thường dự án {project}',
  ],
  denunciation: [
    'Tố cáo cán bộ địa chính {commune} nhũng nhiễu khi làm thủ tục cấp Giấy chứng nhận',
    'Tố cáo việc chuyển mục đích sử dụng đất nông nghiệp trái phép tại {commune}',
    'Tố cáo doanh nghiệp xả nước thải chưa qua xử lý ra sông Châu Giang',
    'Tố cáo việc khai thác cát trái phép trên sông Đáy đoạn qua {commune}',
    'Tố cáo sai phạm trong kiểm đếm, áp giá bồi thường dự án {project}',
  ],
  petition: [
    'Kiến nghị xử lý ô nhiễm khói bụi từ lò gạch tại {commune}',
    'Phản ánh mùi hôi từ bãi rác tập trung của {commune}',
    'Kiến nghị đẩy nhanh cấp Giấy chứng nhận quyền sử dụng đất cho các hộ tại {commune}',
    'Phản ánh tình trạng ngập úng do san lấp mặt bằng dự án {project}',
    'Kiến nghị điều chỉnh quy hoạch sử dụng đất tại {commune}',
  ],
};

const CONSTRUCTION: Subjects = {
  'complaint-first': [
    'Khiếu nại quyết định cưỡng chế tháo dỡ công trình xây dựng tại {commune}',
    'Khiếu nại việc cấp giấy phép xây dựng cho công trình liền kề tại {commune}',
    'Khiếu nại quyết định xử phạt vi phạm trật tự xây dựng',
  ],
  'complaint-second': ['Khiếu nại lần hai về quyết định cưỡng chế công trình tại {commune}'],
  denunciation: [
    'Tố cáo chủ đầu tư xây dựng sai giấy phép tại dự án {project}',
    'Tố cáo cán bộ quản lý trật tự xây dựng {commune} bao che vi phạm',
  ],
  petition: [
    'Phản ánh công trình xây dựng gây lún, nứt nhà liền kề tại {commune}',
    'Kiến nghị cải tạo nhà chung cư cũ tại {commune}',
    'Phản ánh xe chở vật liệu xây dựng gây bụi trên đường {street}',
  ],
};

const SUBJECTS_OF: Record<string, Subjects> = { 'so-xd': CONSTRUCTION };

const DETAILS: Record<Kind, string> = {
  'complaint-first': 'quyết định, hành vi hành chính nêu trên xâm phạm quyền và lợi ích hợp pháp của gia đình tôi',
  'complaint-second': 'tôi không đồng ý với quyết định giải quyết khiếu nại lần đầu vì chưa xem xét đầy đủ các giấy tờ tôi đã nộp',
  denunciation: 'tôi đã chứng kiến các hành vi nêu trên trong nhiều tháng, có hình ảnh và người làm chứng',
  petition: 'tình trạng trên kéo dài, ảnh hưởng đến sức khỏe và đời sống của các hộ dân xung quanh',
};

export interface CaseText {
  subject: string;
  content: string;
}

export function caseText(kind: Kind, department: string, filer: Citizen, pick: Pick): CaseText {
  const template = pick((SUBJECTS_OF[department] ?? LAND_AND_ENVIRONMENT)[kind]);
  const subject = template.replace('{commune}', filer.commune).replace('{project}', pick(PROJECTS)).replace('{street}', pick(STREETS));
  const content =
    `${filer.name}, trú tại ${filer.address}, trình bày: ${subject.charAt(0).toLowerCase()}${subject.slice(1)}; ${DETAILS[kind]}. ` +
    'Đề nghị cơ quan có thẩm quyền xem xét, giải quyết theo quy định của pháp luật.';
  return { subject, content };
}

/** Who the đơn is against: the body whose act is complained of, or the person denounced. */
export function respondent(kind: Kind, filer: Citizen, pick: Pick): { role: 'respondent' | 'accused'; name: string } | undefined {
  if (kind === 'complaint-first' || kind === 'complaint-second') return { role: 'respondent', name: `Ủy ban nhân dân ${filer.commune}` };
  if (kind === 'denunciation') return { role: 'accused', name: citizen(pick).name };
  return undefined;
}

const FINDING_WORDS: Record<string, string> = { right: 'đúng', 'partly-right': 'đúng một phần', wrong: 'sai' };

/** A register's own words for an act, in place of the paths' short placeholders. */
export function actText(command: string, kind: Kind, payload: Record<string, unknown>): Record<string, unknown> {
  const denunciation = kind === 'denunciation';
  const what = denunciation ? 'tố cáo' : kind === 'petition' ? 'kiến nghị, phản ánh' : 'khiếu nại';
  const finding = FINDING_WORDS[String(payload['finding'])] ?? '';
  switch (command) {
    case 'ReportVerification':
      return { summary: `Báo cáo kết quả xác minh: nội dung ${what} là ${finding}` };
    case 'RecordDialogue':
      return { summary: 'Tổ chức đối thoại với người khiếu nại, người bị khiếu nại và cơ quan liên quan; lập biên bản đối thoại' };
    case 'DraftDecision':
      return { summary: denunciation ? 'Dự thảo kết luận nội dung tố cáo' : 'Dự thảo quyết định giải quyết khiếu nại' };
    case 'IssueDecision':
      return { summary: denunciation ? `Kết luận nội dung tố cáo: tố cáo ${finding}` : `Quyết định giải quyết khiếu nại: khiếu nại ${finding}` };
    case 'RecordHandling':
      return { summary: 'Xử lý theo kết luận: kiểm điểm, rút kinh nghiệm đối với tổ chức, cá nhân có vi phạm' };
    case 'AnswerCitizen':
      return { summary: 'Văn bản trả lời công dân về nội dung kiến nghị, phản ánh' };
    case 'SendDecision':
      return { recipients: ['Người khiếu nại', 'Người bị khiếu nại', 'Thanh tra tỉnh'] };
    default:
      return {};
  }
}
