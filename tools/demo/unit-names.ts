/**
 * Names of party organizations as they are written in Vietnam: "Chi bộ thôn Đồng Tâm", "Đảng bộ xã Tiên Lãng",
 * "Chi bộ Công ty TNHH Thành Đạt", "Đảng bộ Trung tâm Y tế huyện Tiên Yên", and templates of the grassroots
 * organizations found under a district and under the provincial bloc committees.
 */
import type { OrgSector } from '../../src/contracts/org-kinds.ts';
import type { HostProfile } from './org-world.ts';
import { COMPANY_TRADES, COMPANY_WORDS, FDI_NAMES } from './places.ts';
import type { Random } from './random.ts';

export interface PlaceContext {
  /** e.g. "Tiên Yên" */
  name: string;
  /** e.g. "huyện", "thành phố", "thị xã", "quận"; for a province "tỉnh" or "thành phố". */
  type: string;
}

export interface GrassrootsTemplate {
  sector: OrgSector;
  /** Chance that the organization is a grassroots committee (with cells) rather than a grassroots cell. */
  committeeChance: number;
  host: HostProfile;
  /** Name without the "Chi bộ"/"Đảng bộ" prefix. */
  name(place: PlaceContext, random: Random): string;
  /** Names of cells under it when it is a committee. */
  cells: readonly string[];
}

const HOSPITAL_CELLS = ['Khoa Nội', 'Khoa Ngoại', 'Khoa Sản', 'Khoa Nhi', 'Khoa Khám bệnh', 'Khoa Hồi sức cấp cứu', 'Khoa Dược', 'Khoa Xét nghiệm', 'Phòng Kế hoạch tổng hợp', 'Phòng Tổ chức - Hành chính', 'Khoa Kiểm soát bệnh tật', 'Khoa Y học cổ truyền'];
const POLICE_CELLS = ['Đội Cảnh sát hình sự', 'Đội An ninh', 'Đội Cảnh sát giao thông', 'Đội Tham mưu - Tổng hợp', 'Đội Cảnh sát quản lý hành chính', 'Đội Cảnh sát kinh tế', 'Đội Cảnh sát điều tra tội phạm về ma túy', 'Đội Cảnh sát phòng cháy chữa cháy', 'Đội Cảnh sát thi hành án hình sự'];
const MILITARY_CELLS = ['Cơ quan Tham mưu', 'Cơ quan Chính trị', 'Cơ quan Hậu cần - Kỹ thuật', 'Đại đội 1', 'Đại đội 2', 'Đại đội 3', 'Tiểu đoàn 1', 'Tiểu đoàn 2', 'Trung đội Dân quân cơ động'];
const ENTERPRISE_CELLS = ['Phòng Kỹ thuật', 'Phòng Kế hoạch - Vật tư', 'Phòng Tài chính - Kế toán', 'Phòng Tổ chức - Lao động', 'Phân xưởng Cơ điện', 'Phân xưởng Vận tải', 'Đội Sản xuất số 1', 'Đội Sản xuất số 2', 'Đội Sản xuất số 3', 'Phân xưởng Sàng tuyển', 'Xí nghiệp Xây lắp', 'Chi nhánh Miền Bắc'];
const AGENCY_CELLS = ['Văn phòng', 'Phòng Tổ chức cán bộ', 'Phòng Kế hoạch - Tài chính', 'Thanh tra', 'Phòng Pháp chế', 'Phòng Quản lý chuyên ngành', 'Chi cục trực thuộc', 'Trung tâm trực thuộc'];
const DISTRICT_GOVERNMENT_CELLS = ['Văn phòng HĐND và UBND', 'Phòng Tài chính - Kế hoạch', 'Phòng Nội vụ', 'Phòng Giáo dục và Đào tạo', 'Phòng Tài nguyên và Môi trường', 'Phòng Kinh tế - Hạ tầng', 'Phòng Lao động - Thương binh và Xã hội', 'Phòng Văn hóa và Thông tin', 'Thanh tra', 'Phòng Tư pháp', 'Phòng Nông nghiệp và Phát triển nông thôn', 'Phòng Y tế'];
const DISTRICT_PARTY_CELLS = ['Văn phòng', 'Ban Tổ chức', 'Ủy ban Kiểm tra', 'Ban Tuyên giáo', 'Ban Dân vận', 'Ủy ban Mặt trận Tổ quốc', 'Đoàn Thanh niên', 'Hội Nông dân', 'Hội Liên hiệp Phụ nữ', 'Hội Cựu chiến binh'];
const SCHOOL_CELLS = ['Khoa Khoa học cơ bản', 'Khoa Kinh tế', 'Khoa Kỹ thuật', 'Khoa Sư phạm', 'Phòng Đào tạo', 'Phòng Hành chính - Tổng hợp', 'Khoa Ngoại ngữ'];

const place = (p: PlaceContext) => `${p.type} ${p.name}`;
const company = (random: Random) => `${random.pick(COMPANY_TRADES)} ${random.pick(COMPANY_WORDS)}`;

/** Grassroots organizations under a district committee (before 1/7/2025). */
export const DISTRICT_GRASSROOTS: readonly (GrassrootsTemplate & { weight: number })[] = [
  { weight: 1, sector: 'agency', committeeChance: 1, host: 'agency', name: (p) => `Cơ quan chính quyền ${place(p)}`, cells: DISTRICT_GOVERNMENT_CELLS },
  { weight: 1, sector: 'agency', committeeChance: 1, host: 'agency', name: (p) => `Cơ quan Đảng - Đoàn thể ${place(p)}`, cells: DISTRICT_PARTY_CELLS },
  { weight: 1, sector: 'agency', committeeChance: 0, host: 'agency', name: (p) => `Tòa án nhân dân ${place(p)}`, cells: [] },
  { weight: 1, sector: 'agency', committeeChance: 0, host: 'agency', name: (p) => `Viện Kiểm sát nhân dân ${place(p)}`, cells: [] },
  { weight: 1, sector: 'agency', committeeChance: 0, host: 'agency', name: (p) => `Chi cục Thi hành án dân sự ${place(p)}`, cells: [] },
  { weight: 1, sector: 'agency', committeeChance: 0, host: 'agency', name: (p) => `Chi cục Thuế khu vực ${p.name}`, cells: [] },
  { weight: 1, sector: 'agency', committeeChance: 0, host: 'agency', name: (p) => `Kho bạc Nhà nước ${p.name}`, cells: [] },
  { weight: 1, sector: 'agency', committeeChance: 0, host: 'agency', name: (p) => `Bảo hiểm xã hội ${place(p)}`, cells: [] },
  { weight: 0.5, sector: 'agency', committeeChance: 0, host: 'agency', name: (p) => `Hạt Kiểm lâm ${p.name}`, cells: [] },
  { weight: 3, sector: 'public_service', committeeChance: 0.1, host: 'school', name: (p, r) => `Trường THPT ${r.chance(0.5) ? p.name : r.pick(['Nguyễn Trãi', 'Trần Phú', 'Lê Quý Đôn', 'Chu Văn An', 'Hoàng Hoa Thám', 'Ngô Quyền', 'Bạch Đằng', 'Lê Lợi', 'Hòn Gai', 'Nguyễn Du'])}`, cells: ['Tổ Tự nhiên', 'Tổ Xã hội', 'Tổ Ngoại ngữ', 'Tổ Văn phòng'] },
  { weight: 1, sector: 'public_service', committeeChance: 1, host: 'health', name: (p) => `Trung tâm Y tế ${place(p)}`, cells: HOSPITAL_CELLS },
  { weight: 1, sector: 'public_service', committeeChance: 0, host: 'public_service', name: (p) => `Trung tâm Chính trị ${place(p)}`, cells: [] },
  { weight: 1, sector: 'public_service', committeeChance: 0, host: 'public_service', name: (p) => `Trung tâm Văn hóa - Thông tin và Thể thao ${p.name}`, cells: [] },
  { weight: 1, sector: 'public_service', committeeChance: 0, host: 'public_service', name: (p) => `Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên ${p.name}`, cells: [] },
  { weight: 1, sector: 'public_service', committeeChance: 0, host: 'public_service', name: (p) => `Ban Quản lý dự án đầu tư xây dựng ${place(p)}`, cells: [] },
  { weight: 1, sector: 'armed_forces', committeeChance: 1, host: 'army', name: (p) => `Quân sự ${place(p)}`, cells: MILITARY_CELLS.slice(0, 4) },
  { weight: 1, sector: 'armed_forces', committeeChance: 1, host: 'police', name: (p) => `Công an ${place(p)}`, cells: POLICE_CELLS },
  { weight: 1.5, sector: 'enterprise_state', committeeChance: 0.6, host: 'enterprise_state', name: (p, r) => `Công ty TNHH MTV ${r.pick(['Môi trường đô thị', 'Thủy lợi', 'Lâm nghiệp', 'Cấp nước', 'Công trình công cộng', 'Xổ số kiến thiết'])} ${p.name}`, cells: ENTERPRISE_CELLS },
  { weight: 7, sector: 'enterprise_private', committeeChance: 0.08, host: 'enterprise_private', name: (_p, r) => `${r.pick(['Công ty TNHH', 'Công ty Cổ phần', 'Công ty Cổ phần', 'Hợp tác xã'])} ${company(r)}`, cells: ENTERPRISE_CELLS },
  { weight: 1, sector: 'enterprise_fdi', committeeChance: 0.15, host: 'enterprise_fdi', name: (_p, r) => `Công ty TNHH ${r.pick(FDI_NAMES)} Việt Nam`, cells: ENTERPRISE_CELLS },
];

export type BlocType = 'agencies' | 'enterprises' | 'military' | 'police' | 'border' | 'coal';

export interface BlocSeed {
  type: BlocType;
  name(province: PlaceContext): string;
  weight: number;
  templates: readonly (GrassrootsTemplate & { weight: number })[];
}

const DEPARTMENTS = ['Sở Nội vụ', 'Sở Tư pháp', 'Sở Tài chính', 'Sở Kế hoạch và Đầu tư', 'Sở Công Thương', 'Sở Xây dựng', 'Sở Giao thông vận tải', 'Sở Tài nguyên và Môi trường', 'Sở Nông nghiệp và Phát triển nông thôn', 'Sở Lao động - Thương binh và Xã hội', 'Sở Văn hóa và Thể thao', 'Sở Du lịch', 'Sở Khoa học và Công nghệ', 'Sở Thông tin và Truyền thông', 'Sở Ngoại vụ', 'Thanh tra tỉnh', 'Văn phòng UBND tỉnh', 'Văn phòng Tỉnh ủy', 'Ban Tổ chức Tỉnh ủy', 'Ủy ban Kiểm tra Tỉnh ủy', 'Ban Tuyên giáo Tỉnh ủy', 'Ban Dân vận Tỉnh ủy', 'Ban Nội chính Tỉnh ủy', 'Cục Thuế tỉnh', 'Kho bạc Nhà nước tỉnh', 'Bảo hiểm xã hội tỉnh', 'Cục Thống kê tỉnh', 'Cục Hải quan tỉnh', 'Tòa án nhân dân tỉnh', 'Viện Kiểm sát nhân dân tỉnh', 'Cục Thi hành án dân sự tỉnh', 'Ủy ban MTTQ tỉnh', 'Tỉnh đoàn', 'Hội Nông dân tỉnh', 'Ngân hàng Nhà nước chi nhánh tỉnh'];
const PROVINCIAL_SERVICES = ['Bệnh viện Đa khoa tỉnh', 'Bệnh viện Sản Nhi', 'Bệnh viện Y dược cổ truyền', 'Bệnh viện Phổi', 'Trung tâm Kiểm soát bệnh tật tỉnh', 'Trường Chính trị tỉnh', 'Trường Cao đẳng Y tế', 'Trường Cao đẳng Nghề', 'Báo tỉnh', 'Đài Phát thanh và Truyền hình tỉnh', 'Trung tâm Phục vụ hành chính công tỉnh', 'Bảo tàng tỉnh', 'Thư viện tỉnh', 'Trung tâm Khuyến nông'];
const PROVINCIAL_ENTERPRISES = ['Công ty Điện lực', 'Công ty Cổ phần Nước sạch', 'Viễn thông', 'Bưu điện tỉnh', 'Công ty Cổ phần Cảng', 'Công ty Xăng dầu', 'Ngân hàng TMCP Công thương chi nhánh', 'Ngân hàng Nông nghiệp và PTNT chi nhánh', 'Ngân hàng TMCP Ngoại thương chi nhánh', 'Công ty Cổ phần Xi măng', 'Công ty Cổ phần Xây dựng', 'Công ty Cổ phần Môi trường đô thị', 'Công ty TNHH MTV Xổ số kiến thiết', 'Công ty Cổ phần Vận tải'];

const suffixProvince = (p: PlaceContext) => p.name;

export const BLOCS: readonly BlocSeed[] = [
  {
    type: 'agencies', weight: 30, name: (p) => `Khối các cơ quan ${p.type === 'tỉnh' ? 'tỉnh' : 'thành phố'}`,
    templates: [
      { weight: 3, sector: 'agency', committeeChance: 0.45, host: 'agency', name: (p, r) => `${r.pick(DEPARTMENTS).replace(/ tỉnh$/, '')} ${suffixProvince(p)}`, cells: AGENCY_CELLS },
      { weight: 1.5, sector: 'public_service', committeeChance: 0.6, host: 'public_service', name: (p, r) => `${r.pick(PROVINCIAL_SERVICES).replace(/ tỉnh$/, '')} ${suffixProvince(p)}`, cells: HOSPITAL_CELLS },
      { weight: 0.3, sector: 'public_service', committeeChance: 1, host: 'school', name: (p) => `Trường Đại học ${p.name}`, cells: SCHOOL_CELLS },
    ],
  },
  {
    type: 'enterprises', weight: 20, name: (p) => `Khối Doanh nghiệp ${p.type === 'tỉnh' ? 'tỉnh' : 'thành phố'}`,
    templates: [
      { weight: 1, sector: 'enterprise_state', committeeChance: 0.6, host: 'enterprise_state', name: (p, r) => `${r.pick(PROVINCIAL_ENTERPRISES)} ${p.name}`, cells: ENTERPRISE_CELLS },
      { weight: 2, sector: 'enterprise_private', committeeChance: 0.2, host: 'enterprise_private', name: (_p, r) => `Công ty Cổ phần ${company(r)}`, cells: ENTERPRISE_CELLS },
      { weight: 0.6, sector: 'enterprise_fdi', committeeChance: 0.3, host: 'enterprise_fdi', name: (_p, r) => `Công ty TNHH ${r.pick(FDI_NAMES)} Việt Nam`, cells: ENTERPRISE_CELLS },
    ],
  },
  {
    type: 'military', weight: 8, name: (p) => `Quân sự ${p.type === 'tỉnh' ? 'tỉnh' : 'thành phố'}`,
    templates: [
      { weight: 1, sector: 'armed_forces', committeeChance: 0.8, host: 'army', name: (_p, r) => r.pick(['Cơ quan Bộ Chỉ huy Quân sự', 'Trung đoàn 244', 'Trung đoàn 43', 'Tiểu đoàn Bộ binh 1', 'Trường Quân sự', 'Kho K', 'Đại đội Trinh sát', 'Ban Chỉ huy Phòng thủ khu vực', 'Tiểu đoàn Huấn luyện', 'Đội K']), cells: MILITARY_CELLS },
    ],
  },
  {
    type: 'police', weight: 10, name: (p) => `Công an ${p.type === 'tỉnh' ? 'tỉnh' : 'thành phố'}`,
    templates: [
      { weight: 1, sector: 'armed_forces', committeeChance: 0.6, host: 'police', name: (_p, r) => r.pick(['Phòng Cảnh sát hình sự', 'Phòng An ninh chính trị nội bộ', 'Phòng Hậu cần', 'Phòng Cảnh sát giao thông', 'Trại Tạm giam', 'Phòng Tham mưu', 'Phòng Cảnh sát kinh tế', 'Phòng Quản lý xuất nhập cảnh', 'Phòng Cảnh sát cơ động', 'Phòng Kỹ thuật hình sự', 'Phòng An ninh kinh tế', 'Phòng Cảnh sát PCCC và CNCH']), cells: POLICE_CELLS },
    ],
  },
  {
    type: 'border', weight: 4, name: (p) => `Bộ đội Biên phòng ${p.type === 'tỉnh' ? 'tỉnh' : 'thành phố'}`,
    templates: [
      { weight: 1, sector: 'armed_forces', committeeChance: 0.3, host: 'army', name: (_p, r) => `Đồn Biên phòng ${r.pick(['Bắc Sơn', 'Hoành Mô', 'Pò Hèn', 'Quảng Đức', 'Trà Cổ', 'Cô Tô', 'Quan Lạn', 'Vạn Hoa', 'Cái Chiên', 'Đồng Văn', 'Hải Hà', 'Ka Long'])}`, cells: ['Đội Vũ trang', 'Đội Trinh sát', 'Đội Vận động quần chúng', 'Đội Tham mưu - Hành chính'] },
    ],
  },
];

/** Quảng Ninh's coal industry has its own committee above grassroots (Đảng bộ Than Quảng Ninh). */
export const COAL_BLOC: BlocSeed = {
  type: 'coal', weight: 25, name: () => 'Than Quảng Ninh',
  templates: [
    { weight: 1, sector: 'enterprise_state', committeeChance: 0.9, host: 'enterprise_state', name: (_p, r) => `Công ty Than ${r.pick(['Hà Lầm', 'Núi Béo', 'Hà Tu', 'Hòn Gai', 'Mông Dương', 'Khe Chàm', 'Dương Huy', 'Quang Hanh', 'Thống Nhất', 'Hạ Long', 'Cọc Sáu', 'Cao Sơn', 'Đèo Nai', 'Vàng Danh', 'Nam Mẫu', 'Uông Bí', 'Mạo Khê', 'Hồng Thái'])} - TKV`, cells: ['Phân xưởng Khai thác 1', 'Phân xưởng Khai thác 2', 'Phân xưởng Khai thác 3', 'Phân xưởng Đào lò 1', 'Phân xưởng Đào lò 2', 'Phân xưởng Cơ điện', 'Phân xưởng Vận tải lò', 'Phân xưởng Thông gió', 'Phòng Kỹ thuật Công nghệ', 'Phòng An toàn', 'Phòng Kế hoạch', 'Phân xưởng Sàng tuyển', 'Phân xưởng Xây dựng', 'Phòng Tổ chức - Lao động'] },
  ],
};

/** Cells of a commune's grassroots committee other than its villages: schools, health station, militia, police, office. */
export const COMMUNE_INSTITUTIONS: readonly { name: (commune: string, communeType: string) => string; host: HostProfile; sector: OrgSector }[] = [
  { name: (c, t) => `Cơ quan ${t} ${c}`, host: 'commune_office', sector: 'agency' },
  { name: (c, t) => `Quân sự ${t} ${c}`, host: 'militia', sector: 'armed_forces' },
  { name: (c, t) => `Công an ${t} ${c}`, host: 'police', sector: 'armed_forces' },
  { name: (c, t) => `Trạm Y tế ${t} ${c}`, host: 'health', sector: 'public_service' },
  { name: (c) => `Trường THCS ${c}`, host: 'school', sector: 'public_service' },
  { name: (c) => `Trường Tiểu học ${c}`, host: 'school', sector: 'public_service' },
  { name: (c) => `Trường Mầm non ${c}`, host: 'school', sector: 'public_service' },
];

/** Words for naming villages: "thôn …" in the north and centre, "ấp …" in the south, "khu …" / "tổ dân phố …" in towns. */
export function villageWord(region: 'north' | 'central' | 'south', urban: boolean, quangNinh: boolean): string {
  if (urban) return quangNinh ? 'khu' : region === 'south' ? 'khu phố' : 'tổ dân phố';
  return region === 'south' ? 'ấp' : 'thôn';
}
