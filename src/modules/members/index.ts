/**
 * The member registry's surface: for the areas built on it (transfers, badges, cleaning, export, import), the demo
 * tool and the benchmark (the routes are declared in `area.ts`). The registry itself imports none of those areas.
 */
export { CELL_KINDS, admitMember } from './members.service.ts';
// The admission pipeline's final steps (src/modules/admissions) call the registry's own life-cycle commands.
export { recognizeMember, extendRecognition, refuseProbation } from './members.service.ts';
// What a command of another area shares with the registry's own: the member locked in scope, and its checks.
export { assertActive, assertNotBeforeLatest, assertNotFuture, lockForCommand, judgeCell, requireCell, lateEntryOf, lateMark } from './members.service.ts';
// A member's history: the replay that decides whether a late entry fits, and the projection re-derived from it.
export { assertFitsHistory, deriveProjection, rederiveMember, replayHistory, type HistoryEvent, type HistoryPlacement } from './history.ts';
// Units as the registry sees them; a member's events, placements and projection, which transfers write through these.
export {
  findUnit, findUnits, unitNames, unitCopies, lockMember, findMemberById, insertEvent, updateMember, openPlacements, closePlacement, insertPlacement,
  placementsInForceOn, voidEvent, revertPlacementsOfEvent,
  type UnitInfo, type MemberRow, type NewEvent,
} from './members.repository.ts';
export { getMemberPage, listMembers, searchMembers, headcountOfUnit, memberReadScope } from './members-query.service.ts';
// A transfer as the member page and the transfers area answer it; a member's transfers in progress.
export { toTransferDto, toTransferDtos, type TransferRow } from './transfer-view.ts';
export { openTransfersOfMember } from './members-query.repository.ts';
// Transfers provide how they follow restructuring (the registry's hook calls it; it does not import transfers).
export { provideTransfersFollowingUnits, type TransfersFollowingUnits } from './members-restructure.ts';
export { citizenIdProblems, CITIZEN_ID_PROVINCE_CODES, type CitizenIdProblem } from './citizen-id.ts';
export {
  analyzeRegistryAfterLoad, memberNameKeys, registerMembersInBulk, reserveMemberIdRanges, insertMembersFrom, insertMemberEventsFrom,
  insertMemberPlacementsFrom, unnestRows, type RegisteredGroup,
} from './bulk.ts';
// Bulk life-cycle commands: the row runner (read, judge, write set-based; every bad row named) transfers' bulk commands share.
export { assertBulkSize, lockRequestMembers, admitMembersInBulk, recognizeMembersInBulk, leaveInBulk, type AppliedRow } from './bulk-commands.ts';
// The cleaning list's fix for members old data left in a unit that is not a cell.
export { placeStrandedMembers, type StrandedFix } from './stranded.ts';
// Judging a member from state already read and writing facts set-based: transfers' commands, one row or a bulk request.
export {
  judgeLocked, judgeNotBeforeLatest, rememberedRule, settle, settleNow, tailStateOf, taken, writeFacts, type MemberFact, type Settled, type TailState,
} from './members.service.ts';
export { isLateEntry } from './history.ts';
export { applyBulkPlans, lockedRowMember, onceEach, SLOW, tailStatesOf, versionFor } from './bulk-commands.ts';
export { lockMembersInOrder, openPlacementsOf } from './members.repository.ts';
export { openTransfersOfMembers } from './members-query.repository.ts';
// The statistics' kept aggregates (issue 12): built or rebuilt from the raw history, checkpointed; the raw reference.
export {
  checkpointMemberStatistics, foldAllMemberStatistics, foldMemberStatistics, keepMemberStatisticsAfterLoad, memberStatistics, memberStatisticsFromRaw,
  pendingMemberStatistics, rebuildMemberStatistics, READ_FOLD_LIMIT,
} from './statistics.ts';
