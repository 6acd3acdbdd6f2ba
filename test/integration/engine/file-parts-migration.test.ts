/**
 * Migrations 0053 and 0055: the files stored whole (an import job's file, an attachment) move into their parts tables
 * as they are (one part each), and read back byte for byte through the parts.
 */
import crypto from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDb } from '../../../src/db/database.ts';
import { withDatabase } from '../../../src/db/engine.ts';
import { migrate } from '../../../src/db/migrate.ts';
import { readJobFile } from '../../../src/modules/member-import/member-import.repository.ts';
import { readAttachmentData } from '../../../src/modules/decisions/decisions.repository.ts';

describe('files stored whole before migrations 0053 and 0055', () => {
  const adminUrl = inject('adminUrl');
  // Named like the other test databases, so the run's teardown removes it even if this file crashes.
  const name = `cellbase_test_${process.pid}_${Date.now()}_file_parts`;
  const url = withDatabase(adminUrl, name);

  async function connected<T>(connectionString: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client({ connectionString });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }

  beforeAll(async () => { await connected(adminUrl, (client) => client.query(`create database ${name}`)); });
  afterAll(async () => { await connected(adminUrl, (client) => client.query(`drop database if exists ${name} with (force)`)); });

  it('move into parts as they are and read back byte for byte', async () => {
    await migrate(url, () => {}, { upTo: '0052_registry_analyze_after_load' });
    const files = [Buffer.from('Họ và tên,Giới tính\nNguyễn Văn An,Nam\n'), crypto.randomBytes(3_000_000)];
    const ids = await connected(url, async (client) => {
      await client.query(`insert into org_units (id, code, scope_path, established_on) values (1, 'T', '/1/', '2000-01-01')`);
      const inserted: number[] = [];
      for (const file of files) {
        const row = await client.query(`insert into member_import_jobs (unit_id, status, filename, format, size_bytes, sha256, file_data, headers, header_row, proposed_mapping)
          values (1, 'uploaded', 'cu.csv', 'csv', $1, 'x', $2, '[]', 1, '{}') returning id`, [file.length, file]);
        inserted.push(Number(row.rows[0].id));
      }
      const attachment = await client.query(`insert into attachments (filename, content_type, size_bytes, sha256, data)
        values ('qd.pdf', 'application/pdf', $1, 'x', $2) returning id`, [files[1]!.length, files[1]]);
      return { jobs: inserted, attachment: Number(attachment.rows[0].id) };
    });
    expect(await migrate(url)).toEqual(expect.arrayContaining(['0053_member_import_file_parts', '0055_attachment_parts']));
    const db = createDb(url);
    try {
      const parts = await db.selectFrom('member_import_file_parts').select(['job_id', 'part']).orderBy('job_id').execute();
      expect(parts).toEqual(ids.jobs.map((id) => ({ job_id: id, part: 0 })));
      for (const [index, id] of ids.jobs.entries()) {
        expect((await readJobFile(db, { id, size_bytes: files[index]!.length })).equals(files[index]!)).toBe(true);
      }
      expect((await readAttachmentData(db, { id: ids.attachment, size_bytes: files[1]!.length })).equals(files[1]!)).toBe(true);
    } finally {
      await db.destroy();
    }
  });
});
