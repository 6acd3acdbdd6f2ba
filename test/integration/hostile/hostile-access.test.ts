/** Hostile input against sign-in, accounts, grants, the organization tree, decisions and the journal. */
import { describeHostileArea } from './hostile-harness.ts';

describeHostileArea('access, organization, decisions, statistics', ['/api/health', '/api/auth', '/api/accounts', '/api/grants', '/api/orgs', '/api/decisions', '/api/journal', '/api/notifications', '/api/home', '/api/statistics']);
