/**
 * The shared kernel: what every area needs and no area owns. Areas import it from here; it imports nothing from
 * the areas (the layering check enforces it).
 */
export { inTransaction, type Db, type Executor, type Tx, type TransactionOptions } from './executor.ts';
export { actorOf, type Actor } from './actor.ts';
export { encodeCursor, decodeCursor } from './paging.ts';
export { versionInForce, versionIsCurrent } from './unit-version.ts';
export { unitPlaces, type UnitPlace } from './unit-place.ts';
export { placeAbove, placeLabel, PLACE_SEPARATOR } from '../rules/unit-place.ts';
export { runDueJobs, startDailyJobs, type DailyJob } from './daily-jobs.ts';
export { startBackgroundTasks, type BackgroundTask } from './background-tasks.ts';
export { workingCalendarOf } from './working-calendar.ts';
export { writeJournal, writeJournalMany, writeJournalFrom, type JournalEntry } from './journal.ts';
export {
  scopeOf, systemScope, pathInScope, unitInScope, scopeIncludes, scopeIsEmpty, scopePrefixes, callerMay,
  type Scope, type Caller, type CallerGrant,
} from '../access/scope.ts';
export {
  requireUsableDecision, findDecision, selectDecisions, decisionInScope, issuerInScope, toDecision, decisionRefOf, type DecisionRow,
} from './decisions.ts';
