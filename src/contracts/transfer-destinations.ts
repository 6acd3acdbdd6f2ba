/**
 * Choosing where to send a member (DOMAIN.md §2, transfer of party activity): the sending side searches the whole
 * country, not only its own subtree, so it sees only what it needs to pick a unit, never members or counts.
 *
 *   GET /api/transfers/destinations?q=&limit=   open units that can receive a member, by name (diacritics and case
 *                                               ignored, each word a prefix of a word of the name) or exact code;
 *                                               the kinds offered: `TRANSFER_OFFERED_KINDS` (src/rules/member-lifecycle.ts)
 */
import { z } from 'zod';
import { ownMessage, type LocalizedText } from './validation.ts';

export const TRANSFER_DESTINATION_QUERY_MIN = 2;

/** A query shorter than the minimum, refused by the schema (its length) or the search (its length once folded). */
export const TRANSFER_DESTINATION_QUERY_TOO_SHORT: LocalizedText = {
  vi: `Hãy gõ ít nhất ${TRANSFER_DESTINATION_QUERY_MIN} ký tự của tên hoặc mã để tìm`,
  en: `Type at least ${TRANSFER_DESTINATION_QUERY_MIN} characters of the name or the code to search`,
};

export const transferDestinationQuerySchema = z.strictObject({
  /** Name words (any order, each matching the start of a word) or the unit's exact code; at least 2 characters. */
  q: z.string().trim().min(TRANSFER_DESTINATION_QUERY_MIN, ownMessage(TRANSFER_DESTINATION_QUERY_TOO_SHORT)).max(100),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export type TransferDestinationQuery = z.infer<typeof transferDestinationQuerySchema>;

export const transferDestinationSchema = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  kind: z.string(),
  /** Names of the ancestors today, nearest first, up to and including the province. */
  ancestors: z.array(z.string()),
  /** The name and its ancestors: "Chi bộ 3 · Đảng bộ xã X · Đảng bộ tỉnh Y". */
  pathLabel: z.string(),
});
export type TransferDestination = z.infer<typeof transferDestinationSchema>;

export const transferDestinationListSchema = z.object({ items: z.array(transferDestinationSchema) });
export type TransferDestinationList = z.infer<typeof transferDestinationListSchema>;
