/** What every route module receives, and the request fields the auth hook fills in. */
import type { FastifyInstance, RawServerDefault, FastifyBaseLogger } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Db, Executor } from '../kernel/executor.ts';
import type { DailyJob } from '../kernel/daily-jobs.ts';
import type { BackgroundTask } from '../kernel/background-tasks.ts';
import type { Config } from '../config.ts';
import type { Caller, Scope } from '../access/scope.ts';
import type { Action } from '../contracts/permissions.ts';

export interface AppContext {
  db: Db;
  config: Config;
}

/**
 * Every route declares who may call it: 'public' (no session), 'authenticated' (any signed-in account), or the
 * action it performs, which the caller's roles must carry somewhere (else 403). Whether the object is inside the
 * caller's subtrees is then decided in SQL by the service (else 404).
 */
export type RouteAccess = 'public' | 'authenticated' | Action;

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller | null;
    csrfToken: string | null;
  }
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
}

export type App = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, ZodTypeProvider>;
/** What a route module receives: the app's context and what the areas declare for the others (their work items). */
export interface RouteContext extends AppContext {
  workItems: readonly WorkItem[];
  /** The statistics sources the areas declare (`ServerArea.statistics`). */
  statisticsSources: readonly StatisticsSource[];
}
export type RouteModule = (app: App, context: RouteContext) => Promise<void> | void;

/**
 * Something that needs doing, as an area declares it for the home page (`GET /api/home`): a count in the caller's
 * scope, computed in SQL from an index (a bounded count, never a scan of the registry), and the filtered list it
 * links to. The home area gathers every area's items and shows those whose action the caller carries.
 */
export interface WorkItem {
  /** Stable, `<area>.<item>`; the web's home area names it (`workItem.<key>` in features/home/texts.*.ts). */
  key: string;
  /** The caller must carry it somewhere; the count is then taken in the caller's scope for it. */
  action: Action;
  count(db: Executor, caller: Caller, today: string): Promise<WorkItemCount>;
}
export interface WorkItemCount {
  count: number;
  /** The web app's path of the filtered list. */
  link: string;
  params?: Record<string, string | number>;
}

/**
 * An area as the server sees it, declared in its `area.ts` and gathered by `src/modules/index.ts`: its route modules,
 * registered in this order under /api (the order is also the OpenAPI document's).
 */
export interface ServerArea {
  name: string;
  routes: readonly RouteModule[];
  /** What needs doing in this area, for the home page (in the order shown). */
  workItems?: readonly WorkItem[];
  /** What this area counts, for the statistics every report reads (issue 12). */
  statistics?: readonly StatisticsSource[];
  /** Work the server does once a day (reminders): run by `cellbase serve`, once per day across processes. */
  dailyJobs?: readonly DailyJob[];
  /** Work the server repeats every few seconds while it runs (the statistics' fold): run by `cellbase serve`. */
  backgroundTasks?: readonly BackgroundTask[];
  /** Made ready once when `cellbase serve` starts, not awaited by anything (a worker booted ahead of the first file). */
  warmUp?: () => Promise<void>;
}

type Bilingual = { vi: string; en: string };

/** A dimension a source's measures break down by, with its values in the forms' edition in force. */
export interface StatisticsDimension { key: string; label: Bilingual; values: readonly { key: string; label: Bilingual }[] }

/** What a source is asked: one unit's subtree on the tree as it stood, in the caller's scope. */
export interface StatisticsAsk {
  unitId: number;
  scope: Scope;
  /** A dimension every figure is broken down by, or null for totals. */
  by: string | null;
  /** Also per unit directly under `unitId` (as the tree stood on the date, or each event's date). */
  children: boolean;
}

/** One counted figure: a measure, its value of the dimension asked (null: total), and the child unit (null: all). */
export interface StatisticsRow { measure: string; value: string | null; unitId: number | null; count: number; /** With `stocksByEach`/`flowsByEach`: the dimension of `value`. */ by?: string | null }

/**
 * What an area counts for the statistics (issue 12): its measures (a stock on a date, a flow over a period), the
 * dimensions each breaks down by, and how to count them. The statistics area answers every source the same way
 * (catalog, figures, breakdown by child unit, scope, bad input); the area owns its tables and its SQL.
 */
export interface StatisticsSource {
  key: string;
  label: Bilingual;
  /** `countsPeople: false`: the measure counts things (courses), not people: nobody to drill down to. */
  measures: readonly { key: string; kind: 'stock' | 'flow'; label: Bilingual; dimensions: readonly string[]; countsPeople?: false }[];
  /** The dimensions, with their values in the edition in force on `date`. */
  dimensions(date: string): readonly StatisticsDimension[];
  /** The stocks on `date`. */
  stocks(db: Executor, ask: StatisticsAsk, date: string): Promise<StatisticsRow[]>;
  /** The flows over [from, to], both days counted (none when the source has no flow). */
  flows?(db: Executor, ask: StatisticsAsk, from: string, to: string): Promise<StatisticsRow[]>;
  /** The stocks by each of several dimensions at once (a form's sections), totals included, in one read; optional. */
  stocksByEach?(db: Executor, ask: StatisticsAsk, date: string, dims: readonly string[]): Promise<StatisticsRow[]>;
  /** The flows likewise; optional. */
  flowsByEach?(db: Executor, ask: StatisticsAsk, from: string, to: string, dims: readonly string[]): Promise<StatisticsRow[]>;
  /** The members one figure counts, by member id after `page.after` (a source that counts people). */
  members?(db: Executor, ask: StatisticsAsk, pick: StatisticsPick, page: { after: number; limit: number }): Promise<StatisticsMemberRow[]>;
  /** The people one figure counts when they are not the registry's members (the admissions' candidates), by id after `page.after`. */
  people?(db: Executor, ask: StatisticsAsk, pick: StatisticsPick, page: { after: number; limit: number }): Promise<StatisticsPersonRow[]>;
}

/** One figure to drill into: a stock's measure on a date, or a flow's over a period, with the dimension's value. */
export type StatisticsPick = { measure: string; value: string | null } & ({ kind: 'stock'; date: string } | { kind: 'flow'; from: string; to: string });

/** A member a figure counts: where (the cell) and when (the date, or the change's day). */
export interface StatisticsMemberRow { memberId: number; cellId: number; date: string }

/** A person a figure counts who is not (only) a member of the registry, with the page that shows them (their file). */
export interface StatisticsPersonRow { id: number; fullName: string; birthDate: string; sex: string; cellId: number; date: string; link: string }

/** The signed-in caller; the auth hook guarantees it on every route that is not 'public'. */
export function callerOf(request: { caller: Caller | null }): Caller {
  if (!request.caller) throw new Error('route declared public but reads the caller');
  return request.caller;
}
