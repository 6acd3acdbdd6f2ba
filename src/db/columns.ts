/** Column types every table declaration uses (`schema.ts` and each area's `<area>.tables.ts`). */
import type { ColumnType, Generated } from 'kysely';

/** Dates travel as 'yyyy-mm-dd' strings: the pg driver is told not to turn `date` into a JS Date. */
export type DateString = string;
export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
export type Json = ColumnType<unknown, string | undefined, string>;
/** bigint ids are parsed to numbers (safe: ids stay far below 2^53). */
export type Id = Generated<number>;
