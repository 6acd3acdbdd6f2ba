/**
 * A process that applies one import job and nothing else, for the test that kills it mid-apply (kill -9 of a
 * server): argv = database URL, job id, the job's row version, the uploading account's id.
 * It tells its parent 'claimed' once the job reads 'applying'.
 */
import { createDb } from '../../../src/db/database.ts';
import type { Caller } from '../../../src/access/scope.ts';
import { applyJob } from '../../../src/modules/member-import/member-import.service.ts';
import { findJob } from '../../../src/modules/member-import/member-import.repository.ts';

const [url, jobId, rowVersion, accountId] = process.argv.slice(2);
const db = createDb(url, { max: 3, applicationName: 'cellbase-apply-child' });
const job = (await findJob(db, Number(jobId)))!;
await applyJob(db, { ...job, apply_mode: 'valid_only' }, {
  actor: { caller: { accountId: Number(accountId) } as Caller }, reason: null,
  claim: { from: ['validated'], expectedRowVersion: Number(rowVersion), onClaimed: () => process.send?.('claimed') },
});
process.send?.('applied');
await db.destroy();
