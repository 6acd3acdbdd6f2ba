/** The one schema of a date in a request or a response: the rule is `isIsoDate` (src/lib/dates.ts). */
import { z } from 'zod';
import { isIsoDate } from '../lib/dates.ts';
import { ownMessage } from './validation.ts';

/**
 * 'yyyy-mm-dd', a real calendar date PostgreSQL can store. `z.iso.date()` first (its format in the OpenAPI document,
 * its own message for a malformed or impossible date); then `isIsoDate`, which also refuses the year 0000.
 */
export const isoDateSchema = z.iso.date().refine(isIsoDate, ownMessage({
  vi: 'Không có năm 0000: ngày phải từ 01/01/0001 trở đi',
  en: 'There is no year 0000: the date must be 0001-01-01 or later',
}, 'no_year_zero'));
