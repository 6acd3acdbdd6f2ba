/**
 * Places for demo data: the 63 provincial-level units before 1/7/2025 and the 34 they were merged into
 * (DOMAIN.md §10, Resolution 202/2025/QH15), with rough party sizes, and the real districts of Quảng Ninh.
 * Sizes are approximations for realistic proportions, not official statistics.
 */

export interface OldProvince {
  name: string;
  /** 'tỉnh' or 'thành phố' (centrally governed city). */
  type: 'tỉnh' | 'thành phố';
  /** Administrative code: the first three digits of a citizen ID issued there. */
  code: string;
  /** Members, in thousands (approximate). */
  membersK: number;
  /** District-level units before 1/7/2025. */
  districts: number;
  /** Communes, wards and townships before 1/7/2025. */
  communes: number;
  /** Ethnicity profile of its members (see `ETHNIC_PROFILES` in people.ts). */
  ethnicProfile: EthnicProfileName;
  region: 'north' | 'central' | 'south';
}

export type EthnicProfileName = 'delta' | 'quang_ninh' | 'northeast' | 'northwest' | 'north_central' | 'highlands' | 'mekong' | 'south_east';

export const OLD_PROVINCES: OldProvince[] = [
  { name: 'Hà Nội', type: 'thành phố', code: '001', membersK: 480, districts: 30, communes: 579, ethnicProfile: 'delta', region: 'north' },
  { name: 'Hà Giang', type: 'tỉnh', code: '002', membersK: 50, districts: 11, communes: 193, ethnicProfile: 'northeast', region: 'north' },
  { name: 'Cao Bằng', type: 'tỉnh', code: '004', membersK: 50, districts: 10, communes: 161, ethnicProfile: 'northeast', region: 'north' },
  { name: 'Bắc Kạn', type: 'tỉnh', code: '006', membersK: 30, districts: 8, communes: 108, ethnicProfile: 'northeast', region: 'north' },
  { name: 'Tuyên Quang', type: 'tỉnh', code: '008', membersK: 60, districts: 7, communes: 124, ethnicProfile: 'northeast', region: 'north' },
  { name: 'Lào Cai', type: 'tỉnh', code: '010', membersK: 55, districts: 9, communes: 152, ethnicProfile: 'northwest', region: 'north' },
  { name: 'Điện Biên', type: 'tỉnh', code: '011', membersK: 45, districts: 10, communes: 129, ethnicProfile: 'northwest', region: 'north' },
  { name: 'Lai Châu', type: 'tỉnh', code: '012', membersK: 30, districts: 8, communes: 106, ethnicProfile: 'northwest', region: 'north' },
  { name: 'Sơn La', type: 'tỉnh', code: '014', membersK: 75, districts: 12, communes: 200, ethnicProfile: 'northwest', region: 'north' },
  { name: 'Yên Bái', type: 'tỉnh', code: '015', membersK: 60, districts: 9, communes: 168, ethnicProfile: 'northwest', region: 'north' },
  { name: 'Hòa Bình', type: 'tỉnh', code: '017', membersK: 70, districts: 10, communes: 151, ethnicProfile: 'northwest', region: 'north' },
  { name: 'Thái Nguyên', type: 'tỉnh', code: '019', membersK: 100, districts: 9, communes: 172, ethnicProfile: 'northeast', region: 'north' },
  { name: 'Lạng Sơn', type: 'tỉnh', code: '020', membersK: 60, districts: 11, communes: 200, ethnicProfile: 'northeast', region: 'north' },
  { name: 'Quảng Ninh', type: 'tỉnh', code: '022', membersK: 100, districts: 13, communes: 171, ethnicProfile: 'quang_ninh', region: 'north' },
  { name: 'Bắc Giang', type: 'tỉnh', code: '024', membersK: 110, districts: 10, communes: 192, ethnicProfile: 'delta', region: 'north' },
  { name: 'Phú Thọ', type: 'tỉnh', code: '025', membersK: 110, districts: 13, communes: 225, ethnicProfile: 'delta', region: 'north' },
  { name: 'Vĩnh Phúc', type: 'tỉnh', code: '026', membersK: 70, districts: 9, communes: 121, ethnicProfile: 'delta', region: 'north' },
  { name: 'Bắc Ninh', type: 'tỉnh', code: '027', membersK: 70, districts: 8, communes: 121, ethnicProfile: 'delta', region: 'north' },
  { name: 'Hải Dương', type: 'tỉnh', code: '030', membersK: 120, districts: 12, communes: 207, ethnicProfile: 'delta', region: 'north' },
  { name: 'Hải Phòng', type: 'thành phố', code: '031', membersK: 140, districts: 15, communes: 167, ethnicProfile: 'delta', region: 'north' },
  { name: 'Hưng Yên', type: 'tỉnh', code: '033', membersK: 80, districts: 10, communes: 139, ethnicProfile: 'delta', region: 'north' },
  { name: 'Thái Bình', type: 'tỉnh', code: '034', membersK: 140, districts: 8, communes: 260, ethnicProfile: 'delta', region: 'north' },
  { name: 'Hà Nam', type: 'tỉnh', code: '035', membersK: 50, districts: 6, communes: 98, ethnicProfile: 'delta', region: 'north' },
  { name: 'Nam Định', type: 'tỉnh', code: '036', membersK: 130, districts: 10, communes: 175, ethnicProfile: 'delta', region: 'north' },
  { name: 'Ninh Bình', type: 'tỉnh', code: '037', membersK: 60, districts: 8, communes: 119, ethnicProfile: 'delta', region: 'north' },
  { name: 'Thanh Hóa', type: 'tỉnh', code: '038', membersK: 230, districts: 26, communes: 547, ethnicProfile: 'north_central', region: 'central' },
  { name: 'Nghệ An', type: 'tỉnh', code: '040', membersK: 230, districts: 21, communes: 412, ethnicProfile: 'north_central', region: 'central' },
  { name: 'Hà Tĩnh', type: 'tỉnh', code: '042', membersK: 100, districts: 13, communes: 209, ethnicProfile: 'north_central', region: 'central' },
  { name: 'Quảng Bình', type: 'tỉnh', code: '044', membersK: 60, districts: 8, communes: 145, ethnicProfile: 'north_central', region: 'central' },
  { name: 'Quảng Trị', type: 'tỉnh', code: '045', membersK: 45, districts: 10, communes: 125, ethnicProfile: 'north_central', region: 'central' },
  { name: 'Thừa Thiên Huế', type: 'tỉnh', code: '046', membersK: 60, districts: 9, communes: 133, ethnicProfile: 'north_central', region: 'central' },
  { name: 'Đà Nẵng', type: 'thành phố', code: '048', membersK: 60, districts: 8, communes: 56, ethnicProfile: 'delta', region: 'central' },
  { name: 'Quảng Nam', type: 'tỉnh', code: '049', membersK: 90, districts: 18, communes: 233, ethnicProfile: 'north_central', region: 'central' },
  { name: 'Quảng Ngãi', type: 'tỉnh', code: '051', membersK: 75, districts: 13, communes: 173, ethnicProfile: 'north_central', region: 'central' },
  { name: 'Bình Định', type: 'tỉnh', code: '052', membersK: 80, districts: 11, communes: 155, ethnicProfile: 'north_central', region: 'central' },
  { name: 'Phú Yên', type: 'tỉnh', code: '054', membersK: 45, districts: 9, communes: 106, ethnicProfile: 'north_central', region: 'central' },
  { name: 'Khánh Hòa', type: 'tỉnh', code: '056', membersK: 55, districts: 9, communes: 136, ethnicProfile: 'south_east', region: 'central' },
  { name: 'Ninh Thuận', type: 'tỉnh', code: '058', membersK: 25, districts: 7, communes: 65, ethnicProfile: 'south_east', region: 'central' },
  { name: 'Bình Thuận', type: 'tỉnh', code: '060', membersK: 50, districts: 10, communes: 123, ethnicProfile: 'south_east', region: 'south' },
  { name: 'Kon Tum', type: 'tỉnh', code: '062', membersK: 35, districts: 10, communes: 102, ethnicProfile: 'highlands', region: 'central' },
  { name: 'Gia Lai', type: 'tỉnh', code: '064', membersK: 65, districts: 17, communes: 218, ethnicProfile: 'highlands', region: 'central' },
  { name: 'Đắk Lắk', type: 'tỉnh', code: '066', membersK: 85, districts: 15, communes: 184, ethnicProfile: 'highlands', region: 'central' },
  { name: 'Đắk Nông', type: 'tỉnh', code: '067', membersK: 30, districts: 8, communes: 71, ethnicProfile: 'highlands', region: 'central' },
  { name: 'Lâm Đồng', type: 'tỉnh', code: '068', membersK: 60, districts: 12, communes: 142, ethnicProfile: 'highlands', region: 'central' },
  { name: 'Bình Phước', type: 'tỉnh', code: '070', membersK: 40, districts: 11, communes: 111, ethnicProfile: 'south_east', region: 'south' },
  { name: 'Tây Ninh', type: 'tỉnh', code: '072', membersK: 45, districts: 9, communes: 94, ethnicProfile: 'south_east', region: 'south' },
  { name: 'Bình Dương', type: 'tỉnh', code: '074', membersK: 60, districts: 9, communes: 91, ethnicProfile: 'south_east', region: 'south' },
  { name: 'Đồng Nai', type: 'tỉnh', code: '075', membersK: 90, districts: 11, communes: 170, ethnicProfile: 'south_east', region: 'south' },
  { name: 'Bà Rịa - Vũng Tàu', type: 'tỉnh', code: '077', membersK: 50, districts: 8, communes: 77, ethnicProfile: 'south_east', region: 'south' },
  { name: 'Hồ Chí Minh', type: 'thành phố', code: '079', membersK: 240, districts: 22, communes: 273, ethnicProfile: 'south_east', region: 'south' },
  { name: 'Long An', type: 'tỉnh', code: '080', membersK: 65, districts: 15, communes: 186, ethnicProfile: 'mekong', region: 'south' },
  { name: 'Tiền Giang', type: 'tỉnh', code: '082', membersK: 75, districts: 11, communes: 172, ethnicProfile: 'mekong', region: 'south' },
  { name: 'Bến Tre', type: 'tỉnh', code: '083', membersK: 75, districts: 9, communes: 157, ethnicProfile: 'mekong', region: 'south' },
  { name: 'Trà Vinh', type: 'tỉnh', code: '084', membersK: 45, districts: 9, communes: 106, ethnicProfile: 'mekong', region: 'south' },
  { name: 'Vĩnh Long', type: 'tỉnh', code: '086', membersK: 50, districts: 8, communes: 107, ethnicProfile: 'mekong', region: 'south' },
  { name: 'Đồng Tháp', type: 'tỉnh', code: '087', membersK: 75, districts: 12, communes: 143, ethnicProfile: 'mekong', region: 'south' },
  { name: 'An Giang', type: 'tỉnh', code: '089', membersK: 70, districts: 11, communes: 155, ethnicProfile: 'mekong', region: 'south' },
  { name: 'Kiên Giang', type: 'tỉnh', code: '091', membersK: 65, districts: 15, communes: 144, ethnicProfile: 'mekong', region: 'south' },
  { name: 'Cần Thơ', type: 'thành phố', code: '092', membersK: 50, districts: 9, communes: 80, ethnicProfile: 'mekong', region: 'south' },
  { name: 'Hậu Giang', type: 'tỉnh', code: '093', membersK: 30, districts: 8, communes: 75, ethnicProfile: 'mekong', region: 'south' },
  { name: 'Sóc Trăng', type: 'tỉnh', code: '094', membersK: 55, districts: 11, communes: 108, ethnicProfile: 'mekong', region: 'south' },
  { name: 'Bạc Liêu', type: 'tỉnh', code: '095', membersK: 30, districts: 7, communes: 64, ethnicProfile: 'mekong', region: 'south' },
  { name: 'Cà Mau', type: 'tỉnh', code: '096', membersK: 50, districts: 9, communes: 100, ethnicProfile: 'mekong', region: 'south' },
];

export interface NewProvince {
  name: string;
  type: 'tỉnh' | 'thành phố';
  /** The old provinces merged into it (the first gives its name and seat); one entry means unchanged. */
  from: string[];
  /** Communes, wards and special zones from 1/7/2025. */
  communes: number;
}

/** The 34 provincial-level units from 1/7/2025 (DOMAIN.md §10). */
export const NEW_PROVINCES: NewProvince[] = [
  { name: 'Hà Nội', type: 'thành phố', from: ['Hà Nội'], communes: 126 },
  { name: 'Huế', type: 'thành phố', from: ['Thừa Thiên Huế'], communes: 40 },
  { name: 'Lai Châu', type: 'tỉnh', from: ['Lai Châu'], communes: 38 },
  { name: 'Điện Biên', type: 'tỉnh', from: ['Điện Biên'], communes: 45 },
  { name: 'Sơn La', type: 'tỉnh', from: ['Sơn La'], communes: 75 },
  { name: 'Lạng Sơn', type: 'tỉnh', from: ['Lạng Sơn'], communes: 65 },
  { name: 'Quảng Ninh', type: 'tỉnh', from: ['Quảng Ninh'], communes: 54 },
  { name: 'Thanh Hóa', type: 'tỉnh', from: ['Thanh Hóa'], communes: 166 },
  { name: 'Nghệ An', type: 'tỉnh', from: ['Nghệ An'], communes: 130 },
  { name: 'Hà Tĩnh', type: 'tỉnh', from: ['Hà Tĩnh'], communes: 69 },
  { name: 'Cao Bằng', type: 'tỉnh', from: ['Cao Bằng'], communes: 56 },
  { name: 'Tuyên Quang', type: 'tỉnh', from: ['Tuyên Quang', 'Hà Giang'], communes: 124 },
  { name: 'Lào Cai', type: 'tỉnh', from: ['Lào Cai', 'Yên Bái'], communes: 99 },
  { name: 'Thái Nguyên', type: 'tỉnh', from: ['Thái Nguyên', 'Bắc Kạn'], communes: 92 },
  { name: 'Phú Thọ', type: 'tỉnh', from: ['Phú Thọ', 'Vĩnh Phúc', 'Hòa Bình'], communes: 148 },
  { name: 'Bắc Ninh', type: 'tỉnh', from: ['Bắc Ninh', 'Bắc Giang'], communes: 99 },
  { name: 'Hưng Yên', type: 'tỉnh', from: ['Hưng Yên', 'Thái Bình'], communes: 104 },
  { name: 'Hải Phòng', type: 'thành phố', from: ['Hải Phòng', 'Hải Dương'], communes: 114 },
  { name: 'Ninh Bình', type: 'tỉnh', from: ['Ninh Bình', 'Hà Nam', 'Nam Định'], communes: 129 },
  { name: 'Quảng Trị', type: 'tỉnh', from: ['Quảng Trị', 'Quảng Bình'], communes: 78 },
  { name: 'Đà Nẵng', type: 'thành phố', from: ['Đà Nẵng', 'Quảng Nam'], communes: 94 },
  { name: 'Quảng Ngãi', type: 'tỉnh', from: ['Quảng Ngãi', 'Kon Tum'], communes: 96 },
  { name: 'Gia Lai', type: 'tỉnh', from: ['Gia Lai', 'Bình Định'], communes: 135 },
  { name: 'Khánh Hòa', type: 'tỉnh', from: ['Khánh Hòa', 'Ninh Thuận'], communes: 65 },
  { name: 'Lâm Đồng', type: 'tỉnh', from: ['Lâm Đồng', 'Đắk Nông', 'Bình Thuận'], communes: 124 },
  { name: 'Đắk Lắk', type: 'tỉnh', from: ['Đắk Lắk', 'Phú Yên'], communes: 102 },
  { name: 'Hồ Chí Minh', type: 'thành phố', from: ['Hồ Chí Minh', 'Bình Dương', 'Bà Rịa - Vũng Tàu'], communes: 168 },
  { name: 'Đồng Nai', type: 'tỉnh', from: ['Đồng Nai', 'Bình Phước'], communes: 95 },
  { name: 'Tây Ninh', type: 'tỉnh', from: ['Tây Ninh', 'Long An'], communes: 96 },
  { name: 'Cần Thơ', type: 'thành phố', from: ['Cần Thơ', 'Sóc Trăng', 'Hậu Giang'], communes: 103 },
  { name: 'Vĩnh Long', type: 'tỉnh', from: ['Vĩnh Long', 'Bến Tre', 'Trà Vinh'], communes: 124 },
  { name: 'Đồng Tháp', type: 'tỉnh', from: ['Đồng Tháp', 'Tiền Giang'], communes: 102 },
  { name: 'Cà Mau', type: 'tỉnh', from: ['Cà Mau', 'Bạc Liêu'], communes: 64 },
  { name: 'An Giang', type: 'tỉnh', from: ['An Giang', 'Kiên Giang'], communes: 102 },
];

export interface DistrictSeed {
  name: string;
  /** 'thành phố', 'thị xã' or 'huyện'. */
  type: 'thành phố' | 'thị xã' | 'huyện' | 'quận';
  communes: number;
  /** Communes and wards from 1/7/2025 formed from this district's area. */
  newCommunes: number;
  /** Real commune names, when known; the rest are generated. */
  communeNames?: string[];
}

/** Quảng Ninh's 13 district-level units before 1/7/2025 and the communes formed from each area after it. */
export const QUANG_NINH_DISTRICTS: DistrictSeed[] = [
  { name: 'Hạ Long', type: 'thành phố', communes: 33, newCommunes: 12, communeNames: ['Hồng Gai', 'Bạch Đằng', 'Trần Hưng Đạo', 'Yết Kiêu', 'Hồng Hải', 'Hồng Hà', 'Cao Thắng', 'Cao Xanh', 'Hà Khánh', 'Hà Lầm', 'Hà Trung', 'Hà Tu', 'Hà Phong', 'Bãi Cháy', 'Hùng Thắng', 'Giếng Đáy', 'Hà Khẩu', 'Tuần Châu', 'Việt Hưng', 'Đại Yên', 'Hoành Bồ', 'Hòa Bình', 'Thống Nhất', 'Sơn Dương', 'Quảng La', 'Lê Lợi', 'Đồng Lâm', 'Đồng Sơn', 'Kỳ Thượng', 'Vũ Oai', 'Dân Chủ', 'Tân Dân', 'Bằng Cả'] },
  { name: 'Cẩm Phả', type: 'thành phố', communes: 16, newCommunes: 5, communeNames: ['Cẩm Bình', 'Cẩm Đông', 'Cẩm Phú', 'Cẩm Sơn', 'Cẩm Tây', 'Cẩm Thạch', 'Cẩm Thành', 'Cẩm Thịnh', 'Cẩm Thủy', 'Cẩm Trung', 'Cửa Ông', 'Mông Dương', 'Quang Hanh', 'Cẩm Hải', 'Cộng Hòa', 'Dương Huy'] },
  { name: 'Uông Bí', type: 'thành phố', communes: 10, newCommunes: 4, communeNames: ['Quang Trung', 'Thanh Sơn', 'Trưng Vương', 'Yên Thanh', 'Bắc Sơn', 'Nam Khê', 'Vàng Danh', 'Phương Đông', 'Phương Nam', 'Thượng Yên Công'] },
  { name: 'Móng Cái', type: 'thành phố', communes: 17, newCommunes: 5, communeNames: ['Hòa Lạc', 'Ka Long', 'Trần Phú', 'Ninh Dương', 'Hải Hòa', 'Bình Ngọc', 'Trà Cổ', 'Hải Yên', 'Hải Xuân', 'Hải Đông', 'Hải Sơn', 'Hải Tiến', 'Quảng Nghĩa', 'Vạn Ninh', 'Vĩnh Trung', 'Vĩnh Thực', 'Bắc Sơn'] },
  { name: 'Đông Triều', type: 'thị xã', communes: 19, newCommunes: 5, communeNames: ['Đông Triều', 'Mạo Khê', 'Đức Chính', 'Hưng Đạo', 'Kim Sơn', 'Xuân Sơn', 'Yên Thọ', 'Hoàng Quế', 'Hồng Phong', 'Hồng Thái Đông', 'Hồng Thái Tây', 'Tràng An', 'Bình Khê', 'An Sinh', 'Tràng Lương', 'Việt Dân', 'Tân Việt', 'Bình Dương', 'Thủy An'] },
  { name: 'Quảng Yên', type: 'thị xã', communes: 19, newCommunes: 5, communeNames: ['Quảng Yên', 'Đông Mai', 'Minh Thành', 'Cộng Hòa', 'Phong Cốc', 'Phong Hải', 'Tân An', 'Hà An', 'Yên Giang', 'Nam Hòa', 'Yên Hải', 'Hà Tân', 'Phương Nam', 'Cẩm La', 'Liên Hòa', 'Liên Vị', 'Tiền An', 'Hoàng Tân', 'Sông Khoai'] },
  { name: 'Vân Đồn', type: 'huyện', communes: 12, newCommunes: 1, communeNames: ['Cái Rồng', 'Đông Xá', 'Hạ Long', 'Bình Dân', 'Đoàn Kết', 'Đài Xuyên', 'Vạn Yên', 'Minh Châu', 'Quan Lạn', 'Ngọc Vừng', 'Thắng Lợi', 'Bản Sen'] },
  { name: 'Cô Tô', type: 'huyện', communes: 3, newCommunes: 1, communeNames: ['Cô Tô', 'Đồng Tiến', 'Thanh Lân'] },
  { name: 'Tiên Yên', type: 'huyện', communes: 11, newCommunes: 3, communeNames: ['Tiên Yên', 'Hà Lâu', 'Đại Dực', 'Phong Dụ', 'Điền Xá', 'Đông Ngũ', 'Yên Than', 'Đông Hải', 'Hải Lạng', 'Tiên Lãng', 'Đồng Rui'] },
  { name: 'Bình Liêu', type: 'huyện', communes: 7, newCommunes: 3, communeNames: ['Bình Liêu', 'Hoành Mô', 'Đồng Tâm', 'Đồng Văn', 'Vô Ngại', 'Lục Hồn', 'Húc Động'] },
  { name: 'Đầm Hà', type: 'huyện', communes: 9, newCommunes: 3, communeNames: ['Đầm Hà', 'Quảng Lâm', 'Quảng An', 'Quảng Tân', 'Dực Yên', 'Đại Bình', 'Tân Bình', 'Tân Lập', 'Quảng Lợi'] },
  { name: 'Hải Hà', type: 'huyện', communes: 11, newCommunes: 4, communeNames: ['Quảng Hà', 'Quảng Đức', 'Quảng Sơn', 'Quảng Thành', 'Quảng Thịnh', 'Quảng Minh', 'Quảng Chính', 'Quảng Long', 'Đường Hoa', 'Quảng Phong', 'Cái Chiên'] },
  { name: 'Ba Chẽ', type: 'huyện', communes: 8, newCommunes: 3, communeNames: ['Ba Chẽ', 'Thanh Sơn', 'Thanh Lâm', 'Đạp Thanh', 'Nam Sơn', 'Lương Mông', 'Đồn Đạc', 'Minh Cầm'] },
];

// Two-syllable place names are built from these (Sino-Vietnamese elements common in commune names).
export const PLACE_FIRST = ['Tân', 'Hòa', 'An', 'Bình', 'Phú', 'Đông', 'Tây', 'Nam', 'Bắc', 'Thanh', 'Hưng', 'Long', 'Vĩnh', 'Xuân', 'Quang', 'Đức', 'Minh', 'Hồng', 'Thạch', 'Cẩm', 'Kim', 'Ngọc', 'Trung', 'Phước', 'Mỹ', 'Thái', 'Yên', 'Hải', 'Sơn', 'Lạc', 'Thuận', 'Quảng', 'Nghĩa', 'Thịnh', 'Lộc', 'Hiệp', 'Hợp', 'Định', 'Lợi', 'Thắng', 'Thành', 'Hà', 'Lâm', 'Đại', 'Cao', 'Châu', 'Phong', 'Tiến', 'Hoàng', 'Liên', 'Trường', 'Khánh', 'Tam', 'Tường', 'Gia', 'Nhân', 'Văn', 'Việt', 'Đồng', 'Kỳ'];
export const PLACE_SECOND = ['Phú', 'Hòa', 'An', 'Bình', 'Sơn', 'Thành', 'Lợi', 'Hưng', 'Thịnh', 'Lộc', 'Phong', 'Tiến', 'Xuân', 'Long', 'Hải', 'Lâm', 'Thắng', 'Trung', 'Quang', 'Minh', 'Đức', 'Tân', 'Lạc', 'Yên', 'Thuận', 'Hiệp', 'Hà', 'Giang', 'Khê', 'Điền', 'Mỹ', 'Lập', 'Tường', 'Nghĩa', 'Phước', 'Hội', 'Vinh', 'Thái', 'Định', 'Châu', 'Đông', 'Tây', 'Nam', 'Bắc', 'Cường', 'Hợp', 'Kim', 'Ninh', 'Quý', 'Thọ'];

export const VILLAGE_NAMES = ['Đồng Tâm', 'Đoàn Kết', 'Thống Nhất', 'Quyết Thắng', 'Tân Lập', 'Bình Minh', 'Hợp Thành', 'Đông Sơn', 'Nam Hải', 'Tây Sơn', 'Trung Tâm', 'Hồng Phong', 'Đồng Cao', 'Bãi Dài', 'Khe Tâm', 'Đồng Mỏ', 'Nà Cáy', 'Pác Cáy', 'Làng Đài', 'Đồng Ho', 'Cống Mương', 'Thác Bưởi', 'Khe Lục', 'Đồng Bé', 'Làng Ngang', 'Xóm Mới', 'Phú Hải', 'Tân Tiến', 'Hòa Bình', 'Chiến Thắng', 'Đồng Danh', 'Đồng Giữa', 'Cầu Sắt', 'Yên Mỹ', 'An Thịnh', 'Hải Bình', 'Vạn Hoa', 'Đông Hà', 'Thủy Cơ', 'Ba Xã'];

export const COMPANY_WORDS = ['Thành Đạt', 'Hoàng Long', 'Minh Phát', 'Phú Cường', 'Tân Việt', 'Đông Á', 'Hải Phong', 'Việt Hưng', 'Trường Sơn', 'An Phú', 'Bình Minh', 'Sao Mai', 'Hồng Hà', 'Đại Dương', 'Thái Bình Dương', 'Phương Nam', 'Hưng Thịnh', 'Kim Long', 'Vạn Xuân', 'Hòa Phát', 'Thăng Long', 'Đất Mỏ', 'Tiến Phát', 'Ánh Dương', 'Nam Việt', 'Bắc Hà', 'Toàn Thắng', 'Quang Minh', 'Thuận An', 'Gia Huy'];
export const COMPANY_TRADES = ['Xây dựng', 'Thương mại và Dịch vụ', 'Vận tải', 'Cơ khí', 'Môi trường đô thị', 'Thủy sản', 'Xuất nhập khẩu', 'Du lịch', 'Điện lực', 'Cấp nước', 'Vật liệu xây dựng', 'Kinh doanh than', 'May mặc', 'Chế biến gỗ', 'Nông sản', 'Cảng biển', 'Công trình giao thông', 'Tư vấn thiết kế'];
export const FDI_NAMES = ['Texhong', 'Foxconn', 'Samsung Electronics', 'Jinko Solar', 'Luxshare', 'Pegatron', 'Amkor', 'Foster Electric', 'Canon', 'Hyosung', 'LG Innotek', 'Goertek'];
export const COAL_MINES = ['Hà Lầm', 'Núi Béo', 'Hà Tu', 'Hòn Gai', 'Mông Dương', 'Khe Chàm', 'Dương Huy', 'Quang Hanh', 'Thống Nhất', 'Hạ Long', 'Cọc Sáu', 'Cao Sơn', 'Đèo Nai', 'Vàng Danh', 'Nam Mẫu', 'Uông Bí', 'Mạo Khê', 'Hồng Thái'];
