/**
 * The standard statistical forms (DOMAIN.md §8; 11-HD/BTCTW): each a list of sections composed from the sources'
 * figures, laid out once here and shown the same way on screen, in Excel and in PDF. A section is either
 *   - rows by a dimension's values (the edition's bands and lists, all of them, as the printed form has them), with
 *     a measure per column ("by sex: members, official, probationary"); a section without a dimension is one total row;
 *   - rows by measure (a stock before or after the period, or a flow), with a group per column (all, women, youth,
 *     minorities: a dimension's value).
 * The definitions name the sources' measures and dimensions; `checkForms` (run by the tests) refuses any name the
 * catalog does not have, so a form cannot silently count nothing.
 */
import type { StatisticsSource } from '../../http/context.ts';

type Label = { vi: string; en: string };
type At = 'before' | 'after' | null;

export interface DimensionSection {
  key: string;
  title: Label;
  source: string;
  shape: 'dimension';
  /** The dimension of the rows; null: one row, the total. */
  by: string | null;
  columns: readonly { measure: string; label?: Label }[];
}

export interface MeasureSection {
  key: string;
  title: Label;
  source: string;
  shape: 'measure';
  rows: readonly { measure: string; at?: At }[];
  /** Each column a group: a dimension's value, or everyone (null). */
  columns: readonly { key: string; label: Label; filter: { by: string; value: string } | null }[];
}

export type FormSection = DimensionSection | MeasureSection;

export interface FormDefinition {
  key: string;
  title: Label;
  /** A stock form is read on a date, a flow form over a period. */
  kind: 'stock' | 'flow';
  sections: readonly FormSection[];
}

const STATUS_COLUMNS = [{ measure: 'members' }, { measure: 'official' }, { measure: 'probationary' }] as const;
const memberDimension = (key: string, by: string, title: Label): DimensionSection => ({ key, title, source: 'members', shape: 'dimension', by, columns: STATUS_COLUMNS });

export const FORMS: readonly FormDefinition[] = [
  {
    key: 'members',
    title: { vi: 'Số lượng, chất lượng đảng viên', en: 'Members: numbers and composition' },
    kind: 'stock',
    sections: [
      { key: 'total', title: { vi: 'Tổng số đảng viên', en: 'All members' }, source: 'members', shape: 'dimension', by: null, columns: [...STATUS_COLUMNS, { measure: 'exempted' }] },
      memberDimension('sex', 'sex', { vi: 'Giới tính', en: 'Sex' }),
      memberDimension('age', 'ageBand', { vi: 'Độ tuổi', en: 'Age' }),
      memberDimension('minority', 'minority', { vi: 'Đảng viên là người dân tộc thiểu số', en: 'Members of ethnic minorities' }),
      memberDimension('ethnicity', 'ethnicity', { vi: 'Dân tộc', en: 'Ethnicity' }),
      memberDimension('believer', 'believer', { vi: 'Đảng viên là người có đạo', en: 'Believers' }),
      memberDimension('religion', 'religion', { vi: 'Tôn giáo', en: 'Religion' }),
      memberDimension('education', 'educationLevel', { vi: 'Trình độ giáo dục phổ thông', en: 'General education' }),
      memberDimension('professional', 'professionalLevel', { vi: 'Trình độ chuyên môn, nghiệp vụ', en: 'Professional level' }),
      memberDimension('theory', 'theoryLevel', { vi: 'Trình độ lý luận chính trị', en: 'Political theory' }),
      memberDimension('occupation', 'occupation', { vi: 'Nghề nghiệp', en: 'Occupation' }),
    ],
  },
  {
    key: 'member-changes',
    title: { vi: 'Biến động đảng viên', en: 'Changes in membership' },
    kind: 'flow',
    sections: [
      {
        key: 'balance', title: { vi: 'Tăng, giảm đảng viên trong kỳ', en: 'Members in and out over the period' }, source: 'members', shape: 'measure',
        rows: [
          { measure: 'members', at: 'before' },
          { measure: 'admitted' }, { measure: 'readmitted' }, { measure: 'transferredIn' }, { measure: 'restructuredIn' }, { measure: 'registered' },
          { measure: 'transferredOut' }, { measure: 'restructuredOut' }, { measure: 'removed' }, { measure: 'expelled' }, { measure: 'died' },
          { measure: 'members', at: 'after' },
          { measure: 'recognized' }, { measure: 'exemptedStarted' },
        ],
        columns: [
          { key: 'all', label: { vi: 'Tổng số', en: 'All' }, filter: null },
          { key: 'women', label: { vi: 'Nữ', en: 'Women' }, filter: { by: 'sex', value: 'female' } },
          { key: 'youth', label: { vi: 'Đến 30 tuổi', en: 'Up to 30' }, filter: { by: 'ageBand', value: 'to_30' } },
          { key: 'minority', label: { vi: 'Dân tộc thiểu số', en: 'Ethnic minorities' }, filter: { by: 'minority', value: 'yes' } },
        ],
      },
      {
        // The registry's admissions: students by occupation, the others by the sector of the grassroots organization
        // that admitted them (the admissions form's "by sector" counts the same people on the same days).
        key: 'admittedBySource',
        title: { vi: 'Kết nạp theo nguồn (học sinh, sinh viên; còn lại theo loại hình tổ chức cơ sở đảng kết nạp)', en: 'Admissions by source (students; the others by the sector of the admitting grassroots organization)' },
        source: 'members', shape: 'dimension', by: 'source',
        columns: [{ measure: 'admitted' }, { measure: 'readmitted' }],
      },
    ],
  },
  {
    // Công tác phát triển đảng viên (DOMAIN.md §8 and §9): the pipeline's files over the period, counted by the
    // admissions source in the cell that proposed each file, on the tree of each fact's date. An admission counts on
    // the admission decision's date, as in the registry's changes form (the same people, the same days).
    key: 'admissions',
    title: { vi: 'Công tác phát triển đảng viên', en: 'Admission of new members' },
    kind: 'flow',
    sections: [
      {
        key: 'pipeline', title: { vi: 'Hồ sơ kết nạp trong kỳ', en: 'Admission files over the period' }, source: 'admissions', shape: 'measure',
        rows: [
          { measure: 'candidates', at: 'before' },
          { measure: 'courseCompleted' }, { measure: 'admitted' }, { measure: 'recognized' }, { measure: 'extended' }, { measure: 'refused' },
          { measure: 'candidates', at: 'after' },
        ],
        columns: [
          { key: 'all', label: { vi: 'Tổng số', en: 'All' }, filter: null },
          { key: 'student', label: { vi: 'Học sinh, sinh viên', en: 'Students' }, filter: { by: 'source', value: 'student' } },
          { key: 'privateEnterprise', label: { vi: 'Doanh nghiệp tư nhân', en: 'Private enterprises' }, filter: { by: 'source', value: 'private_enterprise' } },
          { key: 'youthUnion', label: { vi: 'Đoàn viên thanh niên', en: 'Youth union' }, filter: { by: 'source', value: 'youth_union' } },
        ],
      },
      {
        // "14 courses for 808 candidates": the courses closed in the period, counted in the unit that organized them.
        key: 'courses', title: { vi: 'Lớp bồi dưỡng nhận thức về Đảng', en: 'Awareness courses' }, source: 'admissions', shape: 'dimension', by: null,
        columns: [{ measure: 'courses' }, { measure: 'courseParticipants' }, { measure: 'courseCompleted' }],
      },
      {
        key: 'bySource', title: { vi: 'Theo nguồn kết nạp ghi trong hồ sơ', en: "By the candidate's source, as the file records it" }, source: 'admissions', shape: 'dimension', by: 'source',
        columns: [{ measure: 'admitted' }, { measure: 'recognized' }, { measure: 'refused' }],
      },
      {
        key: 'bySector', title: { vi: 'Theo loại hình tổ chức cơ sở', en: 'By sector of the grassroots organization' }, source: 'admissions', shape: 'dimension', by: 'sector',
        columns: [{ measure: 'admitted' }, { measure: 'recognized' }],
      },
    ],
  },
  {
    key: 'organizations',
    title: { vi: 'Tổ chức đảng', en: 'Party organizations' },
    kind: 'stock',
    sections: [
      { key: 'level', title: { vi: 'Theo cấp', en: 'By level' }, source: 'organizations', shape: 'dimension', by: 'level', columns: [{ measure: 'units' }] },
      { key: 'kind', title: { vi: 'Theo loại tổ chức', en: 'By kind' }, source: 'organizations', shape: 'dimension', by: 'kind', columns: [{ measure: 'units' }] },
      { key: 'sector', title: { vi: 'Theo loại hình', en: 'By sector' }, source: 'organizations', shape: 'dimension', by: 'sector', columns: [{ measure: 'units' }] },
    ],
  },
];

/** Every name a form uses that the sources do not declare (none: the forms count what they say). */
export function checkForms(forms: readonly FormDefinition[], sources: readonly StatisticsSource[], date: string): string[] {
  const problems: string[] = [];
  for (const form of forms) {
    for (const section of form.sections) {
      const where = `${form.key}.${section.key}`;
      const source = sources.find((candidate) => candidate.key === section.source);
      if (!source) {
        problems.push(`${where}: no source ${section.source}`);
        continue;
      }
      const dimensions = new Map(source.dimensions(date).map((dimension) => [dimension.key, new Set(dimension.values.map((value) => value.key))]));
      const measureOk = (measure: string, by: string | null) => {
        const declared = source.measures.find((candidate) => candidate.key === measure);
        if (!declared) problems.push(`${where}: no measure ${measure}`);
        else if (by !== null && !declared.dimensions.includes(by)) problems.push(`${where}: ${measure} has no dimension ${by}`);
        else if (declared.kind === 'flow' && form.kind === 'stock') problems.push(`${where}: ${measure} is a flow in a stock form`);
      };
      if (section.shape === 'dimension') {
        if (section.by !== null && !dimensions.has(section.by)) problems.push(`${where}: no dimension ${section.by}`);
        for (const column of section.columns) measureOk(column.measure, section.by);
      } else {
        for (const column of section.columns) {
          if (column.filter && !dimensions.get(column.filter.by)?.has(column.filter.value)) problems.push(`${where}: no value ${column.filter.by}=${column.filter.value}`);
          for (const row of section.rows) measureOk(row.measure, column.filter?.by ?? null);
        }
      }
    }
  }
  return problems;
}
