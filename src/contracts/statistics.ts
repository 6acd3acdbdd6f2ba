/**
 * Statistics (issue 12): the figures every area feeds, as of a date or over a period, for any unit the caller may see,
 * on the tree as it stood then. An area declares a source (its measures and the dimensions they break down by); the
 * statistics area answers any of them the same way. Shapes shared by server and web.
 */
import { z } from 'zod';
import { isoDateSchema } from './members.ts';
import { ownMessage } from './validation.ts';

const bilingual = z.object({ vi: z.string(), en: z.string() });

export const statisticsCatalogSchema = z.object({
  /** The edition of the forms in force on the date asked (its bands and groups). */
  edition: z.object({ key: z.string(), regulation: z.string() }),
  sources: z.array(z.object({
    key: z.string(),
    label: bilingual,
    measures: z.array(z.object({
      key: z.string(),
      /** A stock is counted on a date; a flow over a period. */
      kind: z.enum(['stock', 'flow']),
      label: bilingual,
      dimensions: z.array(z.string()),
    })),
    dimensions: z.array(z.object({ key: z.string(), label: bilingual, values: z.array(z.object({ key: z.string(), label: bilingual })) })),
  })),
});
export type StatisticsCatalog = z.infer<typeof statisticsCatalogSchema>;

export const statisticsCatalogQuerySchema = z.strictObject({ date: isoDateSchema.optional() });

const dimensionKey = z.string().regex(/^[a-zA-Z]{1,40}$/, ownMessage({
  vi: 'Tiêu chí phân tổ không hợp lệ: tối đa 40 chữ cái không dấu',
  en: 'Not a dimension key: at most 40 unaccented letters',
}));
/** A source's measure (the catalog's `measures`). */
const measureKey = z.string().regex(/^[a-zA-Z]{1,40}$/, ownMessage({
  vi: 'Số đo không hợp lệ: tối đa 40 chữ cái không dấu',
  en: 'Not a measure key: at most 40 unaccented letters',
}));
/** A statistics source's key (the catalog's `source`). */
const sourceKey = z.string().regex(/^[a-z][a-z_]{0,39}$/, ownMessage({
  vi: 'Mã nguồn số liệu không hợp lệ: tối đa 40 ký tự, gồm chữ thường không dấu và dấu _, bắt đầu bằng chữ cái',
  en: 'Not a source key: at most 40 lower-case unaccented letters and _, starting with a letter',
}));
/** A report form's key (the catalog's forms; also the form routes' parameter). */
export const formKeySchema = z.string().regex(/^[a-z][a-z-]{0,39}$/, ownMessage({
  vi: 'Mã biểu báo cáo không hợp lệ: tối đa 40 ký tự, gồm chữ thường không dấu và dấu -, bắt đầu bằng chữ cái',
  en: 'Not a form key: at most 40 lower-case unaccented letters and -, starting with a letter',
}));

/**
 * One source's figures for a unit: its stocks on `date` (default today), or with `from`, its flows over
 * [from, to] (both days counted; `to` default today) with the stocks on the eve of `from` and on `to`, so that
 * the stock at the end is the stock before plus what came in minus what went out.
 */
export const statisticsFiguresQuerySchema = z.strictObject({
  source: sourceKey,
  unitId: z.coerce.number().int().positive().max(2_147_483_647),
  date: isoDateSchema.optional(),
  from: isoDateSchema.optional(),
  to: isoDateSchema.optional(),
  /** A dimension to break every measure down by (else totals only). */
  by: dimensionKey.optional(),
  /** 'children': the same figures for each unit directly under the unit, as the tree stood then. */
  breakdown: z.enum(['children']).optional(),
});
export type StatisticsFiguresQuery = z.infer<typeof statisticsFiguresQuerySchema>;

export const statisticsFigureSchema = z.object({
  measure: z.string(),
  /** The dimension's value (null: the total of the measure). */
  value: z.string().nullable(),
  /** The unit directly under the asked one this figure is for (null: the asked unit's whole subtree). */
  unitId: z.number().nullable(),
  /** For a period: which stock ('before': on the eve of `from`; 'after': on `to`); null for flows and a date's stocks. */
  at: z.enum(['before', 'after']).nullable(),
  count: z.number(),
});
export type StatisticsFigure = z.infer<typeof statisticsFigureSchema>;

export const statisticsFiguresSchema = z.object({
  source: z.string(),
  unitId: z.number(),
  unitName: z.string(),
  edition: z.string(),
  date: isoDateSchema.nullable(),
  from: isoDateSchema.nullable(),
  to: isoDateSchema.nullable(),
  by: z.string().nullable(),
  /** With a breakdown: the units directly under the unit on the date (the period's end), in code order. */
  units: z.array(z.object({ id: z.number(), code: z.string(), name: z.string(), kind: z.string() })),
  figures: z.array(statisticsFigureSchema),
});
export type StatisticsFigures = z.infer<typeof statisticsFiguresSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Standard forms (11-HD/BTCTW): sections of figures composed from the sources, the same layout on screen, in Excel and
// in PDF.

/** Where a cell's figure comes from: the query that drills into it (its units beneath, its members). */
export const figureRefSchema = z.object({
  source: z.string(),
  measure: z.string(),
  by: z.string().nullable(),
  value: z.string().nullable(),
  at: z.enum(['before', 'after']).nullable(),
});
export type FigureRef = z.infer<typeof figureRefSchema>;

export const statisticsFormListSchema = z.object({
  forms: z.array(z.object({ key: z.string(), title: bilingual, kind: z.enum(['stock', 'flow']) })),
});

export const statisticsFormQuerySchema = z.strictObject({
  unitId: z.coerce.number().int().positive().max(2_147_483_647),
  /** A stock form's date (default today). */
  date: isoDateSchema.optional(),
  /** A flow form's period, both days counted (default: this year to today). */
  from: isoDateSchema.optional(),
  to: isoDateSchema.optional(),
});
export type StatisticsFormQuery = z.infer<typeof statisticsFormQuerySchema>;

export const statisticsFormSchema = z.object({
  key: z.string(),
  title: bilingual,
  kind: z.enum(['stock', 'flow']),
  edition: z.string(),
  regulation: z.string(),
  unitId: z.number(),
  unitName: z.string(),
  date: isoDateSchema.nullable(),
  from: isoDateSchema.nullable(),
  to: isoDateSchema.nullable(),
  sections: z.array(z.object({
    key: z.string(),
    title: bilingual,
    columns: z.array(z.object({ key: z.string(), label: bilingual })),
    rows: z.array(z.object({
      key: z.string(),
      label: bilingual,
      /** One per column, in the columns' order. */
      cells: z.array(z.object({ count: z.number(), figure: figureRefSchema })),
    })),
  })),
});
export type StatisticsForm = z.infer<typeof statisticsFormSchema>;

export const statisticsFormExportQuerySchema = statisticsFormQuerySchema.extend({ format: z.enum(['xlsx', 'pdf']) });

/** The members one figure counts (drill-down to people), a page at a time, in the caller's scope. */
export const statisticsMembersQuerySchema = z.strictObject({
  source: sourceKey,
  unitId: z.coerce.number().int().positive().max(2_147_483_647),
  measure: measureKey,
  by: dimensionKey.optional(),
  value: z.string().max(60).optional(),
  date: isoDateSchema.optional(),
  from: isoDateSchema.optional(),
  to: isoDateSchema.optional(),
  at: z.enum(['before', 'after']).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
  /** The last member id of the previous page. */
  after: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
});
export type StatisticsMembersQuery = z.infer<typeof statisticsMembersQuerySchema>;

export const statisticsMembersSchema = z.object({
  /** Whom the figure counts: the registry's members, other people (candidates: each `link` opens their file), or no one (courses). */
  who: z.enum(['members', 'people', 'none']),
  items: z.array(z.object({ id: z.number(), fullName: z.string(), birthDate: isoDateSchema, sex: z.string(), unitId: z.number(), unitName: z.string(), date: isoDateSchema, link: z.string() })),
  nextAfter: z.number().nullable(),
});
export type StatisticsMembers = z.infer<typeof statisticsMembersSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Submission and lock (issue 12, item 5)

export const statisticsSubmitRequestSchema = z.strictObject({
  formKey: formKeySchema,
  unitId: z.number().int().positive().max(2_147_483_647),
  date: isoDateSchema.optional(),
  from: isoDateSchema.optional(),
  to: isoDateSchema.optional(),
  note: z.string().trim().max(2000).optional(),
});
export type StatisticsSubmitRequest = z.infer<typeof statisticsSubmitRequestSchema>;

export const statisticsReturnRequestSchema = z.strictObject({
  reason: z.string().trim().min(1).max(2000),
  expectedRowVersion: z.number().int().min(0),
});

export const statisticsSubmissionSchema = z.object({
  id: z.number(),
  unitId: z.number(),
  unitName: z.string(),
  formKey: z.string(),
  from: isoDateSchema.nullable(),
  /** The date of a stock form, the last day of a flow form's period. */
  to: isoDateSchema,
  status: z.enum(['submitted', 'returned']),
  note: z.string().nullable(),
  submittedBy: z.number().nullable(),
  /** The submitting and returning accounts' display names, as the level above reads who sent and who returned. */
  submittedByName: z.string().nullable(),
  submittedAt: z.string(),
  returnedBy: z.number().nullable(),
  returnedByName: z.string().nullable(),
  returnedAt: z.string().nullable(),
  returnReason: z.string().nullable(),
  rowVersion: z.number(),
});
export type StatisticsSubmission = z.infer<typeof statisticsSubmissionSchema>;

export const statisticsSubmissionListQuerySchema = z.strictObject({
  /** The unit and the units directly under it. */
  unitId: z.coerce.number().int().positive().max(2_147_483_647),
  formKey: formKeySchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** The kernel's cursor of the previous page (its last submission's date and id). */
  cursor: z.string().max(200).optional(),
});
export type StatisticsSubmissionListQuery = z.infer<typeof statisticsSubmissionListQuerySchema>;
export const statisticsSubmissionListSchema = z.object({
  items: z.array(statisticsSubmissionSchema),
  nextCursor: z.string().nullable(),
  /** Counted with the first page only (null after it), up to LIST_TOTAL_CAP; `totalCapped` when more. */
  total: z.number().nullable(),
  totalCapped: z.boolean(),
});
export type StatisticsSubmissionList = z.infer<typeof statisticsSubmissionListSchema>;

/** Where a form stands for a unit and a date or period: its latest submission there (standing: locked), or null. */
export const statisticsFormSubmissionSchema = z.object({ submission: statisticsSubmissionSchema.nullable() });
export type StatisticsFormSubmission = z.infer<typeof statisticsFormSubmissionSchema>;

/** A submission beside the live figures of the same form, unit and period, every cell that differs listed. */
export const statisticsSubmissionDetailSchema = z.object({
  submission: statisticsSubmissionSchema,
  /** Whether the caller may return it now: it stands, and the caller's submit scope holds the unit's parent. */
  canReturn: z.boolean(),
  submitted: statisticsFormSchema,
  live: statisticsFormSchema,
  differences: z.array(z.object({ section: z.string(), row: z.string(), column: z.string(), submitted: z.number(), live: z.number() })),
});
export type StatisticsSubmissionDetail = z.infer<typeof statisticsSubmissionDetailSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Indicators and targets (issue 12, item 6)

/** A figure an indicator is made of: a source's measure, optionally one value of a dimension, a stock's moment. */
export const figureSpecSchema = z.strictObject({
  source: sourceKey,
  measure: measureKey,
  by: dimensionKey.optional(),
  value: z.string().max(60).optional(),
  /** For a stock over a period: at its start (the eve of the first day) or at its end (default). */
  at: z.enum(['before', 'after']).optional(),
});
export type FigureSpec = z.infer<typeof figureSpecSchema>;

export const indicatorRequestSchema = z.strictObject({
  key: z.string().trim().regex(/^[a-z][a-z0-9_-]{1,59}$/, ownMessage({
    vi: 'Mã chỉ tiêu dài 2 đến 60 ký tự, gồm chữ thường không dấu, chữ số, dấu - và _, bắt đầu bằng chữ cái',
    en: 'An indicator key is 2 to 60 lower-case unaccented letters, digits, - and _, starting with a letter',
  })),
  label: z.strictObject({ vi: z.string().trim().min(1).max(300), en: z.string().trim().min(1).max(300) }),
  /** The unit that defines it: it serves that unit and every unit beneath. */
  unitId: z.number().int().positive().max(2_147_483_647),
  numerator: figureSpecSchema,
  /** A ratio's denominator (the indicator is then a percentage); omitted: a count. */
  denominator: figureSpecSchema.optional(),
});
export type IndicatorRequest = z.infer<typeof indicatorRequestSchema>;

export const indicatorSchema = z.object({
  id: z.number(),
  key: z.string(),
  label: bilingual,
  unitId: z.number(),
  numerator: figureSpecSchema,
  denominator: figureSpecSchema.nullable(),
  kind: z.enum(['count', 'ratio']),
  rowVersion: z.number(),
});
export type Indicator = z.infer<typeof indicatorSchema>;
export const indicatorListSchema = z.object({ items: z.array(indicatorSchema) });
export const indicatorListQuerySchema = z.strictObject({ unitId: z.coerce.number().int().positive().max(2_147_483_647) });

const yearSchema = z.number().int().min(1930).max(2200);
export const targetRequestSchema = z.strictObject({
  indicatorId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  unitId: z.number().int().positive().max(2_147_483_647),
  /** The term (nhiệm kỳ), e.g. 2025–2030, and the year within it (omitted: the whole term). */
  termFrom: yearSchema,
  termTo: yearSchema,
  year: yearSchema.optional(),
  comparison: z.enum(['at_least', 'at_most']),
  /** A count, or a percentage for a ratio indicator. */
  value: z.number().min(0).max(1e12),
  /** The target of the level above that this one is a part of (its unit directly above this one's). */
  parentId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
  note: z.string().trim().max(2000).optional(),
});
export type TargetRequest = z.infer<typeof targetRequestSchema>;

export const targetProgressSchema = z.object({
  id: z.number(),
  indicator: indicatorSchema,
  unitId: z.number(),
  unitName: z.string(),
  termFrom: z.number(),
  termTo: z.number(),
  year: z.number().nullable(),
  comparison: z.enum(['at_least', 'at_most']),
  value: z.number(),
  parentId: z.number().nullable(),
  note: z.string().nullable(),
  /** The period the actual is counted over: the year (or the term) up to today. */
  from: isoDateSchema,
  to: isoDateSchema,
  numerator: z.number(),
  denominator: z.number().nullable(),
  /** The count, or the percentage for a ratio (null when the denominator is 0). */
  actual: z.number().nullable(),
  /** Null with the actual: no data to judge by yet (e.g. no review recorded), neither met nor missed. */
  met: z.boolean().nullable(),
  /** For a count to reach over a period still running: the share of the target due by today, pro rata. */
  expectedByNow: z.number().nullable(),
  /** The parts the units beneath were given, with their own progress. */
  parts: z.array(z.object({ id: z.number(), unitId: z.number(), unitName: z.string(), value: z.number(), actual: z.number().nullable(), met: z.boolean().nullable() })),
  rowVersion: z.number(),
});
export type TargetProgress = z.infer<typeof targetProgressSchema>;

export const targetDashboardQuerySchema = z.strictObject({
  unitId: z.coerce.number().int().positive().max(2_147_483_647),
  year: z.coerce.number().int().min(1930).max(2200).optional(),
});
export const targetDashboardSchema = z.object({
  unitId: z.number(),
  year: z.number(),
  targets: z.array(targetProgressSchema),
  /** "3 of 3 targets met". */
  met: z.number(),
  /** The targets with no data yet (`met` null). */
  noData: z.number(),
  total: z.number(),
});
export type TargetDashboard = z.infer<typeof targetDashboardSchema>;
