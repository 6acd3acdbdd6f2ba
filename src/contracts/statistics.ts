/**
 * Statistics (issue 12): the figures every area feeds, as of a date or over a period, for any unit the caller may see,
 * on the tree as it stood then. An area declares a source (its measures and the dimensions they break down by); the
 * statistics area answers any of them the same way. Shapes shared by server and web.
 */
import { z } from 'zod';
import { isoDateSchema } from './members.ts';

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

const dimensionKey = z.string().regex(/^[a-zA-Z]{1,40}$/, 'a dimension key');

/**
 * One source's figures for a unit: its stocks on `date` (default today), or with `from`, its flows over
 * [from, to] (both days counted; `to` default today) with the stocks on the eve of `from` and on `to`, so that
 * the stock at the end is the stock before plus what came in minus what went out.
 */
export const statisticsFiguresQuerySchema = z.strictObject({
  source: z.string().regex(/^[a-z][a-z_]{0,39}$/, 'a source key'),
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
