/**
 * Enters a province's story into cellbase through its public API, in the order docs/MIGRATION.md gives:
 *   1. the tree on the first day, level by level, a few establish batches (a batch takes up to ESTABLISH_CHUNK units);
 *   2. the members on the first day, as one spreadsheet through the import (validate, then apply all or nothing);
 *   3. the dated events in the order they happened, each under its decision: restructuring batches, then admissions,
 *      recognitions, removals and transfers, each kind as one bulk command per decision (one request, one
 *      transaction, all rows or none); the decisions recorded ahead, many a request (`POST /api/decisions/bulk`);
 *      a kind's commands of one date, one per district, sent a few at a time.
 * Then it reads back the figures the story implies (members by status per district and for the province, units by
 * kind, on each checkpoint date) and reports every difference.
 */
import { CellbaseClient } from './client.ts';
import { STORY_START, type Story, type StoryBatch, type StoryEvent, type StoryUnit } from './story.ts';

/** Requests in flight at once for events that do not depend on each other (`enterEvents`). */
export const SIDE_BY_SIDE = 3;
/** The kinds of event entered as one bulk command per district on a date, each on its own members. */
const INDEPENDENT_BY_DISTRICT = new Set<StoryEvent['type']>(['admissions', 'recognitions', 'removals']);

/** Runs `work` on every item, at most `limit` at a time; rejects with the first failure once the others settle. */
async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]);
  });
  const results = await Promise.allSettled(lanes);
  const failed = results.find((result) => result.status === 'rejected');
  if (failed) throw (failed as PromiseRejectedResult).reason;
}

/** Decisions per `POST /api/decisions/bulk` (the API takes up to 5,000). */
export const DECISION_CHUNK = 2_000;

/** What each kind of event's decision is about. */
function subjectOf(event: StoryEvent): string {
  switch (event.type) {
    case 'batch': return `Sắp xếp tổ chức đảng (${event.batch.operation})`;
    case 'admissions': return 'Kết nạp đảng viên';
    case 'recognitions': return 'Công nhận đảng viên chính thức';
    case 'removals': return 'Xóa tên đảng viên';
    case 'transfers': return 'Giới thiệu chuyển sinh hoạt đảng chính thức';
  }
}

/** Units per establish batch when the tree is entered. */
export const ESTABLISH_CHUNK = 5_000;
/** Rows per bulk command (the API's documented limit is larger; this keeps each transaction short). */
export const BULK_CHUNK = 2_000;

export interface EnterResult {
  requests: number;
  seconds: Record<'tree' | 'import' | 'events' | 'total', number>;
  events: Record<StoryEvent['type'], number>;
  memberEvents: number;
  /** Differences between what the story implies and what cellbase reports (empty when every figure matches). */
  differences: string[];
  figuresChecked: number;
}

interface Created { unitId: number; code: string }
interface BatchAnswer { summary: { unitsCreated: Created[] } }

const ddmmyyyy = (date: string) => `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;

/** The first day's members as the import's spreadsheet (CSV, headers as in the template). */
export function firstDayCsv(story: Story): string {
  const header = ['Họ và tên', 'Giới tính', 'Ngày sinh', 'Số thẻ đảng viên', 'Mã chi bộ', 'Ngày vào Đảng', 'Ngày lễ kết nạp', 'Ngày chính thức', 'Diện đảng viên'];
  const lines = [header.join(',')];
  for (const member of story.members) {
    lines.push([
      member.fullName, member.sex === 'female' ? 'Nữ' : 'Nam', ddmmyyyy(member.birthDate), member.partyCardNumber, member.unitCode,
      ddmmyyyy(member.admissionDate), ddmmyyyy(member.probationStart), member.officialDate ? ddmmyyyy(member.officialDate) : '',
      member.status === 'official' ? 'Chính thức' : 'Dự bị',
    ].join(','));
  }
  return `${lines.join('\n')}\n`;
}

export class StoryEntry {
  readonly unitIds = new Map<string, number>();
  readonly memberIds = new Map<string, number>();
  private decisions = 0;
  private readonly pendingAccepts: { receivedOn: string; transferIds: number[] }[] = [];
  readonly counts: EnterResult['events'] = { batch: 0, admissions: 0, recognitions: 0, transfers: 0, removals: 0 };
  memberEvents = 0;

  constructor(readonly client: CellbaseClient, readonly story: Story) {}

  private unit(code: string): number {
    const id = this.unitIds.get(code);
    if (id === undefined) throw new Error(`unit ${code} is not known`);
    return id;
  }

  private member(card: string): number {
    const id = this.memberIds.get(card);
    if (id === undefined) throw new Error(`member ${card} is not known`);
    return id;
  }

  /** Every change cites a decision: one per batch or bulk command, issued by the committee that took it. */
  async decision(issuingUnitId: number, signedOn: string, subject: string): Promise<number> {
    const answer = await this.client.post<{ id: number }>('/api/decisions', this.decisionBody(issuingUnitId, signedOn, subject));
    return answer.id;
  }

  private decisionBody(issuingUnitId: number, signedOn: string, subject: string) {
    return { number: `${++this.decisions}-QĐ/MT`, signedOn, issuingBody: 'Ban Thường vụ', issuingUnitId, subject };
  }

  /**
   * The events' decisions recorded ahead, DECISION_CHUNK a request (`POST /api/decisions/bulk`), for the events whose
   * issuing committee exists before the events begin; an event whose committee a later batch creates records its
   * decision when it comes (`decisionOf`).
   */
  async recordDecisions(): Promise<void> {
    const ahead: { event: StoryEvent; body: ReturnType<StoryEntry['decisionBody']> }[] = [];
    for (const event of this.story.events) {
      const issuerId = this.unitIds.get(this.issuerCode(event));
      if (issuerId !== undefined) ahead.push({ event, body: this.decisionBody(issuerId, event.date, subjectOf(event)) });
    }
    for (let start = 0; start < ahead.length; start += DECISION_CHUNK) {
      const chunk = ahead.slice(start, start + DECISION_CHUNK);
      const answer = await this.client.post<{ items: { id: number }[] }>('/api/decisions/bulk', { rows: chunk.map(({ body }) => body) });
      answer.items.forEach((decision, index) => this.recorded.set(chunk[index].event, decision.id));
    }
  }

  private readonly recorded = new Map<StoryEvent, number>();

  private issuerCode(event: StoryEvent): string {
    return event.type === 'batch' ? this.story.provinceCode : event.issuerCode;
  }

  /** The event's decision: recorded ahead, or now. */
  private async decisionOf(event: StoryEvent): Promise<number> {
    return this.recorded.get(event) ?? this.decision(this.unit(this.issuerCode(event)), event.date, subjectOf(event));
  }

  async enterTree(): Promise<void> {
    const roots = await this.client.get<{ items: { id: number }[] }>(`/api/orgs/roots?date=${STORY_START}`);
    const rootId = roots.items[0].id;
    const decisionId = await this.decision(rootId, STORY_START, 'Thành lập các tổ chức đảng (nhập dữ liệu ban đầu)');
    const depth = (unit: StoryUnit) => unit.code.split('.').length;
    const levels = new Map<number, StoryUnit[]>();
    for (const unit of this.story.units) levels.set(depth(unit), [...(levels.get(depth(unit)) ?? []), unit]);
    for (const level of [...levels.keys()].sort((a, b) => a - b)) {
      const units = levels.get(level)!;
      for (let start = 0; start < units.length; start += ESTABLISH_CHUNK) {
        await this.establish(units.slice(start, start + ESTABLISH_CHUNK), STORY_START, decisionId, rootId);
      }
    }
  }

  private async establish(units: StoryUnit[], effectiveDate: string, decisionId: number, rootId: number): Promise<void> {
    const answer = await this.client.post<BatchAnswer>('/api/orgs/batches', {
      operation: 'establish', effectiveDate, decisionId,
      units: units.map((unit) => ({ code: unit.code, name: unit.name, kind: unit.kind, sector: unit.sector, parentId: unit.parentCode === null ? rootId : this.unit(unit.parentCode) })),
    });
    for (const created of answer.summary.unitsCreated) this.unitIds.set(created.code, created.unitId);
  }

  async importFirstDay(): Promise<void> {
    const provinceId = this.unit(this.story.provinceCode);
    const decisionId = await this.decision(provinceId, STORY_START, 'Nhập dữ liệu đảng viên ban đầu');
    let job = await this.client.upload<Job>(`/api/member-import/jobs?unitId=${provinceId}&filename=dang-vien-2020.csv`, firstDayCsv(this.story), 'text/csv');
    job = await this.client.post<Job>(`/api/member-import/jobs/${job.id}/validate`, { mapping: job.proposedMapping, effectiveDate: STORY_START, decisionId, expectedRowVersion: job.rowVersion });
    job = await this.waitFor(job.id, ['validated', 'failed']);
    if (job.status !== 'validated' || job.invalidRows !== 0) {
      const rows = await this.client.get<{ items: unknown[] }>(`/api/member-import/jobs/${job.id}/rows?invalidOnly=true&limit=5`);
      throw new Error(`the first day's spreadsheet did not validate: ${JSON.stringify({ status: job.status, invalid: job.invalidRows, rows: rows.items })}`);
    }
    job = await this.client.post<Job>(`/api/member-import/jobs/${job.id}/apply`, { mode: 'all', expectedRowVersion: job.rowVersion });
    job = await this.waitFor(job.id, ['applied', 'failed']);
    if (job.status !== 'applied') throw new Error(`the import did not apply: ${JSON.stringify(job)}`);
    // Which row became which member, by the file's own key (here the party card): 10,000 rows a request.
    for (let after: number | null = 0; after !== null;) {
      const page: { items: { key: string; memberId: number | null }[]; nextCursor: number | null } = await this.client.get(`/api/member-import/jobs/${job.id}/rows/keys?key=partyCardNumber&limit=10000&after=${after}`);
      for (const row of page.items) if (row.memberId !== null) this.memberIds.set(row.key, row.memberId);
      after = page.nextCursor;
    }
  }

  private async waitFor(jobId: number, statuses: string[]): Promise<Job> {
    for (;;) {
      const job = await this.client.get<Job>(`/api/member-import/jobs/${jobId}`);
      if (statuses.includes(job.status)) return job;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /**
   * The events in date order. The members' events of one kind on one date are one bulk command per district: other
   * members, other cells, so they do not depend on each other and go SIDE_BY_SIDE at a time, as an integrator would
   * send them; everything else (batches, transfers, one kind after another) waits for what came before.
   */
  async enterEvents(): Promise<void> {
    await this.recordDecisions();
    const events = this.story.events;
    for (let start = 0; start < events.length;) {
      const first = events[start];
      await this.acceptDue(first.date);
      let end = start + 1;
      if (INDEPENDENT_BY_DISTRICT.has(first.type)) {
        while (end < events.length && events[end].type === first.type && events[end].date === first.date) end++;
      }
      await inParallel(events.slice(start, end), SIDE_BY_SIDE, async (event) => {
        await this.enterEvent(event);
        this.counts[event.type]++;
      });
      start = end;
    }
    await this.acceptDue('9999-12-31');
  }

  /** Transfers are received on their date, before anything later happens. */
  private async acceptDue(date: string): Promise<void> {
    while (this.pendingAccepts.length && this.pendingAccepts[0].receivedOn <= date) {
      const due = this.pendingAccepts.shift()!;
      await this.bulk('/api/transfers/bulk/accept', { receivedOn: due.receivedOn }, due.transferIds.map((transferId) => ({ transferId })));
      this.memberEvents += due.transferIds.length;
    }
  }

  private async enterEvent(event: StoryEvent): Promise<void> {
    const decisionId = await this.decisionOf(event);
    switch (event.type) {
      case 'batch': {
        await this.batch(event.batch, event.date, decisionId);
        return;
      }
      case 'admissions': {
        const answers = await this.bulk<{ memberId: number }>('/api/members/bulk/admissions', { decisionId }, event.rows.map((row) => ({
          unitId: this.unit(row.unitCode), cellVoteDate: row.cellVoteDate, ceremonyDate: row.ceremonyDate,
          member: { fullName: row.person.fullName, sex: row.person.sex, birthDate: row.person.birthDate, partyCardNumber: row.person.partyCardNumber },
        })));
        answers.forEach((answer, index) => this.memberIds.set(event.rows[index].person.partyCardNumber, answer.memberId));
        this.memberEvents += event.rows.length;
        return;
      }
      case 'recognitions': {
        await this.bulk('/api/members/bulk/recognitions', { decisionId }, event.cards.map((card) => ({ memberId: this.member(card) })));
        this.memberEvents += event.cards.length;
        return;
      }
      case 'removals': {
        await this.bulk('/api/members/bulk/removals', { decisionId, effectiveDate: event.date, ground: 'inactivity' }, event.cards.map((card) => ({ memberId: this.member(card) })));
        this.memberEvents += event.cards.length;
        return;
      }
      case 'transfers': {
        const answers = await this.bulk<{ transferId: number }>('/api/transfers/bulk/issue', { decisionId, issuedOn: event.date }, event.rows.map((row) => ({
          memberId: this.member(row.card), toUnitId: this.unit(row.toUnitCode), kind: 'official', purpose: 'work',
        })));
        this.pendingAccepts.push({ receivedOn: event.receivedOn, transferIds: answers.map((answer) => answer.transferId) });
        this.memberEvents += event.rows.length;
        return;
      }
    }
  }

  private async batch(batch: StoryBatch, effectiveDate: string, decisionId: number): Promise<void> {
    switch (batch.operation) {
      case 'establish': {
        const answer = await this.client.post<BatchAnswer>('/api/orgs/batches', {
          operation: 'establish', effectiveDate, decisionId,
          units: batch.units.map((unit) => ({ code: unit.code, name: unit.name, kind: unit.kind, sector: unit.sector, parentId: this.unit(unit.parentCode!) })),
        });
        for (const created of answer.summary.unitsCreated) this.unitIds.set(created.code, created.unitId);
        return;
      }
      case 'rename':
        await this.client.post('/api/orgs/batches', { operation: 'rename', effectiveDate, decisionId, unitId: this.unit(batch.unitCode), name: batch.name });
        return;
      case 'move':
        await this.client.post('/api/orgs/batches', {
          operation: 'move', effectiveDate, decisionId, unitIds: batch.unitCodes.map((code) => this.unit(code)), newParentId: this.unit(batch.newParentCode),
          ...(batch.kind ? { kind: batch.kind } : {}),
        });
        return;
      case 'upgrade': {
        // The members go into the cell the batch creates; the answer gives its id like any unit created.
        const answer = await this.client.post<BatchAnswer>('/api/orgs/batches', { operation: 'upgrade', effectiveDate, decisionId, unitId: this.unit(batch.unitCode), membersTo: batch.membersTo });
        for (const created of answer.summary.unitsCreated) this.unitIds.set(created.code, created.unitId);
        return;
      }
      case 'merge':
        await this.client.post('/api/orgs/batches', { operation: 'merge', effectiveDate, decisionId, sourceIds: batch.sourceCodes.map((code) => this.unit(code)), intoUnitId: this.unit(batch.intoCode) });
        return;
      case 'dissolve':
        await this.client.post('/api/orgs/batches', { operation: 'dissolve', effectiveDate, decisionId, unitIds: batch.unitCodes.map((code) => this.unit(code)) });
        return;
    }
  }

  /** A bulk command in chunks of BULK_CHUNK rows; returns the rows' answers in order. */
  private async bulk<T>(path: string, common: Record<string, unknown>, rows: Record<string, unknown>[]): Promise<T[]> {
    const answers: T[] = [];
    for (let start = 0; start < rows.length; start += BULK_CHUNK) {
      const answer = await this.client.post<{ items: T[] }>(path, { ...common, rows: rows.slice(start, start + BULK_CHUNK) });
      answers.push(...answer.items);
    }
    return answers;
  }

  /** Compares what the story implies with what cellbase reports, on each checkpoint date. */
  async check(): Promise<{ differences: string[]; figures: number }> {
    const differences: string[] = [];
    let figures = 0;
    const compare = (what: string, expected: number, actual: number) => {
      figures++;
      if (expected !== actual) differences.push(`${what}: the story says ${expected}, cellbase says ${actual}`);
    };
    for (const point of this.story.checkpoints) {
      const provinceId = this.unit(this.story.provinceCode);
      const province = await this.client.get<{ official: number; probationary: number }>(`/api/members/headcount?unitId=${provinceId}&asOf=${point.date}`);
      compare(`${point.date} province official`, point.province.official, province.official);
      compare(`${point.date} province probationary`, point.province.probationary, province.probationary);
      for (const [code, expected] of Object.entries(point.districts)) {
        const actual = await this.client.get<{ official: number; probationary: number }>(`/api/members/headcount?unitId=${this.unit(code)}&asOf=${point.date}`);
        compare(`${point.date} ${code} official`, expected.official, actual.official);
        compare(`${point.date} ${code} probationary`, expected.probationary, actual.probationary);
      }
      const counts = await this.client.get<{ byKind: { kind: string; count: number }[] }>(`/api/orgs/units/${provinceId}/counts?date=${point.date}`);
      const byKind = new Map(counts.byKind.map((item) => [item.kind, item.count]));
      for (const kind of new Set([...Object.keys(point.unitsByKind), ...byKind.keys()])) compare(`${point.date} units ${kind}`, point.unitsByKind[kind] ?? 0, byKind.get(kind) ?? 0);
    }
    return { differences, figures };
  }
}

interface Job { id: number; status: string; rowVersion: number; invalidRows: number; proposedMapping: unknown }

/** Enters the whole story and checks its figures; the times are wall-clock seconds of each phase. */
export async function enterStory(client: CellbaseClient, story: Story, log: (line: string) => void = () => {}): Promise<EnterResult> {
  const entry = new StoryEntry(client, story);
  const started = performance.now();
  const seconds = { tree: 0, import: 0, events: 0, total: 0 };
  let mark = performance.now();
  const lap = (phase: 'tree' | 'import' | 'events') => {
    const now = performance.now();
    seconds[phase] = (now - mark) / 1000;
    mark = now;
    log(`${phase}: ${seconds[phase].toFixed(1)} s, ${client.requests} requests so far`);
  };
  await entry.enterTree();
  lap('tree');
  await entry.importFirstDay();
  lap('import');
  await entry.enterEvents();
  lap('events');
  seconds.total = (performance.now() - started) / 1000;
  const requests = client.requests;
  const { differences, figures } = await entry.check();
  return { requests, seconds, events: entry.counts, memberEvents: entry.memberEvents, differences, figuresChecked: figures };
}
