/**
 * The layering (.dependency-cruiser.cjs) is checked on every test run: the tree as it is has no violation, and the
 * check does catch one. The second part runs the same check on a copy of the sources with deliberate violations
 * added, so a rule that silently stopped matching (a renamed folder, a parser that reads nothing) fails here.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const CRUISER = path.join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
const TYPESCRIPT_5 = path.join(ROOT, 'tools/layering/typescript-5.mjs');
const FOLDERS = ['src', 'web/src', 'bench', 'tools', 'test'];

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

interface CruiseResult {
  summary: { violations: Violation[]; totalCruised: number; error: number };
}

/** Runs the project's check (as `npm run check:layers` does) in `cwd`, returning dependency-cruiser's JSON. */
function cruise(cwd: string): Promise<CruiseResult> {
  const folders = FOLDERS.filter((folder) => fs.existsSync(path.join(cwd, folder)));
  const args = ['--import', TYPESCRIPT_5, CRUISER, ...folders, '--config', '.dependency-cruiser.cjs', '--output-type', 'json'];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { cwd, maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
      // dependency-cruiser exits non-zero when it finds violations; the JSON is still complete.
      try {
        resolve(JSON.parse(stdout) as CruiseResult);
      } catch {
        reject(error ?? new Error(`dependency-cruiser printed no JSON: ${stderr}`));
      }
    });
  });
}

const describeViolation = (violation: Violation) => `${violation.rule.name}: ${violation.from} → ${violation.to}`;

const copies: string[] = [];
afterAll(() => {
  for (const copy of copies) fs.rmSync(copy, { recursive: true, force: true });
});

describe('the layering check', () => {
  it('finds no violation in the tree', async () => {
    const result = await cruise(ROOT);
    // Hundreds of files: the parser really read them (a check that reads nothing passes everything).
    expect(result.summary.totalCruised).toBeGreaterThan(300);
    expect(result.summary.violations.map(describeViolation)).toEqual([]);
  }, 300_000);

  it('fails on a module importing another area\'s repository, on a rule importing upward, and on the web importing the database schema', async () => {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'cellbase-layering-'));
    copies.push(copy);
    for (const entry of [...FOLDERS, '.dependency-cruiser.cjs', 'tsconfig.json', 'package.json']) {
      if (fs.existsSync(path.join(ROOT, entry))) fs.cpSync(path.join(ROOT, entry), path.join(copy, entry), { recursive: true });
    }
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
    const write = (file: string, text: string) => fs.writeFileSync(path.join(copy, file), text);
    write('src/modules/badges/reach-in.ts', "import { findMember } from '../members/members.repository.ts';\nexport const reachIn = findMember;\n");
    write('src/rules/upward.ts', "import { inTransaction } from '../kernel/executor.ts';\nexport const upward = inTransaction;\n");
    write('web/src/reach-server.ts', "import type { Database } from '../../src/db/schema.ts';\nexport type Reach = Database;\n");

    const found = (await cruise(copy)).summary.violations.map(describeViolation);
    expect(found).toEqual(expect.arrayContaining([
      'area-internals-from-area: src/modules/badges/reach-in.ts → src/modules/members/members.repository.ts',
      'rules-import-down-only: src/rules/upward.ts → src/kernel/executor.ts',
      'web-imports-contracts-and-rules: web/src/reach-server.ts → src/db/schema.ts',
    ]));
  }, 300_000);
});
