/**
 * Runs the migration example against a running cellbase (docs/MIGRATION.md):
 *
 *   CELLBASE_PASSWORD=… npx tsx tools/migrate-example/run.ts --url http://127.0.0.1:3000 --username admin [--size small|province]
 *
 * It enters a generated province's years through the public API into an empty tree (the province "MT" must not
 * exist yet), then prints the time of each phase and every figure that does not match the story.
 */
import { parseArgs } from 'node:util';
import { CellbaseClient } from './client.ts';
import { enterStory } from './enter.ts';
import { buildStory, PROVINCE_STORY, SMALL_STORY } from './story.ts';

const { values } = parseArgs({ options: { url: { type: 'string' }, username: { type: 'string' }, size: { type: 'string', default: 'small' } }, strict: true });
const password = process.env.CELLBASE_PASSWORD;
if (!values.url || !values.username || !password || (values.size !== 'small' && values.size !== 'province')) {
  process.stderr.write('Usage: CELLBASE_PASSWORD=… npx tsx tools/migrate-example/run.ts --url http://127.0.0.1:3000 --username admin [--size small|province]\n');
  process.exit(2);
}
const client = new CellbaseClient(values.url.replace(/\/$/, ''));
await client.signIn(values.username, password);
const story = buildStory(values.size === 'province' ? PROVINCE_STORY : SMALL_STORY);
const result = await enterStory(client, story, (line) => process.stderr.write(`${line}\n`));
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
process.exitCode = result.differences.length === 0 ? 0 : 1;
