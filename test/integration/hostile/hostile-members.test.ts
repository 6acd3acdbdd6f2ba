/** Hostile input against the member registry, transfers, party badges, the admission pipeline and the reviews. */
import { describeHostileArea } from './hostile-harness.ts';

describeHostileArea('members, transfers, badges, admissions, reviews', ['/api/members', '/api/transfers', '/api/badges', '/api/admissions', '/api/reviews']);
