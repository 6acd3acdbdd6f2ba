/**
 * The 12-digit citizen identity number (số định danh cá nhân, on the CCCD card), as laid out by Decree 137/2015/NĐ-CP
 * Art. 7 and Circular 59/2021/TT-BCA (earlier 07/2016/TT-BCA): 3 digits for the province where the birth was
 * registered, 1 digit for century and sex, 2 digits for the year of birth, 6 random digits.
 * Century and sex: 0/1 = 20th century male/female, 2/3 = 21st, 4/5 = 22nd, 6/7 = 23rd, 8/9 = 19th (even = male).
 */

/** Province codes of the birth-registration place (Circular 59/2021/TT-BCA, Appendix), the 63 provinces before 2025. */
export const CITIZEN_ID_PROVINCE_CODES: Readonly<Record<string, string>> = {
  '001': 'Hà Nội', '002': 'Hà Giang', '004': 'Cao Bằng', '006': 'Bắc Kạn', '008': 'Tuyên Quang', '010': 'Lào Cai',
  '011': 'Điện Biên', '012': 'Lai Châu', '014': 'Sơn La', '015': 'Yên Bái', '017': 'Hòa Bình', '019': 'Thái Nguyên',
  '020': 'Lạng Sơn', '022': 'Quảng Ninh', '024': 'Bắc Giang', '025': 'Phú Thọ', '026': 'Vĩnh Phúc', '027': 'Bắc Ninh',
  '030': 'Hải Dương', '031': 'Hải Phòng', '033': 'Hưng Yên', '034': 'Thái Bình', '035': 'Hà Nam', '036': 'Nam Định',
  '037': 'Ninh Bình', '038': 'Thanh Hóa', '040': 'Nghệ An', '042': 'Hà Tĩnh', '044': 'Quảng Bình', '045': 'Quảng Trị',
  '046': 'Thừa Thiên Huế', '048': 'Đà Nẵng', '049': 'Quảng Nam', '051': 'Quảng Ngãi', '052': 'Bình Định', '054': 'Phú Yên',
  '056': 'Khánh Hòa', '058': 'Ninh Thuận', '060': 'Bình Thuận', '062': 'Kon Tum', '064': 'Gia Lai', '066': 'Đắk Lắk',
  '067': 'Đắk Nông', '068': 'Lâm Đồng', '070': 'Bình Phước', '072': 'Tây Ninh', '074': 'Bình Dương', '075': 'Đồng Nai',
  '077': 'Bà Rịa - Vũng Tàu', '079': 'Hồ Chí Minh', '080': 'Long An', '082': 'Tiền Giang', '083': 'Bến Tre', '084': 'Trà Vinh',
  '086': 'Vĩnh Long', '087': 'Đồng Tháp', '089': 'An Giang', '091': 'Kiên Giang', '092': 'Cần Thơ', '093': 'Hậu Giang',
  '094': 'Sóc Trăng', '095': 'Bạc Liêu', '096': 'Cà Mau',
};

const CENTURY_BY_DIGIT: Record<number, number> = { 0: 1900, 1: 1900, 2: 2000, 3: 2000, 4: 2100, 5: 2100, 6: 2200, 7: 2200, 8: 1800, 9: 1800 };

export type CitizenIdProblem = 'format' | 'province' | 'sex' | 'birth_year';

/** The problems of a citizen ID against the holder's sex and birth date; empty when it is consistent. */
export function citizenIdProblems(citizenId: string, sex: 'male' | 'female', birthDate: string): CitizenIdProblem[] {
  if (!/^\d{12}$/.test(citizenId)) return ['format'];
  const problems: CitizenIdProblem[] = [];
  if (!CITIZEN_ID_PROVINCE_CODES[citizenId.slice(0, 3)]) problems.push('province');
  const centuryDigit = Number(citizenId[3]);
  if ((centuryDigit % 2 === 0 ? 'male' : 'female') !== sex) problems.push('sex');
  const year = CENTURY_BY_DIGIT[centuryDigit] + Number(citizenId.slice(4, 6));
  if (String(year) !== birthDate.slice(0, 4)) problems.push('birth_year');
  return problems;
}
