/**
 * People for demo data: Vietnamese family, middle and given names with realistic frequencies, and the ethnic
 * make-up of party members by region. Frequencies are approximate (the commonly cited shares of family names:
 * Nguyễn about 38%, Trần 11%, Lê 9.5%, Phạm 7%, …); minority groups carry their own common family names.
 */
import type { EthnicProfileName } from './places.ts';

/** [name, weight]: family names of Kinh members; Hoàng/Vũ are northern spellings, Huỳnh/Võ southern. */
export const FAMILY_NAMES_NORTH: [string, number][] = [
  ['Nguyễn', 380], ['Trần', 110], ['Lê', 95], ['Phạm', 70], ['Hoàng', 50], ['Phan', 30], ['Vũ', 39], ['Đặng', 21],
  ['Bùi', 20], ['Đỗ', 14], ['Hồ', 8], ['Ngô', 13], ['Dương', 10], ['Lý', 5], ['Đinh', 8], ['Đoàn', 6], ['Lương', 5],
  ['Trịnh', 5], ['Đào', 6], ['Mai', 4], ['Cao', 4], ['Lâm', 2], ['Tạ', 3], ['Hà', 5], ['Tô', 2], ['Vương', 2],
  ['Chu', 3], ['Lưu', 3], ['Trương', 3], ['Kiều', 2], ['Nghiêm', 1], ['Phùng', 3], ['Quách', 1], ['Khúc', 1], ['Triệu', 2],
];
export const FAMILY_NAMES_SOUTH: [string, number][] = [
  ['Nguyễn', 380], ['Trần', 115], ['Lê', 95], ['Phạm', 60], ['Huỳnh', 50], ['Phan', 45], ['Võ', 39], ['Đặng', 15],
  ['Bùi', 12], ['Đỗ', 10], ['Hồ', 18], ['Ngô', 13], ['Dương', 10], ['Lý', 7], ['Đinh', 5], ['Đoàn', 6], ['Lương', 4],
  ['Trịnh', 3], ['Đào', 4], ['Mai', 5], ['Cao', 4], ['Lâm', 6], ['Tạ', 2], ['Hà', 3], ['Tô', 3], ['Trương', 8],
  ['Lưu', 3], ['Châu', 4], ['Thái', 3], ['La', 2], ['Từ', 2], ['Tăng', 2], ['Quách', 2], ['Hoàng', 5], ['Vũ', 3],
];

/** Middle names by sex and generation: "Văn" and "Thị" dominate older generations. */
export const MIDDLE_NAMES_MALE_OLD: [string, number][] = [
  ['Văn', 600], ['Đức', 60], ['Minh', 40], ['Quang', 35], ['Hữu', 50], ['Xuân', 30], ['Đình', 40], ['Công', 35],
  ['Ngọc', 25], ['Thanh', 25], ['Bá', 15], ['Trọng', 20], ['Tiến', 15], ['Mạnh', 10], ['Duy', 10],
];
export const MIDDLE_NAMES_MALE_YOUNG: [string, number][] = [
  ['Văn', 220], ['Đức', 80], ['Minh', 90], ['Quang', 60], ['Hữu', 30], ['Xuân', 25], ['Đình', 25], ['Công', 35],
  ['Ngọc', 30], ['Thanh', 40], ['Tuấn', 40], ['Mạnh', 30], ['Duy', 45], ['Hoàng', 45], ['Anh', 30], ['Quốc', 45],
  ['Trung', 30], ['Thành', 30], ['Tiến', 25], ['Hải', 25], ['Việt', 25], ['Gia', 15], ['Nhật', 15],
];
export const MIDDLE_NAMES_FEMALE_OLD: [string, number][] = [
  ['Thị', 800], ['Thu', 30], ['Ngọc', 25], ['Thanh', 30], ['Hồng', 25], ['Kim', 25], ['Minh', 10], ['Bích', 15], ['Thị Thu', 20], ['Thị Hồng', 15],
];
export const MIDDLE_NAMES_FEMALE_YOUNG: [string, number][] = [
  ['Thị', 380], ['Thu', 60], ['Ngọc', 60], ['Thanh', 45], ['Hồng', 30], ['Minh', 40], ['Phương', 35], ['Thùy', 40],
  ['Kim', 25], ['Mai', 25], ['Hải', 20], ['Bích', 15], ['Diệu', 15], ['Khánh', 25], ['Hoài', 15], ['Thị Thu', 25],
  ['Thị Ngọc', 20], ['Thị Thanh', 20], ['Quỳnh', 15], ['Bảo', 10],
];

export const GIVEN_NAMES_MALE: [string, number][] = [
  ['Hùng', 60], ['Dũng', 55], ['Tuấn', 55], ['Minh', 50], ['Hải', 50], ['Nam', 45], ['Long', 40], ['Thắng', 40],
  ['Cường', 40], ['Hưng', 40], ['Sơn', 45], ['Quân', 30], ['Trung', 35], ['Hiếu', 30], ['Đức', 35], ['Thành', 40],
  ['Tùng', 30], ['Phong', 25], ['Hoàng', 25], ['Anh', 45], ['Việt', 25], ['Bình', 35], ['Tâm', 25], ['Khánh', 20],
  ['Huy', 35], ['Vinh', 25], ['Toàn', 20], ['Lâm', 15], ['Thanh', 25], ['Quang', 20], ['Tiến', 20], ['Thịnh', 15],
  ['Phúc', 15], ['Lợi', 15], ['Chiến', 20], ['Kiên', 15], ['Mạnh', 20], ['Quyết', 15], ['Bảo', 10], ['Đạt', 25],
  ['Nghĩa', 20], ['Tài', 15], ['Trí', 10], ['Hòa', 20], ['An', 20], ['Giang', 10], ['Khoa', 10], ['Duy', 15],
  ['Công', 10], ['Thái', 10], ['Lực', 10], ['Hậu', 10], ['Khải', 5], ['Thuận', 10], ['Định', 10], ['Hoan', 5],
];
export const GIVEN_NAMES_FEMALE: [string, number][] = [
  ['Lan', 50], ['Hương', 60], ['Hoa', 45], ['Hằng', 50], ['Thảo', 45], ['Trang', 50], ['Linh', 50], ['Huyền', 45],
  ['Mai', 40], ['Ngọc', 30], ['Nga', 35], ['Phương', 40], ['Thủy', 45], ['Yến', 35], ['Hà', 40], ['Dung', 35],
  ['Hạnh', 35], ['Loan', 25], ['Nhung', 30], ['Oanh', 20], ['Thu', 30], ['Hiền', 35], ['Liên', 25], ['Vân', 30],
  ['Anh', 35], ['Duyên', 20], ['Quỳnh', 20], ['Chi', 15], ['Ly', 15], ['Hồng', 25], ['Tâm', 15], ['Xuân', 20],
  ['Nhàn', 15], ['Thanh', 20], ['Tuyết', 15], ['Huệ', 20], ['Lệ', 10], ['Giang', 15], ['My', 10], ['Ngân', 15],
  ['Thúy', 25], ['Vy', 10], ['Diệp', 5], ['Bích', 10], ['Trinh', 10], ['Nhi', 10],
];

/** Family names common among minority members, by ethnic group (the group's name as in ETHNIC_GROUPS). */
export const MINORITY_FAMILY_NAMES: Record<string, [string, number][]> = {
  'Tày': [['Hoàng', 30], ['Nông', 25], ['Lương', 15], ['Vi', 10], ['Hà', 10], ['Ma', 8], ['Lường', 5], ['Triệu', 5]],
  'Nùng': [['Hoàng', 25], ['Nông', 20], ['Lục', 10], ['Vy', 10], ['Lăng', 8], ['Chu', 5], ['Lý', 8]],
  'Dao': [['Triệu', 40], ['Bàn', 25], ['Đặng', 20], ['Lý', 15], ['Chìu', 5], ['Phùn', 5]],
  'Sán Dìu': [['Diệp', 20], ['Lỷ', 15], ['Trương', 15], ['Tằng', 10], ['Voòng', 10], ['Lục', 10], ['Phùn', 5]],
  'Sán Chay': [['Hoàng', 20], ['Lâm', 15], ['Trần', 10], ['Lý', 10], ['La', 10], ['Đặng', 5]],
  'Hoa': [['Lâm', 20], ['Trương', 20], ['Lý', 15], ['Quách', 10], ['Hứa', 10], ['Mã', 5], ['Tăng', 5]],
  'Thái': [['Lò', 25], ['Lường', 20], ['Cầm', 15], ['Quàng', 10], ['Vì', 10], ['Hà', 10], ['Tòng', 5]],
  'Mường': [['Bùi', 40], ['Đinh', 25], ['Quách', 10], ['Hà', 10], ['Xa', 5]],
  'Mông': [['Giàng', 25], ['Thào', 20], ['Vàng', 20], ['Sùng', 15], ['Lý', 10], ['Hầu', 5], ['Mùa', 5]],
  'Khmer': [['Thạch', 30], ['Sơn', 25], ['Danh', 20], ['Kim', 10], ['Lâm', 5], ['Kiên', 5]],
  'Gia Rai': [['Ksor', 30], ['Rơ Châm', 20], ['Siu', 20], ['Rơ Mah', 15], ['Nay', 10]],
  'Ê Đê': [['Niê', 30], ['Byă', 15], ['Mlô', 15], ['Êban', 15], ['Ksơr', 10], ['Adrơng', 10]],
  'Ba Na': [['Đinh', 40], ['Y', 10]],
  'Cơ Ho': [['K', 40], ['Ka', 20]],
  'Chăm': [['Thông', 20], ['Đàng', 20], ['Quảng', 20], ['Thuận', 10]],
};

/** Ethnic make-up of party members by profile: [group name as in ETHNIC_GROUPS, weight]. */
export const ETHNIC_PROFILES: Record<EthnicProfileName, [string, number][]> = {
  delta: [['Kinh', 985], ['Mường', 5], ['Tày', 4], ['Hoa', 2], ['Nùng', 2], ['Dao', 2]],
  quang_ninh: [['Kinh', 880], ['Tày', 35], ['Dao', 40], ['Sán Dìu', 17], ['Sán Chay', 14], ['Hoa', 4], ['Nùng', 6], ['Mường', 2], ['Thái', 2]],
  northeast: [['Kinh', 420], ['Tày', 260], ['Nùng', 150], ['Dao', 70], ['Mông', 40], ['Sán Chay', 20], ['Hoa', 10], ['Sán Dìu', 10], ['Giáy', 10], ['Lô Lô', 5], ['Pà Thẻn', 5]],
  northwest: [['Kinh', 420], ['Thái', 280], ['Mông', 100], ['Mường', 90], ['Dao', 40], ['Tày', 30], ['Khơ Mú', 15], ['Hà Nhì', 10], ['Giáy', 5], ['Lào', 5], ['La Hủ', 3], ['Kháng', 2]],
  north_central: [['Kinh', 930], ['Mường', 30], ['Thái', 25], ['Bru-Vân Kiều', 5], ['Tà Ôi', 4], ['Cơ Tu', 3], ['Khơ Mú', 3]],
  highlands: [['Kinh', 760], ['Gia Rai', 60], ['Ê Đê', 60], ['Ba Na', 40], ['Xơ Đăng', 25], ['Cơ Ho', 25], ['Mnông', 15], ['Tày', 8], ['Nùng', 7]],
  mekong: [['Kinh', 920], ['Khmer', 65], ['Hoa', 12], ['Chăm', 3]],
  south_east: [['Kinh', 930], ['Hoa', 25], ['Chăm', 15], ['Khmer', 8], ['Ra Glai', 8], ['Xtiêng', 7], ['Chơ Ro', 4], ['Cơ Ho', 3]],
};

/** Religions of members (most have none): [code as in RELIGIONS, weight]. */
export const RELIGION_WEIGHTS: [string, number][] = [['none', 960], ['buddhism', 28], ['catholicism', 8], ['protestantism', 2], ['cao_dai', 1], ['hoa_hao', 1]];
