/**
 * `npm run bench -- --story`: a province's years entered through the public API, as docs/MIGRATION.md describes
 * (tools/migrate-example): ≈5,700 units, 78,400 members on the first day, ≈190 restructuring batches, ≈240 transfers,
 * ≈12,000 admissions, ≈1,000 removals, and the recognitions they imply. It runs on an empty database of its own
 * (`.bench/story/`, or BENCH_DATABASE_URL), the server listening on a local port exactly as `cellbase serve` does, the
 * client in this process over HTTP. Reported: each phase's time, the requests, and member events a second through the
 * bulk commands; then whether every figure the story implies matches what cellbase reports.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../src/config.ts';
import { applicationRoleOf, startEngine } from '../src/db/engine.ts';
import { migrate } from '../src/db/migrate.ts';
import { createDb } from '../src/db/database.ts';
import { buildApp } from '../src/http/app.ts';
import { areas } from '../src/modules/index.ts';
import { inTransaction, systemScope } from '../src/kernel/index.ts';
import { todayInVietnam } from '../src/lib/dates.ts';
import { createAccountWithGrant, ensureRootUnit, findUnitByCode, ROOT_UNIT } from '../src/modules/accounts/index.ts';
import { CellbaseClient } from '../tools/migrate-example/client.ts';
import { enterStory } from '../tools/migrate-example/enter.ts';
import { buildStory, PROVINCE_STORY } from '../tools/migrate-example/story.ts';

/** The shape of bench.ts's Measurement (declared here: bench.ts imports this file). */
interface Measurement {
  issue: 'history'; name: string; runs: number; p50Ms: number | null; p95Ms: number | null; maxMs: number | null;
  note?: string; value?: number | string | null; unit?: string;
}

export async function measureStory(config: Config, log: (line: string) => void): Promise<Measurement[]> {
  const externalUrl = process.env.BENCH_DATABASE_URL || undefined;
  const dataDir = path.resolve('.bench', 'story');
  fs.rmSync(dataDir, { recursive: true, force: true });
  const engine = await startEngine({ databaseUrl: externalUrl, dataDir, database: 'cellbase_story', log: () => {} });
  const ownerDb = createDb(engine.url, { max: 2, applicationName: 'cellbase bench story' });
  const appDb = createDb(engine.appUrl, { max: 10, applicationName: 'cellbase bench story app' });
  const app = await buildApp({ db: appDb, config: { ...config, webDist: '/nonexistent' } });
  try {
    await migrate(engine.url, () => {}, { applicationRole: applicationRoleOf(engine) });
    await ensureRootUnit(ownerDb);
    const root = await findUnitByCode(ownerDb, ROOT_UNIT.code, systemScope('bench: story'));
    if (!root) throw new Error('no root unit');
    const username = `bench-story-${Date.now()}`;
    const password = `bench-${Date.now()}-nhap-lich-su`;
    await inTransaction(ownerDb, (tx) => createAccountWithGrant(tx, {
      username, displayName: 'Nhập lịch sử tỉnh', password, grant: { role: 'admin', unit: root, validFrom: '2000-01-01', validTo: null },
    }, { accountId: null, reason: 'bench' }));
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    // As `cellbase serve` does once it listens (a reader worker booted with the import's checks loaded).
    await Promise.all(areas.map((area) => area.warmUp?.()));
    const story = buildStory(PROVINCE_STORY);
    log(`Story: ${story.units.length} units, ${story.members.length} members on the first day, ${story.events.length} dated events; entering through ${address}…`);
    const client = new CellbaseClient(address);
    await client.signIn(username, password);
    const result = await enterStory(client, story, log);
    log('Where the time went (waiting for the server, by kind of request):');
    for (const [key, entry] of [...client.timings].sort((a, b) => b[1].ms - a[1].ms).slice(0, 10)) {
      log(`  ${key}: ${entry.count} requests, ${(entry.ms / 1000).toFixed(1)} s`);
    }
    const row = (name: string, seconds: number, value?: number, unit?: string, note?: string): Measurement => ({
      issue: 'history', name, runs: 1, p50Ms: Math.round(seconds * 1000), p95Ms: null, maxMs: null, ...(value === undefined ? {} : { value, unit }), ...(note ? { note } : {}),
    });
    const events = result.events;
    return [
      row('story: the tree on the first day (establish batches)', result.seconds.tree, story.units.length, 'units'),
      row('story: the first day\'s members (import: upload, validate, apply)', result.seconds.import, Math.round(story.members.length / result.seconds.import), 'rows/s'),
      row('story: the dated events (batches, bulk commands, decisions)', result.seconds.events, Math.round(result.memberEvents / result.seconds.events), 'member events/s',
        `${events.batch} batches, ${events.admissions} admission / ${events.recognitions} recognition / ${events.removals} removal / ${events.transfers} transfer commands, ${result.memberEvents} member events`),
      row('story: entered in all', result.seconds.total, result.requests, 'requests', `on ${todayInVietnam()}; the issue's budget is 60 s`),
      { issue: 'history', name: 'story: figures that match what the story implies', runs: 0, p50Ms: null, p95Ms: null, maxMs: null, value: result.figuresChecked - result.differences.length, unit: `of ${result.figuresChecked}`, note: result.differences.slice(0, 3).join('; ') || undefined },
    ];
  } finally {
    await app.close();
    await appDb.destroy();
    await ownerDb.destroy();
    await engine.stop();
    if (!externalUrl) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
