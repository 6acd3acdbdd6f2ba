/**
 * Files kept in the database in parts (the import's uploaded files, migration 0053; attachments, 0055): each part is
 * written by a statement of its own and the parts are read back in order through one binary COPY (copy-out.ts). A file
 * stored as one value is one bind message, built in one turn of the event loop: 0.36–0.44 s for a 56 MB file, in which
 * no other request was answered (member-import/NOTES.md, "Bounds on an uploaded file").
 */
import { sql, type QueryExecutorProvider } from 'kysely';
import { copyOutBytes } from './copy-out.ts';
import type { Db } from './database.ts';

/** The largest part: what one statement sends, and what one turn of the event loop copies to send it. */
export const FILE_PART_BYTES = 1024 * 1024;

/** The tables that keep files in parts, each with the column naming the part's owner. */
const PARTS_TABLES = {
  member_import_file_parts: 'job_id',
  attachment_parts: 'attachment_id',
} as const;
export type PartsTable = keyof typeof PARTS_TABLES;

/** The file cut into parts of `FILE_PART_BYTES`, in order: views of its memory, not copies. Empty for an empty file. */
function fileParts(data: Buffer): Buffer[] {
  const parts: Buffer[] = [];
  for (let start = 0; start < data.length; start += FILE_PART_BYTES) parts.push(data.subarray(start, start + FILE_PART_BYTES));
  return parts;
}

/** Stores `data` as the parts of `ownerId`'s file in `table`, one statement a part, in the caller's transaction. */
export async function writeFileParts(db: QueryExecutorProvider, table: PartsTable, ownerId: number, data: Buffer): Promise<void> {
  for (const [part, bytes] of fileParts(data).entries()) {
    await sql`insert into ${sql.table(table)} (${sql.ref(PARTS_TABLES[table])}, part, data) values (${ownerId}, ${part}, ${bytes})`.execute(db);
  }
}

/**
 * `ownerId`'s file in `table`, its parts in order through one binary COPY (`copyOutBytes`), which must make `sizeBytes`
 * in all: a socket chunk per turn of the event loop, where a bytea selected as a column arrives as hex taken apart in
 * one turn (a 20 MB file: 415–553 ms).
 */
export async function readFileParts(db: Db, table: PartsTable, ownerId: number, sizeBytes: number): Promise<Buffer> {
  // COPY takes no parameters: the table and its column come from the list above, the id is a number, checked as one.
  if (!Number.isSafeInteger(ownerId)) throw new Error(`readFileParts: ${ownerId} is not an id`);
  return copyOutBytes(db, `select data from ${table} where ${PARTS_TABLES[table]} = ${ownerId} order by part`, sizeBytes);
}
