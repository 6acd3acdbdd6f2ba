/**
 * Reference lists of the member record (DOMAIN.md §2, §10), shared by server and web: each item has a stable code
 * (stored in the database and sent by clients) and its Vietnamese and English labels. Aliases are other spellings met
 * in spreadsheets and old records; `matchReference` folds case, diacritics, spaces, hyphens and apostrophes, so
 * "Gia-rai", "Gia Rai" and "GIA RAI" all match one item.
 */
import { z } from 'zod';
import { foldText } from '../lib/text.ts';

export interface ReferenceItem {
  readonly code: string;
  readonly vi: string;
  readonly en: string;
  readonly aliases?: readonly string[];
}

/**
 * The 54 ethnic groups, in the official order with their codes (Danh mục các dân tộc Việt Nam, Quyết định
 * 1019/QĐ-TCTK of 12/11/2008 of the General Statistics Office, which keeps the order of Quyết định 121-TCTK/PPCĐ, 1979
 * as revised by population).
 */
export const ETHNIC_GROUPS = [
  { code: '01', vi: 'Kinh', en: 'Kinh', aliases: ['Việt', 'Kinh (Việt)'] },
  { code: '02', vi: 'Tày', en: 'Tay' },
  { code: '03', vi: 'Thái', en: 'Thai' },
  { code: '04', vi: 'Mường', en: 'Muong' },
  { code: '05', vi: 'Khmer', en: 'Khmer', aliases: ['Khơ-me', 'Khơ me', 'Miên'] },
  { code: '06', vi: 'Hoa', en: 'Hoa (Chinese)', aliases: ['Hán', 'Hoa (Hán)'] },
  { code: '07', vi: 'Nùng', en: 'Nung' },
  { code: '08', vi: 'Mông', en: 'Hmong', aliases: ["H'Mông", 'Hmông', 'Mèo'] },
  { code: '09', vi: 'Dao', en: 'Dao (Yao)' },
  { code: '10', vi: 'Gia Rai', en: 'Jarai', aliases: ['Gia-rai', 'Giơ-rai'] },
  { code: '11', vi: 'Ê Đê', en: 'Ede (Rhade)', aliases: ['Ê-đê', 'Ra-đê'] },
  { code: '12', vi: 'Ba Na', en: 'Bahnar', aliases: ['Ba-na'] },
  { code: '13', vi: 'Sán Chay', en: 'San Chay', aliases: ['Cao Lan', 'Sán Chỉ', 'Cao Lan-Sán Chỉ'] },
  { code: '14', vi: 'Chăm', en: 'Cham', aliases: ['Chàm'] },
  { code: '15', vi: 'Cơ Ho', en: 'Koho', aliases: ['Cơ-ho', 'K\'Ho'] },
  { code: '16', vi: 'Xơ Đăng', en: 'Sedang', aliases: ['Xơ-đăng'] },
  { code: '17', vi: 'Sán Dìu', en: 'San Diu' },
  { code: '18', vi: 'Hrê', en: 'Hre', aliases: ["H're"] },
  { code: '19', vi: 'Ra Glai', en: 'Raglai', aliases: ['Ra-glai', 'Raglay'] },
  { code: '20', vi: 'Mnông', en: 'Mnong', aliases: ["M'Nông"] },
  { code: '21', vi: 'Thổ', en: 'Tho' },
  { code: '22', vi: 'Xtiêng', en: 'Stieng', aliases: ["X'tiêng", 'Xa Điêng'] },
  { code: '23', vi: 'Khơ Mú', en: 'Khmu', aliases: ['Khơ-mú', 'Khmú'] },
  { code: '24', vi: 'Bru-Vân Kiều', en: 'Bru-Van Kieu', aliases: ['Bru Vân Kiều', 'Vân Kiều'] },
  { code: '25', vi: 'Cơ Tu', en: 'Katu', aliases: ['Cơ-tu'] },
  { code: '26', vi: 'Giáy', en: 'Giay' },
  { code: '27', vi: 'Tà Ôi', en: "Ta Oi", aliases: ['Tà-ôi', 'Pa Cô'] },
  { code: '28', vi: 'Mạ', en: 'Ma' },
  { code: '29', vi: 'Giẻ-Triêng', en: 'Gie-Trieng', aliases: ['Gié Triêng', 'Giẻ Triêng'] },
  { code: '30', vi: 'Co', en: 'Co' },
  { code: '31', vi: 'Chơ Ro', en: 'Cho Ro', aliases: ['Chơ-ro'] },
  { code: '32', vi: 'Xinh Mun', en: 'Xinh Mun', aliases: ['Xinh-mun'] },
  { code: '33', vi: 'Hà Nhì', en: 'Ha Nhi' },
  { code: '34', vi: 'Chu Ru', en: 'Chu Ru', aliases: ['Chu-ru'] },
  { code: '35', vi: 'Lào', en: 'Lao' },
  { code: '36', vi: 'Kháng', en: 'Khang' },
  { code: '37', vi: 'La Chí', en: 'La Chi' },
  { code: '38', vi: 'Phù Lá', en: 'Phu La' },
  { code: '39', vi: 'La Hủ', en: 'La Hu' },
  { code: '40', vi: 'La Ha', en: 'La Ha' },
  { code: '41', vi: 'Pà Thẻn', en: 'Pa Then' },
  { code: '42', vi: 'Chứt', en: 'Chut' },
  { code: '43', vi: 'Lự', en: 'Lu' },
  { code: '44', vi: 'Lô Lô', en: 'Lo Lo' },
  { code: '45', vi: 'Mảng', en: 'Mang' },
  { code: '46', vi: 'Cờ Lao', en: 'Co Lao', aliases: ['Cơ Lao'] },
  { code: '47', vi: 'Bố Y', en: 'Bo Y' },
  { code: '48', vi: 'Cống', en: 'Cong' },
  { code: '49', vi: 'Ngái', en: 'Ngai' },
  { code: '50', vi: 'Si La', en: 'Si La' },
  { code: '51', vi: 'Pu Péo', en: 'Pu Peo' },
  { code: '52', vi: 'Rơ Măm', en: 'Ro Mam', aliases: ['Rơ-măm'] },
  { code: '53', vi: 'Brâu', en: 'Brau' },
  { code: '54', vi: 'Ơ Đu', en: 'O Du' },
] as const satisfies readonly ReferenceItem[];

/**
 * Religions: none, and the religions recognized by the State (Government Committee for Religious Affairs), plus
 * "other" for a religion not in the list.
 */
export const RELIGIONS = [
  { code: 'none', vi: 'Không', en: 'None', aliases: ['Không tôn giáo', 'Không có'] },
  { code: 'buddhism', vi: 'Phật giáo', en: 'Buddhism', aliases: ['Đạo Phật', 'Phật'] },
  { code: 'catholicism', vi: 'Công giáo', en: 'Catholicism', aliases: ['Thiên Chúa giáo', 'Thiên Chúa', 'Đạo Thiên Chúa'] },
  { code: 'protestantism', vi: 'Tin lành', en: 'Protestantism', aliases: ['Đạo Tin lành'] },
  { code: 'cao_dai', vi: 'Cao Đài', en: 'Cao Dai', aliases: ['Đạo Cao Đài'] },
  { code: 'hoa_hao', vi: 'Phật giáo Hòa Hảo', en: 'Hoa Hao Buddhism', aliases: ['Hòa Hảo'] },
  { code: 'islam', vi: 'Hồi giáo', en: 'Islam', aliases: ['Đạo Hồi'] },
  { code: 'brahmanism', vi: 'Bà-la-môn', en: 'Brahmanism', aliases: ['Bà La Môn giáo'] },
  { code: 'bahai', vi: "Baha'i", en: "Baha'i", aliases: ["Tôn giáo Baha'i"] },
  { code: 'tinh_do_cu_si', vi: 'Tịnh độ Cư sĩ Phật hội Việt Nam', en: 'Pure Land Buddhist Lay Association' },
  { code: 'buu_son_ky_huong', vi: 'Bửu Sơn Kỳ Hương', en: 'Buu Son Ky Huong' },
  { code: 'tu_an_hieu_nghia', vi: 'Tứ Ân Hiếu Nghĩa', en: 'Tu An Hieu Nghia' },
  { code: 'minh_su_dao', vi: 'Phật đường Nam tông Minh sư đạo', en: 'Minh Su Dao' },
  { code: 'minh_ly_dao', vi: 'Minh lý đạo - Tam Tông Miếu', en: 'Minh Ly Dao' },
  { code: 'latter_day_saints', vi: 'Các Thánh hữu Ngày sau (Mặc Môn)', en: 'Latter-day Saints', aliases: ['Mặc Môn'] },
  { code: 'hieu_nghia_ta_lon', vi: 'Phật giáo Hiếu Nghĩa Tà Lơn', en: 'Hieu Nghia Ta Lon Buddhism' },
  { code: 'adventist', vi: 'Cơ đốc Phục lâm', en: 'Seventh-day Adventist' },
  { code: 'other', vi: 'Tôn giáo khác', en: 'Other religion' },
] as const satisfies readonly ReferenceItem[];

/** General education completed (giáo dục phổ thông), as the statistical forms count it (11-HD/BTCTW). */
export const EDUCATION_LEVELS = [
  { code: 'primary', vi: 'Tiểu học', en: 'Primary', aliases: ['Cấp 1', '5/10', '5/12', '4/10'] },
  { code: 'lower_secondary', vi: 'Trung học cơ sở', en: 'Lower secondary', aliases: ['THCS', 'Cấp 2', '9/12', '7/10', '8/10', '9/10'] },
  { code: 'upper_secondary', vi: 'Trung học phổ thông', en: 'Upper secondary', aliases: ['THPT', 'Cấp 3', '12/12', '10/10'] },
] as const satisfies readonly ReferenceItem[];

/** Highest professional qualification (chuyên môn, nghiệp vụ). */
export const PROFESSIONAL_LEVELS = [
  { code: 'none', vi: 'Chưa qua đào tạo', en: 'No qualification', aliases: ['Không'] },
  { code: 'elementary', vi: 'Sơ cấp', en: 'Elementary vocational' },
  { code: 'intermediate', vi: 'Trung cấp', en: 'Intermediate vocational', aliases: ['Trung học chuyên nghiệp'] },
  { code: 'college', vi: 'Cao đẳng', en: 'College' },
  { code: 'university', vi: 'Đại học', en: 'University', aliases: ['Cử nhân', 'Kỹ sư', 'Bác sĩ'] },
  { code: 'master', vi: 'Thạc sĩ', en: 'Master', aliases: ['ThS', 'Bác sĩ chuyên khoa I'] },
  { code: 'doctor', vi: 'Tiến sĩ', en: 'Doctorate', aliases: ['TS', 'Tiến sĩ khoa học', 'TSKH'] },
] as const satisfies readonly ReferenceItem[];

/** Political theory (lý luận chính trị). */
export const POLITICAL_THEORY_LEVELS = [
  { code: 'none', vi: 'Chưa qua đào tạo', en: 'None', aliases: ['Không'] },
  { code: 'elementary', vi: 'Sơ cấp', en: 'Elementary' },
  { code: 'intermediate', vi: 'Trung cấp', en: 'Intermediate' },
  { code: 'advanced', vi: 'Cao cấp', en: 'Advanced' },
  { code: 'bachelor', vi: 'Cử nhân', en: 'Bachelor', aliases: ['Cử nhân chính trị'] },
] as const satisfies readonly ReferenceItem[];

/** Occupation groups of the statistical forms (11-HD/BTCTW) `[?]`: the forms' exact breakdown varies by report. */
export const OCCUPATIONS = [
  { code: 'civil_servant', vi: 'Cán bộ, công chức', en: 'Civil servant', aliases: ['Cán bộ', 'Công chức'] },
  { code: 'public_employee', vi: 'Viên chức', en: 'Public employee' },
  { code: 'army', vi: 'Quân đội', en: 'Armed forces (army)', aliases: ['Quân nhân', 'Bộ đội'] },
  { code: 'police', vi: 'Công an', en: 'Police' },
  { code: 'state_enterprise_worker', vi: 'Người lao động doanh nghiệp nhà nước', en: 'State enterprise employee' },
  { code: 'non_state_enterprise_worker', vi: 'Người lao động doanh nghiệp ngoài nhà nước', en: 'Non-state enterprise employee', aliases: ['Công nhân'] },
  { code: 'enterprise_owner', vi: 'Chủ doanh nghiệp tư nhân', en: 'Private business owner' },
  { code: 'farmer', vi: 'Nông, lâm, ngư nghiệp', en: 'Farming, forestry, fishing', aliases: ['Nông dân', 'Làm ruộng'] },
  { code: 'student', vi: 'Học sinh, sinh viên', en: 'Student', aliases: ['Sinh viên', 'Học sinh'] },
  { code: 'retired', vi: 'Nghỉ hưu, mất sức', en: 'Retired', aliases: ['Hưu trí', 'Nghỉ hưu'] },
  { code: 'self_employed', vi: 'Lao động tự do', en: 'Self-employed', aliases: ['Tự do', 'Buôn bán'] },
  { code: 'other', vi: 'Khác', en: 'Other' },
] as const satisfies readonly ReferenceItem[];

export const SEXES = [
  { code: 'male', vi: 'Nam', en: 'Male', aliases: ['M'] },
  { code: 'female', vi: 'Nữ', en: 'Female', aliases: ['F', 'Nu'] },
] as const satisfies readonly ReferenceItem[];

type Codes<T extends readonly { code: string }[]> = T[number]['code'];
function codesOf<T extends readonly { code: string }[]>(list: T): [Codes<T>, ...Codes<T>[]] {
  return list.map((item) => item.code) as [Codes<T>, ...Codes<T>[]];
}

export const ethnicitySchema = z.enum(codesOf(ETHNIC_GROUPS));
export const religionSchema = z.enum(codesOf(RELIGIONS));
export const educationLevelSchema = z.enum(codesOf(EDUCATION_LEVELS));
export const professionalLevelSchema = z.enum(codesOf(PROFESSIONAL_LEVELS));
export const politicalTheoryLevelSchema = z.enum(codesOf(POLITICAL_THEORY_LEVELS));
export const occupationSchema = z.enum(codesOf(OCCUPATIONS));
export const sexSchema = z.enum(codesOf(SEXES));

export type Ethnicity = z.infer<typeof ethnicitySchema>;
export type Religion = z.infer<typeof religionSchema>;
export type EducationLevel = z.infer<typeof educationLevelSchema>;
export type ProfessionalLevel = z.infer<typeof professionalLevelSchema>;
export type PoliticalTheoryLevel = z.infer<typeof politicalTheoryLevelSchema>;
export type Occupation = z.infer<typeof occupationSchema>;
export type Sex = z.infer<typeof sexSchema>;

/** Every list by name, for the web (a select per field) and for imports (the template's validation lists). */
export const MEMBER_REFERENCE_LISTS = {
  ethnicity: ETHNIC_GROUPS,
  religion: RELIGIONS,
  educationLevel: EDUCATION_LEVELS,
  professionalLevel: PROFESSIONAL_LEVELS,
  politicalTheoryLevel: POLITICAL_THEORY_LEVELS,
  occupation: OCCUPATIONS,
  sex: SEXES,
} as const satisfies Record<string, readonly ReferenceItem[]>;
export type MemberReferenceListName = keyof typeof MEMBER_REFERENCE_LISTS;

/** The matching key: folded, with everything but letters and digits removed ("H'Mông" → "hmong"). */
export function referenceKey(text: string): string {
  return foldText(text).replace(/[^a-z0-9]/g, '');
}

const matchIndexes = new Map<readonly ReferenceItem[], Map<string, string>>();
/** Texts already matched, per list: spreadsheets repeat the same few values on every row. */
const matchMemos = new Map<readonly ReferenceItem[], Map<string, string | null>>();
const MEMO_LIMIT = 10_000;

function indexOf(list: readonly ReferenceItem[]): Map<string, string> {
  let index = matchIndexes.get(list);
  if (!index) {
    index = new Map();
    // Labels first, aliases after: an alias never shadows another item's own label.
    for (const item of list) {
      index.set(referenceKey(item.code), item.code);
      index.set(referenceKey(item.vi), item.code);
    }
    for (const item of list) {
      for (const text of [item.en, ...(item.aliases ?? [])]) {
        const key = referenceKey(text);
        if (!index.has(key)) index.set(key, item.code);
      }
    }
    matchIndexes.set(list, index);
  }
  return index;
}

/** The code of the item that a free-text value names (a code, a label in either language, or an alias), or null. */
export function matchReference(list: readonly ReferenceItem[], text: string): string | null {
  let memo = matchMemos.get(list);
  if (!memo) {
    memo = new Map();
    matchMemos.set(list, memo);
  }
  const known = memo.get(text);
  if (known !== undefined) return known;
  const key = referenceKey(text);
  const code = key === '' ? null : indexOf(list).get(key) ?? null;
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(text, code);
  return code;
}

export function referenceLabel(list: readonly ReferenceItem[], code: string | null | undefined, locale: 'vi' | 'en'): string {
  if (code == null) return '';
  const item = list.find((entry) => entry.code === code);
  return item ? item[locale] : code;
}
