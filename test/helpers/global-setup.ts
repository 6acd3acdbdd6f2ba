/**
 * Starts the database engine once for the whole run and migrates a template database that every test file clones.
 * CELLBASE_TEST_DATABASE_URL names an external server (its maintenance database); otherwise an embedded
 * PostgreSQL is started in a temporary folder and stopped at the end. Tests run the application on the
 * application role, exactly as production does (`appAdminUrl`); the owner's URL (`adminUrl`) creates and drops.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { applicationRoleOf, startEngine, withDatabase, type Engine } from '../../src/db/engine.ts';
import { migrate } from '../../src/db/migrate.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    adminUrl: string;
    /** The application role's connection to the maintenance database (as production connects the HTTP server). */
    appAdminUrl: string;
    templateDatabase: string;
    engineKind: string;
  }
}

let engine: Engine | undefined;
let dataDir: string | undefined;
let templateDatabase: string | undefined;

export async function setup(project: TestProject) {
  const external = process.env.CELLBASE_TEST_DATABASE_URL;
  if (!external) {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cellbase-test-'));
  }
  engine = await startEngine({ databaseUrl: external, dataDir: dataDir ?? '', database: 'postgres' });
  templateDatabase = `cellbase_template_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: engine.adminUrl });
  await admin.connect();
  await admin.query(`create database ${templateDatabase}`);
  await admin.end();
  // As production: migrated by the owner, which grants the application role; clones keep the grants.
  await migrate(withDatabase(engine.adminUrl, templateDatabase), () => {}, { applicationRole: applicationRoleOf(engine) });
  project.provide('adminUrl', engine.adminUrl);
  project.provide('appAdminUrl', withDatabase(engine.appUrl, 'postgres'));
  project.provide('templateDatabase', templateDatabase);
  project.provide('engineKind', engine.kind);
}

export async function teardown() {
  if (engine && templateDatabase) {
    const admin = new pg.Client({ connectionString: engine.adminUrl });
    await admin.connect();
    // Drop what this run created (the template and any test database left behind by a crashed file).
    const leftovers = await admin.query(`select datname from pg_database where datname like 'cellbase_t%' and (datname = $1 or datname like $2)`, [templateDatabase, `cellbase_test_${process.pid}_%`]);
    for (const row of leftovers.rows) await admin.query(`drop database if exists "${row.datname}" with (force)`);
    await admin.end();
  }
  await engine?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
}
