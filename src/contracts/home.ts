/** The home page (issue 10): the caller's units and the work items each area declares, with their counts. */
import { z } from 'zod';

export const workItemSchema = z.object({
  /** Stable, `<area>.<item>`: the web names it (`workItem.<key>`, web/src/features/home/texts.*.ts). */
  key: z.string(),
  count: z.number(),
  /** The filtered list in the web app. */
  link: z.string(),
  /** What the text needs besides the count (e.g. the presentation day). */
  params: z.record(z.string(), z.union([z.string(), z.number()])),
});
export type WorkItemView = z.infer<typeof workItemSchema>;

export const homeUnitSchema = z.object({
  unitId: z.number(),
  role: z.string(),
  code: z.string(),
  name: z.string(),
  kind: z.string(),
  /** The names above it that tell it apart, nearest first (`unitPlaces`). */
  above: z.array(z.string()),
  label: z.string(),
  /** Members counted in the unit today, for a cell (null for larger units: their page has the numbers). */
  headcount: z.number().nullable(),
});

/** The caller's units and the keys of the work items the caller may see; each is counted on its own request. */
export const homeSchema = z.object({
  today: z.string(),
  units: z.array(homeUnitSchema),
  workItems: z.array(z.string()),
});
export type Home = z.infer<typeof homeSchema>;

/**
 * Counts of work items, asked by key (comma-separated; all the caller may see when left out). Asked one by one, a
 * slow count does not hold the others back. Keys the caller may not see, or that do not exist, are left out.
 */
export const workItemQuerySchema = z.strictObject({
  keys: z.string().max(1000).optional(),
});
export const workItemListSchema = z.object({ items: z.array(workItemSchema) });
export type WorkItemList = z.infer<typeof workItemListSchema>;
