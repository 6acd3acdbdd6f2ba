/**
 * The migration example of docs/MIGRATION.md, run as an integrator would run it: a small province's years entered
 * through the public API over HTTP (tree, first-day spreadsheet, dated events through bulk commands), then every
 * figure the story implies read back from cellbase and compared.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CellbaseClient } from '../../../tools/migrate-example/client.ts';
import { enterStory } from '../../../tools/migrate-example/enter.ts';
import { buildStory, SMALL_STORY } from '../../../tools/migrate-example/story.ts';
import { assertOrgInvariants } from '../../helpers/org-invariants.ts';
import { createTestApp } from '../../helpers/app.ts';
import { createAccount, TEST_PASSWORD } from '../../helpers/factories.ts';

describe('migrating a province through the API (docs/MIGRATION.md)', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let baseUrl: string;
  let username: string;

  beforeAll(async () => {
    ctx = await createTestApp();
    const admin = await createAccount(ctx.db, { role: 'admin', unitId: ctx.rootUnitId });
    username = admin.username;
    baseUrl = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => ctx?.close());

  it('enters the story and every figure it implies matches what cellbase reports', async () => {
    const story = buildStory(SMALL_STORY);
    // The story has every kind of event, so the example shows each step of the migration.
    expect(new Set(story.events.map((event) => event.type))).toEqual(new Set(['batch', 'admissions', 'recognitions', 'transfers', 'removals']));
    const client = new CellbaseClient(baseUrl);
    await client.signIn(username, TEST_PASSWORD);
    const result = await enterStory(client, story);
    expect(result.differences).toEqual([]);
    expect(result.figuresChecked).toBeGreaterThan(40);
    expect(result.memberEvents).toBeGreaterThan(SMALL_STORY.admissions);
    await assertOrgInvariants(ctx.db);
  });
});
