/// <reference types="vite/client" />
/**
 * An area declares its error codes and actions in its `contract.ts` and its routes in its `area.ts`; the central
 * indexes only gather them. Gathering spreads objects, and a spread keeps the last of two equal keys without a word:
 * these tests refuse a code or an action declared twice, and an area forgotten by a gatherer.
 */
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, GENERIC_ERRORS, type ErrorTable } from '../../../src/contracts/errors.ts';
import { ACTION_ROLES, ACTIONS, ROLE_PERMISSIONS, ROLES, type ActionTable } from '../../../src/contracts/permissions.ts';
import { areas } from '../../../src/modules/index.ts';

const contracts = import.meta.glob<{ errors: ErrorTable; actions: ActionTable }>('../../../src/modules/*/contract.ts', { eager: true });
const areaFiles = import.meta.glob<{ area: { name: string } }>('../../../src/modules/*/area.ts', { eager: true });
const folderOf = (file: string) => file.split('/').at(-2)!;

/** Every name declared by more than one table, with the tables that declare it. */
function declaredTwice(tables: Record<string, object>): Record<string, string[]> {
  const owners = new Map<string, string[]>();
  for (const [table, entries] of Object.entries(tables)) {
    for (const name of Object.keys(entries)) owners.set(name, [...(owners.get(name) ?? []), table]);
  }
  return Object.fromEntries([...owners].filter(([, tables]) => tables.length > 1));
}

describe('the areas\' declarations', () => {
  const errorTables = { generic: GENERIC_ERRORS, ...Object.fromEntries(Object.entries(contracts).map(([file, contract]) => [folderOf(file), contract.errors])) };
  const actionTables = Object.fromEntries(Object.entries(contracts).map(([file, contract]) => [folderOf(file), contract.actions]));

  it('every area folder has its contract.ts and its area.ts, named after the folder', () => {
    const contractFolders = Object.keys(contracts).map(folderOf).sort();
    expect(contractFolders.length).toBeGreaterThan(0);
    expect(Object.keys(areaFiles).map(folderOf).sort()).toEqual(contractFolders);
    for (const [file, module] of Object.entries(areaFiles)) expect(module.area.name, file).toBe(folderOf(file));
  });

  it('the server registers every area once', () => {
    const names = areas.map((area) => area.name);
    expect([...names].sort()).toEqual(Object.keys(areaFiles).map(folderOf).sort());
  });

  it('no two areas (nor an area and the generic codes) declare the same error code', () => {
    expect(declaredTwice(errorTables)).toEqual({});
  });

  it('the error catalog is exactly the generic codes and every area\'s, each as its area declares it', () => {
    const declared = Object.values(errorTables).flatMap((table) => Object.keys(table));
    expect(Object.keys(ERROR_CODES).sort()).toEqual([...declared].sort());
    for (const table of Object.values(errorTables)) {
      for (const [code, definition] of Object.entries(table)) expect(ERROR_CODES[code as keyof typeof ERROR_CODES], code).toBe(definition);
    }
  });

  it('every code has a status a client can branch on and a message in both languages', () => {
    for (const [code, { status, vi, en }] of Object.entries(ERROR_CODES)) {
      expect(status >= 400 && status < 600, code).toBe(true);
      expect(vi.trim() && en.trim(), code).toBeTruthy();
    }
  });

  it('no two areas declare the same action, and the matrix gathers every one', () => {
    expect(declaredTwice(actionTables)).toEqual({});
    const declared = Object.values(actionTables).flatMap((table) => Object.keys(table));
    expect([...ACTIONS].sort()).toEqual([...declared].sort());
    expect(Object.keys(ACTION_ROLES).sort()).toEqual([...declared].sort());
  });

  it('a role carries an action exactly when the action\'s area lists the role', () => {
    for (const table of Object.values(actionTables)) {
      for (const [action, roles] of Object.entries(table)) {
        for (const role of ROLES) {
          expect(ROLE_PERMISSIONS[role].includes(action as never), `${role} ${action}`).toBe(roles.includes(role));
        }
      }
    }
  });
});
