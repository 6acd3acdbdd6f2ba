/** Hostile input against the member registry, transfers, party badges and the admission pipeline. */
import { describeHostileArea } from './hostile-harness.ts';

describeHostileArea('members, transfers, badges, admissions', ['/api/members', '/api/transfers', '/api/badges', '/api/admissions']);
