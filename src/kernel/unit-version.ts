/**
 * "The unit's version on a date": a version of `org_unit_versions` is in force on D when it is not voided and
 * `valid_from <= D and (valid_to is null or valid_to > D)` (half-open intervals, DESIGN "history never
 * overwritten"). The current version is the open one. One place for both conditions.
 */
import { sql, type Expression, type SqlBool } from 'kysely';

/** The version aliased `alias` is in force on `date` (a 'yyyy-mm-dd' string or a SQL expression of a date). */
export function versionInForce(alias: string, date: string | Expression<string>): Expression<SqlBool> {
  const column = (name: string) => sql.ref(`${alias}.${name}`);
  return sql<SqlBool>`${column('voided_by_batch_id')} is null and ${column('valid_from')} <= ${date} and (${column('valid_to')} is null or ${column('valid_to')} > ${date})`;
}

/** The version aliased `alias` is the unit's current one (open, not voided). */
export function versionIsCurrent(alias: string): Expression<SqlBool> {
  return sql<SqlBool>`${sql.ref(`${alias}.valid_to`)} is null and ${sql.ref(`${alias}.voided_by_batch_id`)} is null`;
}
