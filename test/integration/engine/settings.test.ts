import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { embeddedServerSettings } from '../../../src/db/engine.ts';

const GB = 1024 ** 3;

describe('the embedded engine settings', () => {
  it('give shared buffers a quarter of the memory, between 128 MB and 4 GB', () => {
    expect(embeddedServerSettings(24 * GB).shared_buffers).toBe('4096MB');
    expect(embeddedServerSettings(8 * GB).shared_buffers).toBe('2048MB');
    expect(embeddedServerSettings(256 * 1024 ** 2).shared_buffers).toBe('128MB');
    expect(embeddedServerSettings(8 * GB)).toMatchObject({ max_wal_size: '4GB', work_mem: '16MB' });
  });

  it('are the settings the running server has (embedded), or the administrator\'s own (external)', async () => {
    const client = new pg.Client({ connectionString: inject('adminUrl') });
    await client.connect();
    try {
      const settings = embeddedServerSettings();
      const shown = async (name: string) => (await client.query(`select current_setting($1) as value`, [name])).rows[0].value as string;
      const buffers = await shown('shared_buffers');
      const source = (await client.query(`select source from pg_settings where name = 'shared_buffers'`)).rows[0].source as string;
      if (inject('engineKind') === 'embedded') {
        // PostgreSQL shows a whole number of gigabytes as "4GB".
        const mb = Number(settings.shared_buffers.replace('MB', ''));
        expect(buffers).toBe(mb % 1024 === 0 ? `${mb / 1024}GB` : `${mb}MB`);
        expect(await shown('max_wal_size')).toBe(settings.max_wal_size);
        expect(await shown('work_mem')).toBe(settings.work_mem);
        expect(source).toBe('command line');
      } else {
        // cellbase passes nothing to a server it did not start.
        expect(source).not.toBe('command line');
      }
    } finally {
      await client.end();
    }
  });
});
