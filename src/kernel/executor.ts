/**
 * What queries and commands run on. A route (or `inTransaction`) opens the one transaction of a request; every
 * command takes it as `Tx` and passes it on, so a command called inside another joins its transaction and both
 * commit or roll back together. Neither type has `transaction()`: nesting one cannot be written by mistake (Kysely
 * would throw at run time; here it does not type-check).
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Db } from '../db/database.ts';

type TransactionControl = 'transaction' | 'startTransaction' | 'connection' | 'destroy';

/** A read runs on the database or on the transaction it is part of. */
export type Executor = Omit<Kysely<Database>, TransactionControl>;

/** A command runs inside a transaction someone above it opened; the plain database is not a `Tx`. */
export type Tx = Omit<Transaction<Database>, TransactionControl>;

export type { Db };

export interface TransactionOptions {
  /** Read-only transactions (consistent multi-statement reads). */
  readOnly?: boolean;
  isolation?: 'read committed' | 'repeatable read' | 'serializable';
}

/** Opens the transaction a command (or several composed) runs in. The only `transaction()` outside `src/db`. */
export function inTransaction<T>(db: Db, work: (tx: Tx) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
  let builder = db.transaction();
  if (options.isolation) builder = builder.setIsolationLevel(options.isolation);
  if (options.readOnly) builder = builder.setAccessMode('read only');
  return builder.execute((trx) => work(trx));
}
