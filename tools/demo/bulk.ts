/**
 * How the generator talks to PostgreSQL: its own SQL text on the generator's one transaction (`DemoSql`), rows
 * staged in its own temporary tables a few thousand per statement (`stageRows`), from which the owners' bulk
 * writers take them (`src/modules/<area>/bulk.ts`, `writeJournalFrom`), and the member tables' indexes set aside
 * during a big load.
 */
import { CompiledQuery, sql, type RawBuilder } from 'kysely';
import type { Tx } from '../../src/kernel/index.ts';

/** The generator's SQL on its transaction: text with `$n` parameters (or several statements without any). */
export interface DemoSql {
  query<R = Record<string, unknown>>(text: string, values?: readonly unknown[]): Promise<{ rows: R[]; rowCount: number }>;
}

export function demoSqlOf(tx: Tx): DemoSql {
  return {
    async query<R>(text: string, values: readonly unknown[] = []) {
      const result = await tx.executeQuery<R>(CompiledQuery.raw(text, [...values]));
      return { rows: result.rows, rowCount: Number(result.numAffectedRows ?? result.rows.length) };
    },
  };
}

/** A select of the generator's own SQL text, as a source for an owner's bulk writer. */
export function source(text: string): RawBuilder<unknown> {
  return sql.raw(text);
}

export interface Column {
  name: string;
  /** The PostgreSQL type each value is cast to: 'bigint', 'text', 'date', 'int', 'jsonb', 'boolean', 'timestamptz'… */
  type: string;
}

/**
 * Inserts rows (arrays of values in column order) into one of the generator's own tables, in chunks. Each chunk
 * travels as one text parameter, a line per row and a tab between values, that PostgreSQL splits with
 * `string_to_array` once per row ('offset 0' keeps the split from being repeated for every column): far cheaper than
 * one array literal per column, or JSON, for wide text. Values must not contain tabs or line breaks (names and
 * serialized JSON do not); jsonb values are given serialized.
 */
export async function insertRows(client: DemoSql, table: string, columns: Column[], rows: unknown[][], chunkSize = 5000): Promise<number> {
  if (rows.length === 0) return 0;
  const names = columns.map((column) => `"${column.name}"`).join(', ');
  const selects = columns.map((column, i) => `f[${i + 1}]::${column.type}`).join(', ');
  const text = `insert into ${table} (${names}) select ${selects} from (select string_to_array(l, E'\\t', '${NULL_MARK}') as f from unnest(string_to_array($1, E'\\n')) as l offset 0) as x`;
  for (let offset = 0; offset < rows.length; offset += chunkSize) {
    const slice = rows.slice(offset, offset + chunkSize);
    const lines = slice.map((row) => columns.map((_, i) => {
      const value = row[i];
      if (value === null || value === undefined) return NULL_MARK;
      const string = String(value);
      if (/[\t\n]/.test(string)) throw new Error(`a value for ${table} contains a tab or a line break: ${JSON.stringify(string.slice(0, 80))}`);
      return string;
    }).join('\t'));
    await client.query(text, [lines.join('\n')]);
  }
  return rows.length;
}

const NULL_MARK = '\\N';

/**
 * Stages rows in a new temporary table of the transaction (`seq`, then the columns), for an owner's bulk writer to
 * read in order ('select * from <table> order by seq').
 */
export async function stageRows(client: DemoSql, table: string, columns: Column[], rows: unknown[][], chunkSize = 5000): Promise<number> {
  await client.query(`create temp table ${table} (seq serial, ${columns.map((column) => `"${column.name}" ${column.type}`).join(', ')}) on commit drop`);
  return insertRows(client, table, columns, rows, chunkSize);
}

/** What `setIndexesAside` needs of a connection: `pg`'s `client.query`, or a transaction's raw queries. */
export type QueryRunner = (text: string, values?: unknown[]) => Promise<{ rows: unknown[] }>;

export interface IndexesSetAside {
  indexes: number;
  constraints: number;
  /** Builds the indexes and constraints again, from their definitions as they were read. */
  rebuild(log: (line: string) => void): Promise<void>;
}

/**
 * Drops the tables' secondary indexes (unique ones included) and their unique and foreign-key constraints, keeping
 * their definitions, read from the catalog (exactly the migrations'). Primary keys stay. Run it inside a
 * transaction: rolled back, nothing was dropped; committed, `rebuild` must have run first.
 */
export async function setIndexesAside(query: QueryRunner, tables: string[]): Promise<IndexesSetAside> {
  const indexes = (await query(`
    select i.schemaname, i.indexname, i.indexdef from pg_indexes i
    where i.schemaname = current_schema() and i.tablename = any($1::text[])
      and not exists (select 1 from pg_constraint c where c.conindid = (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass)
    order by i.tablename, i.indexname`, [tables])).rows as { schemaname: string; indexname: string; indexdef: string }[];
  const constraints = (await query(`
    select t.relname as table_name, c.conname, pg_get_constraintdef(c.oid) as def, c.contype from pg_constraint c
    join pg_class t on t.oid = c.conrelid
    where t.relname = any($1::text[]) and t.relnamespace = current_schema()::regnamespace and c.contype in ('f', 'u')
    order by c.contype desc, t.relname, c.conname`, [tables])).rows as { table_name: string; conname: string; def: string; contype: string }[];
  for (const constraint of constraints) await query(`alter table "${constraint.table_name}" drop constraint "${constraint.conname}"`);
  for (const index of indexes) await query(`drop index "${index.schemaname}"."${index.indexname}"`);
  return {
    indexes: indexes.length,
    constraints: constraints.length,
    async rebuild(log) {
      const started = Date.now();
      const timed = async (label: string, text: string) => {
        const begun = Date.now();
        await query(text);
        if (Date.now() - begun > 10_000) log(`    ${label}: ${((Date.now() - begun) / 1000).toFixed(0)} s`);
      };
      for (const index of indexes) await timed(index.indexname, index.indexdef);
      // Unique constraints first: foreign keys may rely on them.
      for (const constraint of [...constraints].sort((a, b) => (a.contype === 'u' ? 0 : 1) - (b.contype === 'u' ? 0 : 1))) {
        await timed(constraint.conname, `alter table "${constraint.table_name}" add constraint "${constraint.conname}" ${constraint.def}`);
      }
      log(`  rebuilt ${indexes.length} indexes and ${constraints.length} constraints in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    },
  };
}

/**
 * Runs a bulk load with the tables' secondary indexes and their unique and foreign-key constraints set aside, then
 * rebuilds them (a sort per index and one validating join per constraint, far cheaper than maintaining them row by
 * row). Everything happens in the caller's transaction: if a rebuilt constraint fails, nothing is kept.
 */
export async function withIndexesSetAside<T>(client: DemoSql, tables: string[], log: (line: string) => void, work: () => Promise<T>): Promise<T> {
  const setAside = await setIndexesAside((text, values) => client.query(text, values), tables);
  const result = await work();
  await setAside.rebuild(log);
  return result;
}
