/** Hostile input against the member registry, transfers and party badges. */
import { describeHostileArea } from './hostile-harness.ts';

describeHostileArea('members, transfers, badges', ['/api/members', '/api/transfers', '/api/badges']);
