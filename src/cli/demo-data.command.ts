/**
 * `cellbase demo-data`: a realistic synthetic dataset for trying the system and for the benchmark.
 *
 *   demo-data --scale province|national [--seed N] [--province NAME] [--json]
 *     province  one province (default Quảng Ninh) with its districts, communes, enterprises, agencies, armed forces,
 *               cells and party groups, a term of restructuring (2020 → mid-2025), the end of the district level on
 *               1/7/2025, and about 100,000 members with their life cycles; a province merged on 1/7/2025 (e.g.
 *               `--province "Hà Giang"`) comes with the provinces it was merged with;
 *     national  the 63 provinces merged into 34 on 1/7/2025, ~330,000 units with their history, 5.6 million members.
 *   (`--scale small` is the province generator on two districts, for tests.)
 *
 * Runs on the embedded engine (data in CELLBASE_DATA_DIR) or on DATABASE_URL, also while a server uses the same
 * data folder. Deterministic for a seed (and the day it runs: history ends today). Refuses when demo data exists.
 */
import { parseArgs } from 'node:util';
import type { Config } from '../config.ts';
import { openRuntime } from '../runtime.ts';
import { AppError, ERROR_CODES } from '../contracts/errors.ts';
import { ORG_KINDS, ORG_LEVEL_LABELS, type OrgLevel } from '../contracts/org-kinds.ts';
import { MEMBER_STATUS_LABELS, type MemberStatus } from '../contracts/members.ts';
import { DEMO_SCALES, generateDemoData, type DemoScale, type DemoSummary } from '../../tools/demo/index.ts';

const USAGE = `Usage: cellbase demo-data --scale province|national [--seed N] [--province NAME] [--json]
  province   one province (default: Quảng Ninh), about 6,300 units and 100,000 members (about a minute);
             NAME is one of the 63 provinces before 2025; one merged on 1/7/2025 comes with its partners
  national   34 provinces (63 before 1/7/2025), about 330,000 units and 5.6 million members (many minutes)
`;

const log = (line: string) => process.stderr.write(`${line}\n`);

class UsageError extends Error {}

export async function runDemoDataCommand(config: Config, argv: string[]): Promise<void> {
  try {
    const { values } = parseArgs({
      args: argv,
      options: { scale: { type: 'string' }, seed: { type: 'string' }, province: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean' } },
      strict: true,
    });
    if (values.help) {
      process.stdout.write(USAGE);
      return;
    }
    if (!values.scale) throw new UsageError('--scale is required.');
    if (!(DEMO_SCALES as readonly string[]).includes(values.scale)) throw new AppError('DEMO_SCALE_INVALID', { scale: values.scale });
    const seed = values.seed === undefined ? undefined : Number(values.seed);
    if (seed !== undefined && (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 31)) throw new UsageError('--seed must be a whole number (0 … 2147483648).');
    if (values.province && values.scale === 'national') throw new UsageError('--province applies to --scale province only.');

    const runtime = await openRuntime(config, log);
    try {
      log(`Generating ${values.scale} demo data (${runtime.engine.kind} database)…`);
      // As the owner: the bulk path sets the member tables' indexes aside and vacuums at the end.
      const summary = await generateDemoData(runtime.ownerDb(), { scale: values.scale as DemoScale, seed, province: values.province, log });
      process.stdout.write(values.json ? `${JSON.stringify(summary, null, 2)}\n` : formatSummary(summary));
    } finally {
      await runtime.close();
    }
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      log(`${(error as Error).message}\n\n${USAGE}`);
      process.exitCode = 2;
      return;
    }
    if (error instanceof AppError) {
      const definition = ERROR_CODES[error.code];
      log(`${error.code}: ${definition.vi}\n${' '.repeat(error.code.length + 2)}${definition.en}${error.details ? `\n${JSON.stringify(error.details)}` : ''}`);
      process.exitCode = 1;
      return;
    }
    throw error;
  }
}

const number = (value: number) => value.toLocaleString('en-US');

/** The summary as a table: units by level and kind on three dates, members by status, elapsed time. */
export function formatSummary(summary: DemoSummary): string {
  const lines: string[] = [];
  const dates = summary.unitsByDate.map((entry) => entry.date);
  const kinds = Object.keys(ORG_KINDS).filter((kind) => kind !== 'central' && summary.unitsByDate.some((entry) => entry.byKind[kind]));
  const width = 44;
  lines.push('', `Demo data: ${summary.scale} (${summary.datasetKey}), seed ${summary.seed}, history to ${summary.today}`, '');
  lines.push(`${'Units by level and kind'.padEnd(width)}${dates.map((date) => date.padStart(14)).join('')}`);
  const levels = [...new Set(kinds.map((kind) => ORG_KINDS[kind as keyof typeof ORG_KINDS].level))] as OrgLevel[];
  for (const level of levels) {
    const ofLevel = kinds.filter((kind) => ORG_KINDS[kind as keyof typeof ORG_KINDS].level === level);
    const total = (entry: (typeof summary.unitsByDate)[number]) => ofLevel.reduce((sum, kind) => sum + (entry.byKind[kind] ?? 0), 0);
    lines.push(`${`${ORG_LEVEL_LABELS[level].en} (${ORG_LEVEL_LABELS[level].vi})`.slice(0, width - 1).padEnd(width)}${summary.unitsByDate.map((entry) => number(total(entry)).padStart(14)).join('')}`);
    if (ofLevel.length > 1 || ofLevel[0] !== level) {
      for (const kind of ofLevel) {
        const label = `  ${ORG_KINDS[kind as keyof typeof ORG_KINDS].en}`;
        lines.push(`${label.slice(0, width - 1).padEnd(width)}${summary.unitsByDate.map((entry) => number(entry.byKind[kind] ?? 0).padStart(14)).join('')}`);
      }
    }
  }
  const org = summary.org;
  lines.push('', `History: ${number(org.versions)} unit versions, ${number(org.batches)} restructuring batches, ${number(org.decisions)} decisions, ${number(org.links)} lineage links, ${number(org.journal)} journal entries`);
  if (summary.members) {
    const m = summary.members;
    lines.push('', 'Members by status');
    const total = Object.values(summary.membersByStatus).reduce((a, b) => a + b, 0);
    for (const [status, count] of Object.entries(summary.membersByStatus).sort((a, b) => b[1] - a[1])) {
      const label = MEMBER_STATUS_LABELS[status as MemberStatus];
      lines.push(`  ${`${label?.en ?? status} (${label?.vi ?? status})`.padEnd(width - 2)}${number(count).padStart(14)}${`${((count / total) * 100).toFixed(1)}%`.padStart(9)}`);
    }
    lines.push(`  ${'Total'.padEnd(width - 2)}${number(total).padStart(14)}`);
    lines.push(`  ${number(m.events)} life-cycle events, ${number(m.placements)} placements, ${number(m.transfers)} transfers, ${number(m.decisions)} member decisions, ${number(m.dataQualityProblems)} deliberate data-quality problems`);
    lines.push(`  ${number(m.badgeAwards)} party badges presented, under ${number(m.badgeDecisions)} decisions of the provincial standing committees`);
  }
  lines.push('', `Elapsed: ${(summary.elapsedMs / 1000).toFixed(1)} s`, '');
  return `${lines.join('\n')}\n`;
}
