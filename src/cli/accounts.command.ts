/**
 * `cellbase accounts`: accounts from the command line, for scripts and for the operator of the machine.
 *
 *   accounts create --username U --role R --unit CODE [--password P] [--display-name N] [--locale vi|en]
 *                   [--valid-from yyyy-mm-dd] [--valid-to yyyy-mm-dd] [--member-id N] [--json]
 *       Without --password a one-time password is generated, printed once, and must be changed at first sign-in;
 *       a password given here is final (the script chose it). Journaled with no account and reason 'cli'.
 *   accounts list [--unit CODE] [--search TEXT] [--json]
 *       Every account holding a grant (or one on the unit's subtree), with its grants in force.
 *
 * The command has the machine operator's authority: it is not limited to a subtree.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { Config } from '../config.ts';
import { openRuntime, type Runtime } from '../runtime.ts';
import { AppError } from '../contracts/errors.ts';
import { validationErrorMap } from '../contracts/validation.ts';
import { displayNameSchema, isoDateSchema, localeSchema, passwordSchema, roleSchema, usernameSchema } from '../contracts/accounts.ts';
import { foldText } from '../lib/text.ts';
import { todayInVietnam } from '../lib/dates.ts';
import { inTransaction, systemScope } from '../kernel/index.ts';
import {
  ensureRootUnit, createAccountWithGrant, assertUnitLives, resolvePeriod, findUnitByCode, listAccounts, listGrants, toAccountSummary,
  toGrantView,
} from '../modules/accounts/index.ts';

const USAGE = `Usage:
  cellbase accounts create --username U --role ROLE --unit CODE [--password P] [--display-name NAME]
                           [--locale vi|en] [--valid-from yyyy-mm-dd] [--valid-to yyyy-mm-dd] [--member-id N] [--json]
  cellbase accounts list [--unit CODE] [--search TEXT] [--json]
Roles: ${roleSchema.options.join(', ')}
`;

const log = (line: string) => process.stderr.write(`${line}\n`);

const createOptionsSchema = z.strictObject({
  username: usernameSchema,
  role: roleSchema,
  unit: z.string().trim().min(1),
  password: passwordSchema.optional(),
  'display-name': displayNameSchema.optional(),
  locale: localeSchema.optional(),
  'valid-from': isoDateSchema.optional(),
  'valid-to': isoDateSchema.optional(),
  'member-id': z.coerce.number().int().positive().optional(),
  json: z.boolean().optional(),
});

class UsageError extends Error {}

/** The machine operator sees and grants on the whole tree. */
const OPERATOR = systemScope('accounts command');

export async function runAccountsCommand(config: Config, argv: string[]): Promise<void> {
  const [subcommand, ...rest] = argv;
  try {
    if (subcommand === 'create') return await createCommand(config, rest);
    if (subcommand === 'list') return await listCommand(config, rest);
    if (subcommand === 'help' || subcommand === '--help' || subcommand === undefined) {
      process.stdout.write(USAGE);
      if (subcommand === undefined) process.exitCode = 2;
      return;
    }
    throw new UsageError(`Unknown subcommand: ${subcommand}`);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      log(`${(error as Error).message}\n\n${USAGE}`);
      process.exitCode = 2;
      return;
    }
    if (error instanceof AppError) {
      log(`error ${error.code}: ${error.message}${error.details ? ` ${JSON.stringify(error.details)}` : ''}`);
      process.exitCode = 1;
      return;
    }
    throw error;
  }
}

async function withRuntime<T>(config: Config, work: (runtime: Runtime) => Promise<T>): Promise<T> {
  const runtime = await openRuntime(config, log);
  try {
    return await work(runtime);
  } finally {
    await runtime.close();
  }
}

async function createCommand(config: Config, argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      username: { type: 'string' }, role: { type: 'string' }, unit: { type: 'string' }, password: { type: 'string' },
      'display-name': { type: 'string' }, locale: { type: 'string' }, 'valid-from': { type: 'string' }, 'valid-to': { type: 'string' },
      'member-id': { type: 'string' }, json: { type: 'boolean' },
    },
  });
  // English, the command's language: the checks of the project's own carry their message in both (`ownMessage`).
  const parsed = createOptionsSchema.safeParse(values, { error: validationErrorMap('en') });
  if (!parsed.success) {
    throw new UsageError(parsed.error.issues.map((issue) => `--${issue.path.join('.')}: ${issue.message}`).join('\n'));
  }
  const options = parsed.data;
  const result = await withRuntime(config, async ({ db }) => {
    await ensureRootUnit(db);
    const unit = await findUnitByCode(db, options.unit, OPERATOR);
    if (!unit) throw new AppError('NOT_FOUND', { unit: options.unit });
    assertUnitLives(unit);
    const period = resolvePeriod({ validFrom: options['valid-from'], validTo: options['valid-to'] }, todayInVietnam());
    const created = await inTransaction(db, (tx) => createAccountWithGrant(tx, {
      username: options.username,
      displayName: options['display-name'] ?? options.username,
      locale: options.locale,
      memberId: options['member-id'],
      password: options.password,
      grant: { role: options.role, unit, ...period },
    }, { accountId: null, reason: 'cli' }));
    return { ...created, unit, period };
  });
  if (options.json) {
    process.stdout.write(`${JSON.stringify({
      id: result.accountId, username: options.username, role: options.role, unit: result.unit.code,
      validFrom: result.period.validFrom, validTo: result.period.validTo, oneTimePassword: result.oneTimePassword,
    })}\n`);
    return;
  }
  const until = result.period.validTo ? ` until ${result.period.validTo}` : '';
  process.stdout.write(`Created account ${options.username} (id ${result.accountId}): ${options.role} on ${result.unit.code} from ${result.period.validFrom}${until}\n`);
  if (result.oneTimePassword) {
    process.stdout.write(`One-time password (shown once; must be changed at first sign-in): ${result.oneTimePassword}\n`);
  }
}

async function listCommand(config: Config, argv: string[]) {
  const { values } = parseArgs({ args: argv, strict: true, options: { unit: { type: 'string' }, search: { type: 'string' }, json: { type: 'boolean' } } });
  const rows = await withRuntime(config, async ({ db }) => {
    let unitPath: string | undefined;
    if (values.unit !== undefined) {
      const unit = await findUnitByCode(db, values.unit, OPERATOR);
      if (!unit) throw new AppError('NOT_FOUND', { unit: values.unit });
      unitPath = unit.scope_path;
    }
    const today = todayInVietnam();
    const folded = values.search ? foldText(values.search) : undefined;
    const accounts = await listAccounts(db, OPERATOR, { folded: folded || undefined, unitPath, today, limit: 100_000, offset: 0 });
    const grants = await listGrants(db, OPERATOR, { accountIds: accounts.map((account) => account.id), includeInactive: false, today, limit: 1_000_000, offset: 0 });
    return accounts.map((account) => ({
      ...toAccountSummary(account),
      grants: grants.filter((grant) => grant.account_id === account.id).map((grant) => toGrantView(grant, today)),
    }));
  });
  if (values.json) {
    process.stdout.write(`${JSON.stringify(rows)}\n`);
    return;
  }
  for (const row of rows) {
    const state = row.disabledAt ? 'disabled' : row.mustChangePassword ? 'must change password' : 'active';
    const grants = row.grants.map((grant) => `${grant.role}@${grant.unitCode}${grant.validTo ? `<${grant.validTo}` : ''}${grant.delegatedFromGrantId ? ' (acting)' : ''}`).join(', ');
    process.stdout.write(`${row.id}\t${row.username}\t${row.displayName}\t${state}\t${grants || '-'}\n`);
  }
  log(`${rows.length} account(s)`);
}
