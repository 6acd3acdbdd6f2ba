/**
 * The organization tree through time: request and response schemas for every `/api/orgs` endpoint, shared by
 * server and web. Dates are 'yyyy-mm-dd'. "As of" a date means the versions in force on that date
 * (`valid_from <= date < valid_to`). The vocabulary (kinds, levels, sectors) is in `org-kinds.ts`.
 *
 * Endpoints
 *   GET  /api/orgs/roots?date=                         the caller's granted units as of the date (tree browse start)
 *   GET  /api/orgs/search?q=&date=&limit=              search by folded name or code as of the date
 *   GET  /api/orgs/units/:id?date=                     one unit as of the date, with its ancestors
 *   GET  /api/orgs/units/by-code/:code?date=           the unit that bore the exact code (on the date), same shape
 *   GET  /api/orgs/units/:id/children?date=&limit=&cursor=   children as of the date, each with its child count
 *   GET  /api/orgs/units/:id/history                   every version, voided ones included and marked
 *   GET  /api/orgs/units/:id/lineage                   predecessors and successors, transitively
 *   GET  /api/orgs/units/:id/counts?date=              units under it by level, kind and sector as of the date
 *   GET  /api/orgs/units/:id/changes?from=&to=         counts at both dates and the units established/ended between
 *   GET  /api/orgs/units/:id/batches?limit=&cursor=    restructuring batches that touched the unit
 *   GET  /api/orgs/batches/:batchId                    one batch with its summary
 *   POST /api/orgs/batches/preview                     body RestructureRequest → RestructureResult (nothing saved)
 *   POST /api/orgs/batches                             body RestructureRequest → RestructureResult (201)
 *   POST /api/orgs/batches/:batchId/undo/preview       body UndoRequest → RestructureResult (nothing saved)
 *   POST /api/orgs/batches/:batchId/undo               body UndoRequest → RestructureResult (201)
 */
import { z } from 'zod';
import { ownMessage } from './validation.ts';
import { ORG_KIND_LIST, ORG_LEVELS, ORG_SECTOR_LIST } from './org-kinds.ts';
import { isoDateSchema } from './dates.ts';

export { isoDateSchema };
export const idSchema = z.number().int().positive();
const idParam = z.coerce.number().int().positive();

export const orgKindSchema = z.enum(ORG_KIND_LIST as [string, ...string[]]);
export const orgLevelSchema = z.enum(ORG_LEVELS);
export const orgSectorSchema = z.enum(ORG_SECTOR_LIST as [string, ...string[]]);
export const endReasonSchema = z.enum(['merged', 'dissolved', 'split', 'voided']);

export const RESTRUCTURE_OPERATIONS = ['establish', 'rename', 'move', 'merge', 'split', 'upgrade', 'change_kind', 'dissolve'] as const;
export const restructureOperationSchema = z.enum(RESTRUCTURE_OPERATIONS);
export type RestructureOperation = z.infer<typeof restructureOperationSchema>;
/** Stored batch operations: the eight above, plus 'undo' for a compensating batch. */
export const batchOperationSchema = z.enum([...RESTRUCTURE_OPERATIONS, 'undo']);
export type BatchOperation = z.infer<typeof batchOperationSchema>;

/** What made a version: the batch operation, or 'ancestor_moved' for descendants re-written by a move. */
export const VERSION_CHANGES = ['establish', 'rename', 'move', 'ancestor_moved', 'upgrade', 'change_kind', 'merge_new', 'split_new'] as const;
export const linkKindSchema = z.enum(['merged_into', 'split_into', 'upgraded_to', 'absorbed_into']);

// ---------------------------------------------------------------------------------------------------------------
// Path parameters and query strings

export const unitIdParams = z.strictObject({ id: idParam });
export const batchIdParams = z.strictObject({ batchId: idParam });

/** A unit's code in a path: exact (not a prefix). */
export const unitCodeParams = z.strictObject({ code: z.string().trim().min(1).max(50) });

/** `date` defaults to today (Vietnam). */
export const asOfQuery = z.strictObject({ date: isoDateSchema.optional() });
export type AsOfQuery = z.infer<typeof asOfQuery>;

export const childrenQuery = z.strictObject({
  date: isoDateSchema.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
  /** Opaque keyset cursor from the previous page's `nextCursor`. */
  cursor: z.string().max(400).optional(),
});
export type ChildrenQuery = z.infer<typeof childrenQuery>;

export const searchQuery = z.strictObject({
  /** Name or code; diacritics and case are ignored ("xa tan" finds "Xã Tân"). */
  q: z.string().trim().min(1).max(200),
  date: isoDateSchema.optional(),
  kind: orgKindSchema.optional(),
  /** Pickers page by asking for more (the answer says `hasMore`). */
  limit: z.coerce.number().int().min(1).max(200).default(30),
});
export type SearchQuery = z.infer<typeof searchQuery>;

export const changesQuery = z.strictObject({
  from: isoDateSchema,
  to: isoDateSchema.optional(),
  /** Restrict the event lists (not the counts) to one level, e.g. 'grassroots'. */
  level: orgLevelSchema.optional(),
  /** Maximum items per event list; totals are always exact. */
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
export type ChangesQuery = z.infer<typeof changesQuery>;

export const pageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(400).optional(),
});
export type PageQuery = z.infer<typeof pageQuery>;

// ---------------------------------------------------------------------------------------------------------------
// Reading the tree

/** A unit as it stood on a date (one version), as listed in the tree. */
export const orgNodeSchema = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  kind: z.string(),
  level: orgLevelSchema,
  sector: z.string().nullable(),
  parentId: z.number().nullable(),
  path: z.string(),
  depth: z.number(),
  /** The version's interval. */
  validFrom: isoDateSchema,
  validTo: isoDateSchema.nullable(),
  /** Children in force on the same date. */
  childCount: z.number(),
  establishedOn: isoDateSchema,
  endedOn: isoDateSchema.nullable(),
});
export type OrgNode = z.infer<typeof orgNodeSchema>;

export const orgNodeListSchema = z.object({
  date: isoDateSchema,
  items: z.array(orgNodeSchema),
});
export type OrgNodeList = z.infer<typeof orgNodeListSchema>;

export const orgChildrenSchema = z.object({
  date: isoDateSchema,
  parentId: z.number(),
  items: z.array(orgNodeSchema),
  nextCursor: z.string().nullable(),
});
export type OrgChildren = z.infer<typeof orgChildrenSchema>;

export const orgAncestorSchema = z.object({ id: z.number(), code: z.string(), name: z.string(), kind: z.string(), level: orgLevelSchema });
export type OrgAncestor = z.infer<typeof orgAncestorSchema>;

export const orgSearchHitSchema = orgNodeSchema.extend({
  /** Ancestors as of the date, root first (for a breadcrumb). */
  ancestors: z.array(orgAncestorSchema),
  /** The names above it that tell it apart, nearest first (`placeAbove` in src/rules/unit-place.ts). */
  place: z.array(z.string()),
});
export const orgSearchResultSchema = z.object({
  date: isoDateSchema,
  items: z.array(orgSearchHitSchema),
  /** More units match than `limit`: ask again with a larger one. */
  hasMore: z.boolean(),
});
export type OrgSearchResult = z.infer<typeof orgSearchResultSchema>;

export const orgUnitDetailSchema = orgNodeSchema.extend({
  date: isoDateSchema,
  /** False when the unit did not exist on the date: the version shown is then the nearest one (first or last). */
  existsOnDate: z.boolean(),
  endReason: endReasonSchema.nullable(),
  /** Ancestors as of the date, root first (the unit itself not included). */
  ancestors: z.array(orgAncestorSchema),
  /** The names above it that tell it apart, nearest first (`placeAbove`). */
  place: z.array(z.string()),
  /** Where the unit sits in today's tree (for a unit that ended: under its successor or its last parent). */
  scopePath: z.string(),
  provinceId: z.number().nullable(),
  superiorId: z.number().nullable(),
  grassrootsId: z.number().nullable(),
  /** Send back as `expectedRowVersions` to detect concurrent changes. */
  rowVersion: z.number(),
  /** Units this one was merged or split into, when it ended that way. */
  successors: z.array(z.object({ id: z.number(), code: z.string(), name: z.string(), linkKind: linkKindSchema, effectiveDate: isoDateSchema })),
});
export type OrgUnitDetail = z.infer<typeof orgUnitDetailSchema>;

export const orgHistoryVersionSchema = z.object({
  id: z.number(),
  validFrom: isoDateSchema,
  validTo: isoDateSchema.nullable(),
  parentId: z.number().nullable(),
  parentName: z.string().nullable(),
  code: z.string(),
  name: z.string(),
  kind: z.string(),
  level: orgLevelSchema,
  sector: z.string().nullable(),
  path: z.string(),
  depth: z.number(),
  change: z.string(),
  batchId: z.number().nullable(),
  batchOperation: z.string().nullable(),
  batchStatus: z.enum(['applied', 'undone']).nullable(),
  decisionId: z.number().nullable(),
  decisionNumber: z.string().nullable(),
  decisionSignedOn: isoDateSchema.nullable(),
  /** A voided version was created by a batch that was later undone: kept for the record, not part of history. */
  voided: z.boolean(),
  voidedByBatchId: z.number().nullable(),
  closedByBatchId: z.number().nullable(),
});
export type OrgHistoryVersion = z.infer<typeof orgHistoryVersionSchema>;

export const orgHistorySchema = z.object({
  unitId: z.number(),
  code: z.string(),
  establishedOn: isoDateSchema,
  endedOn: isoDateSchema.nullable(),
  endReason: endReasonSchema.nullable(),
  /** Oldest first; voided versions are interleaved by date and marked. */
  versions: z.array(orgHistoryVersionSchema),
});
export type OrgHistory = z.infer<typeof orgHistorySchema>;

export const lineageNodeSchema = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  kind: z.string(),
  level: orgLevelSchema,
  establishedOn: isoDateSchema,
  endedOn: isoDateSchema.nullable(),
  endReason: endReasonSchema.nullable(),
  /** Steps from the unit asked about: negative = predecessor, positive = successor, 0 = the unit itself. */
  distance: z.number(),
});
export const lineageLinkSchema = z.object({
  id: z.number(),
  predecessorId: z.number(),
  successorId: z.number(),
  kind: linkKindSchema,
  effectiveDate: isoDateSchema,
  batchId: z.number(),
  decisionId: z.number().nullable(),
});
export const kindChangeSchema = z.object({
  unitId: z.number(),
  date: isoDateSchema,
  fromKind: z.string(),
  toKind: z.string(),
  change: z.string(),
  batchId: z.number().nullable(),
});
export const orgLineageSchema = z.object({
  unitId: z.number(),
  nodes: z.array(lineageNodeSchema),
  links: z.array(lineageLinkSchema),
  /** Upgrades and kind changes (same identity, new kind) of the units in the lineage. */
  kindChanges: z.array(kindChangeSchema),
});
export type OrgLineage = z.infer<typeof orgLineageSchema>;

export const orgCountsSchema = z.object({
  unitId: z.number(),
  date: isoDateSchema,
  /** Units strictly under the unit (the unit itself is not counted), on the tree as it stood on the date. */
  total: z.number(),
  byLevel: z.array(z.object({ level: orgLevelSchema, count: z.number() })),
  byKind: z.array(z.object({ kind: z.string(), level: orgLevelSchema, count: z.number() })),
  bySector: z.array(z.object({ sector: z.string().nullable(), count: z.number() })),
  /** Grassroots organizations by sector (the statistical breakdown of 11-HD/BTCTW). */
  grassrootsBySector: z.array(z.object({ sector: z.string().nullable(), count: z.number() })),
});
export type OrgCounts = z.infer<typeof orgCountsSchema>;

export const orgChangeEventSchema = z.object({
  unitId: z.number(),
  code: z.string(),
  name: z.string(),
  kind: z.string(),
  level: orgLevelSchema,
  date: isoDateSchema,
  batchId: z.number().nullable(),
  /** For merges and splits: the units it went into. For upgrades: the previous kind is in `fromKind`. */
  successors: z.array(z.object({ id: z.number(), name: z.string() })),
  fromKind: z.string().nullable(),
});
export type OrgChangeEvent = z.infer<typeof orgChangeEventSchema>;
const eventListSchema = z.object({ total: z.number(), items: z.array(orgChangeEventSchema) });

export const orgChangesSchema = z.object({
  unitId: z.number(),
  from: isoDateSchema,
  to: isoDateSchema,
  countsFrom: orgCountsSchema,
  countsTo: orgCountsSchema,
  /** Events with from < date <= to, under the unit on the tree as it stood on the event's date. */
  established: eventListSchema,
  dissolved: eventListSchema,
  merged: eventListSchema,
  split: eventListSchema,
  upgraded: eventListSchema,
  /** Units moved to another parent (into, out of or within the subtree), with the parents before and after. */
  moved: z.object({
    total: z.number(),
    items: z.array(z.object({
      unitId: z.number(), code: z.string(), name: z.string(), kind: z.string(), level: orgLevelSchema, date: isoDateSchema, batchId: z.number().nullable(),
      fromParentId: z.number().nullable(), fromParentName: z.string().nullable(), toParentId: z.number().nullable(), toParentName: z.string().nullable(),
    })),
  }),
});
export type OrgChanges = z.infer<typeof orgChangesSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Restructuring

/**
 * The default name of the cell that takes the members of a unit that can no longer hold them (an upgrade, or the
 * cleaning list's fix): "Chi bộ <old name>", without a doubled prefix.
 */
export function defaultMembersCellName(oldName: string): string {
  const bare = oldName.replace(/^\s*chi bộ\s+(cơ sở\s+)?/iu, '').trim();
  return `Chi bộ ${bare || oldName}`.slice(0, 300);
}

const codeSchema = z.string().trim().min(1).max(50).regex(/^[\p{L}\p{N}][\p{L}\p{N}._\-/]*$/u, ownMessage({
  vi: 'Mã tổ chức chỉ gồm chữ cái, chữ số và các ký tự . _ - /, bắt đầu bằng chữ cái hoặc chữ số',
  en: 'A unit code holds only letters, digits and . _ - /, starting with a letter or a digit',
}));
const nameSchema = z.string().trim().min(1).max(300);

export const newUnitSchema = z.strictObject({
  code: codeSchema,
  name: nameSchema,
  kind: orgKindSchema,
  sector: orgSectorSchema.nullable().optional(),
  parentId: idSchema,
});
export type NewUnit = z.infer<typeof newUnitSchema>;

const batchBase = {
  effectiveDate: isoDateSchema,
  /** The legal basis: a recorded decision the caller can read. */
  decisionId: idSchema,
  reason: z.string().trim().max(2000).optional(),
  /** Optimistic check: each named unit must still have this row_version (else CONFLICT). */
  expectedRowVersions: z.array(z.strictObject({ unitId: idSchema, rowVersion: z.number().int().min(0) })).max(1000).optional(),
};

/**
 * How much one batch may carry. A batch is one transaction, written set-based: at these sizes it takes seconds and
 * a few tens of MB (bench/org-batches.ts measures it), and a province's whole tree (≈5,700 units) is one establish
 * batch. A larger request is refused before anything is read with ORG_BATCH_TOO_LARGE, its details naming the field,
 * the limit and the count (`batchSizeExcess`).
 */
export const ORG_BATCH_LIMITS = {
  /** Units established by one batch. */
  establish: 10_000,
  /** Units moved by one batch (each carries its subtree, whatever its size). */
  move: 5_000,
  /** Units dissolved by one batch. */
  dissolve: 5_000,
  /** Sources merged by one batch. */
  merge: 2_000,
  /** Parts of one split, and children handed to one part. */
  splitParts: 50,
  splitChildren: 5_000,
} as const;
/** The JSON body a batch may take: the largest establish batch with names of a few hundred characters. */
export const ORG_BATCH_BODY_LIMIT = 16 * 1024 * 1024;

/** The first list of a batch request longer than its limit, or null. Reads an unvalidated body defensively. */
export function batchSizeExcess(body: unknown): { operation: string; field: string; limit: number; count: number } | null {
  if (!body || typeof body !== 'object') return null;
  const request = body as Record<string, unknown>;
  const lists: [string, unknown, number][] = [];
  switch (request.operation) {
    case 'establish': lists.push(['units', request.units, ORG_BATCH_LIMITS.establish]); break;
    case 'move': lists.push(['unitIds', request.unitIds, ORG_BATCH_LIMITS.move]); break;
    case 'dissolve': lists.push(['unitIds', request.unitIds, ORG_BATCH_LIMITS.dissolve]); break;
    case 'merge': lists.push(['sourceIds', request.sourceIds, ORG_BATCH_LIMITS.merge]); break;
    case 'split': {
      lists.push(['parts', request.parts, ORG_BATCH_LIMITS.splitParts]);
      if (Array.isArray(request.parts)) {
        request.parts.forEach((part, index) => {
          if (part && typeof part === 'object') lists.push([`parts.${index}.childIds`, (part as Record<string, unknown>).childIds, ORG_BATCH_LIMITS.splitChildren]);
        });
      }
      break;
    }
    default: return null;
  }
  for (const [field, value, limit] of lists) {
    if (Array.isArray(value) && value.length > limit) return { operation: String(request.operation), field, limit, count: value.length };
  }
  return null;
}

/**
 * A unit an establish batch creates. Its parent is an existing unit (`parentId`, or `parentCode`: the unit whose
 * current code it is) or a unit listed earlier in the same batch (`parentCode` equal to that unit's `code`), so a
 * province's tree is entered level by level in one request.
 */
export const establishUnitSchema = z.strictObject({
  code: codeSchema,
  name: nameSchema,
  kind: orgKindSchema,
  sector: orgSectorSchema.nullable().optional(),
  parentId: idSchema.optional(),
  parentCode: codeSchema.optional(),
}).refine((value) => (value.parentId === undefined) !== (value.parentCode === undefined), {
  ...ownMessage({
    vi: 'Cần chỉ rõ tổ chức cấp trên bằng đúng một trong hai trường: parentId hoặc parentCode (mã của tổ chức cấp trên)',
    en: 'Give the parent unit by exactly one of parentId and parentCode',
  }, 'parent_exactly_one'),
  path: ['parentId'],
});
export type EstablishUnit = z.infer<typeof establishUnitSchema>;

export const establishRequestSchema = z.strictObject({
  operation: z.literal('establish'),
  ...batchBase,
  units: z.array(establishUnitSchema).min(1).max(ORG_BATCH_LIMITS.establish)
    .describe(`At most ${ORG_BATCH_LIMITS.establish} units (a larger batch: ORG_BATCH_TOO_LARGE). A parent given by parentCode may be a unit listed earlier in the same batch.`),
});
export const renameRequestSchema = z.strictObject({
  operation: z.literal('rename'),
  ...batchBase,
  unitId: idSchema,
  name: nameSchema.optional(),
  code: codeSchema.optional(),
}).refine((value) => value.name !== undefined || value.code !== undefined, {
  ...ownMessage({ vi: 'Cần nhập tên mới hoặc mã mới của tổ chức', en: 'Give a new name or a new code' }, 'name_or_code_required'),
  path: ['name'],
});
export const moveRequestSchema = z.strictObject({
  operation: z.literal('move'),
  ...batchBase,
  unitIds: z.array(idSchema).min(1).max(ORG_BATCH_LIMITS.move).describe(`At most ${ORG_BATCH_LIMITS.move} units (a larger batch: ORG_BATCH_TOO_LARGE).`),
  newParentId: idSchema,
  /**
   * The kind the moved units take under the new parent, for a grassroots cell placed under a grassroots committee
   * or sub-committee (→ cell) or a cell placed under a commune committee (→ grassroots cell); omitted, they keep it.
   */
  kind: z.enum(['cell', 'grassroots_cell']).optional(),
});
export const mergeRequestSchema = z.strictObject({
  operation: z.literal('merge'),
  ...batchBase,
  sourceIds: z.array(idSchema).min(1).max(ORG_BATCH_LIMITS.merge).describe(`At most ${ORG_BATCH_LIMITS.merge} sources (a larger batch: ORG_BATCH_TOO_LARGE).`),
  /** Merge into an existing unit (the sources are absorbed)… */
  intoUnitId: idSchema.optional(),
  /** …or into a unit established by the same batch (at least two sources). */
  newUnit: newUnitSchema.optional(),
}).refine((value) => (value.intoUnitId === undefined) !== (value.newUnit === undefined), {
  ...ownMessage({
    vi: 'Chỉ chọn một tổ chức để hợp nhất vào: tổ chức đã có (intoUnitId) hoặc tổ chức mới (newUnit)',
    en: 'Give exactly one unit to merge into: an existing one (intoUnitId) or a new one (newUnit)',
  }, 'merge_target_exactly_one'),
  path: ['intoUnitId'],
});
export const splitPartSchema = z.strictObject({
  code: codeSchema,
  name: nameSchema,
  kind: orgKindSchema,
  sector: orgSectorSchema.nullable().optional(),
  /** Defaults to the source's parent. */
  parentId: idSchema.optional(),
  /** The source's live children that go to this part; every live child must go to exactly one part. */
  childIds: z.array(idSchema).max(ORG_BATCH_LIMITS.splitChildren).default([]),
});
export const splitRequestSchema = z.strictObject({
  operation: z.literal('split'),
  ...batchBase,
  sourceId: idSchema,
  parts: z.array(splitPartSchema).min(2).max(ORG_BATCH_LIMITS.splitParts),
});
/**
 * Where the members of a unit go when the batch makes it a kind that cannot hold members (a grassroots cell upgraded
 * to a grassroots committee, a cell to a sub-committee, or such a change of kind): an existing cell that is a live
 * child of the unit (`unitId`), or a new cell the same batch creates under it (`code`, `name`; both optional: by
 * default the unit's code with "-CB" and "Chi bộ <the unit's old name>"). Omitted: a new cell with those defaults.
 */
export const membersToSchema = z.strictObject({
  unitId: idSchema.optional(),
  code: codeSchema.optional(),
  name: nameSchema.optional(),
}).refine((value) => value.unitId === undefined || (value.code === undefined && value.name === undefined), {
  ...ownMessage({
    vi: 'Chọn chi bộ đã có (unitId) hoặc chi bộ mới (mã, tên) để chuyển đảng viên đến, không chọn cả hai',
    en: 'Either an existing cell (unitId) or a new cell (code, name), not both',
  }, 'members_to_exactly_one'),
  path: ['unitId'],
});
export type MembersTo = z.infer<typeof membersToSchema>;

export const upgradeRequestSchema = z.strictObject({
  operation: z.literal('upgrade'),
  ...batchBase,
  unitId: idSchema,
  /** Defaults to the next kind: grassroots cell → grassroots committee, cell → sub-committee. */
  toKind: orgKindSchema.optional(),
  name: nameSchema.optional(),
  code: codeSchema.optional(),
  membersTo: membersToSchema.optional(),
});
export const changeKindRequestSchema = z.strictObject({
  operation: z.literal('change_kind'),
  ...batchBase,
  unitId: idSchema,
  kind: orgKindSchema,
  /** Omit to keep the sector; null clears it. */
  sector: orgSectorSchema.nullable().optional(),
  name: nameSchema.optional(),
  membersTo: membersToSchema.optional(),
});
export const dissolveRequestSchema = z.strictObject({
  operation: z.literal('dissolve'),
  ...batchBase,
  unitIds: z.array(idSchema).min(1).max(ORG_BATCH_LIMITS.dissolve).describe(`At most ${ORG_BATCH_LIMITS.dissolve} units (a larger batch: ORG_BATCH_TOO_LARGE).`),
});

export const restructureRequestSchema = z.discriminatedUnion('operation', [
  establishRequestSchema,
  renameRequestSchema,
  moveRequestSchema,
  mergeRequestSchema,
  splitRequestSchema,
  upgradeRequestSchema,
  changeKindRequestSchema,
  dissolveRequestSchema,
]);
export type RestructureRequest = z.infer<typeof restructureRequestSchema>;
export type EstablishRequest = z.infer<typeof establishRequestSchema>;
export type RenameRequest = z.infer<typeof renameRequestSchema>;
export type MoveRequest = z.infer<typeof moveRequestSchema>;
export type MergeRequest = z.infer<typeof mergeRequestSchema>;
export type SplitRequest = z.infer<typeof splitRequestSchema>;
export type UpgradeRequest = z.infer<typeof upgradeRequestSchema>;
export type ChangeKindRequest = z.infer<typeof changeKindRequestSchema>;
export type DissolveRequest = z.infer<typeof dissolveRequestSchema>;

export const undoRequestSchema = z.strictObject({
  /** Why the batch is undone (a correction needs a reason). */
  reason: z.string().trim().min(1).max(2000),
  /** The decision that revokes the original one, when there is one. */
  decisionId: idSchema.optional(),
});
export type UndoRequest = z.infer<typeof undoRequestSchema>;

/** The state of a unit's open version before or after a change. */
export const unitSnapshotSchema = z.object({
  code: z.string(),
  name: z.string(),
  kind: z.string(),
  sector: z.string().nullable(),
  parentId: z.number().nullable(),
  path: z.string(),
});
export type UnitSnapshot = z.infer<typeof unitSnapshotSchema>;

export const restructureSummarySchema = z.object({
  versionsOpened: z.number(),
  versionsClosed: z.number(),
  versionsVoided: z.number(),
  versionsReopened: z.number(),
  linksCreated: z.number(),
  linksVoided: z.number(),
  /** Descendants whose versions were re-written because an ancestor moved (change 'ancestor_moved'). */
  descendantsRewritten: z.number(),
  unitsCreated: z.array(z.object({ unitId: z.number(), code: z.string(), name: z.string(), kind: z.string(), parentId: z.number() })),
  unitsEnded: z.array(z.object({ unitId: z.number(), reason: z.enum(['merged', 'dissolved', 'split']), successorIds: z.array(z.number()) })),
  /** Units an undo brought back (they had been ended by the undone batch). */
  unitsRevived: z.array(z.number()),
  /** Units an undo voided (they had been created by the undone batch). */
  unitsVoided: z.array(z.number()),
  links: z.array(z.object({ predecessorId: z.number(), successorId: z.number(), kind: linkKindSchema })),
  moved: z.array(z.object({ unitId: z.number(), fromParentId: z.number().nullable(), toParentId: z.number().nullable(), descendants: z.number() })),
  /** Every directly involved unit with its state before and after (null = did not exist / ended). */
  changes: z.array(z.object({ unitId: z.number(), change: z.string(), before: unitSnapshotSchema.nullable(), after: unitSnapshotSchema.nullable() })),
  /**
   * Members moved out of a unit that can no longer hold them, into a cell: how many (official and temporary
   * placements, transfers in progress addressed there) and the first ones (at most 50).
   */
  membersMoved: z.array(z.object({
    fromUnitId: z.number(), toUnitId: z.number(), toCode: z.string(), toName: z.string(), count: z.number(),
    members: z.array(z.object({ id: z.number(), fullName: z.string() })),
  })).optional(),
});
export type RestructureSummary = z.infer<typeof restructureSummarySchema>;

export const batchSchema = z.object({
  id: z.number(),
  operation: z.string(),
  effectiveDate: isoDateSchema,
  decisionId: z.number().nullable(),
  decisionNumber: z.string().nullable(),
  status: z.enum(['applied', 'undone']),
  undoesBatchId: z.number().nullable(),
  undoneByBatchId: z.number().nullable(),
  appliedBy: z.number().nullable(),
  appliedAt: z.string(),
  reason: z.string().nullable(),
  /** Whether an undo would be accepted now (applied, not an undo, no later change on its units); absent where not checked. */
  undoable: z.boolean().optional(),
  /** The later batch that changed the same units, so this one cannot be undone. */
  undoBlockedByBatchId: z.number().nullable().optional(),
});
export type Batch = z.infer<typeof batchSchema>;

export const restructureResultSchema = z.object({
  /** True for a preview: everything was computed by the same code as apply, then rolled back. */
  preview: z.boolean(),
  /** In a preview, `batch.id` and the ids of created units are the ones that would have been used. */
  batch: batchSchema,
  summary: restructureSummarySchema,
});
export type RestructureResult = z.infer<typeof restructureResultSchema>;

export const batchDetailSchema = batchSchema.extend({
  payload: z.unknown(),
  summary: restructureSummarySchema.nullable(),
});
export type BatchDetail = z.infer<typeof batchDetailSchema>;

export const batchListSchema = z.object({ items: z.array(batchSchema), nextCursor: z.string().nullable() });
export type BatchList = z.infer<typeof batchListSchema>;
