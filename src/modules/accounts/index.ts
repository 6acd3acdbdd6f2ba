/** Accounts' surface for the http layer (sessions), the command line, the start-up and the bulk loaders. */
export { CSRF_HEADER, SESSION_COOKIE, resolveSession } from './session.service.ts';
export { ROOT_UNIT, ensureRootUnit, ensureFirstAdministrator } from './bootstrap.ts';
export { createAccountWithGrant, type NewAccountInput } from './accounts.service.ts';
export { assertUnitLives, resolvePeriod } from './grant-rules.ts';
export { findUnitByCode, listAccounts, listGrants } from './accounts.repository.ts';
export { toAccountSummary, toGrantView } from './views.ts';
export { insertServiceAccount } from './bulk.ts';
