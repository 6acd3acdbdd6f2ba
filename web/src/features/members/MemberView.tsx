/**
 * A member's record (every field of the national record, reference codes shown by their labels), the whole timeline
 * across units (corrected events struck through; badges and serious illness merged in), the placements, and the open
 * transfers with their deadlines.
 * Shared by the member page and the self-service page.
 */
import { Link } from 'react-router-dom';
import { Card, Descriptions, Empty, Space, Table, Tag, Timeline, Typography } from 'antd';
import { MedicineBoxOutlined, StarFilled } from '@ant-design/icons';
import type { MemberEvent, MemberPage, Transfer } from '../../../../src/contracts/members.ts';
import { useI18n, type MessageKey, type Translate } from '../../i18n/index.tsx';
import { useCodeLabel } from '../../i18n/dynamic.ts';
import { formatDate, formatDateTime } from '../../lib/dates.ts';
import { TransferStatusTag, useTransferLabels } from '../transfers/TransferModals.tsx';
import { placeText, UnitWithPlace } from '../orgs/UnitPlace.tsx';
import { MemberStatusTags } from './MembersPage.tsx';
import { STATUS_COLORS, useMemberLabels } from './labels.ts';
import { mergeMemberTimeline, recordedLateOn, type MemberTimelineEntry } from './timeline.ts';

const REFERENCE_FIELDS: Record<string, Parameters<ReturnType<typeof useMemberLabels>['reference']>[0]> = {
  ethnicity: 'ethnicity',
  religion: 'religion',
  educationLevel: 'educationLevel',
  professionalLevel: 'professionalLevel',
  theoryLevel: 'politicalTheoryLevel',
  occupation: 'occupation',
};

const FIELD_KEYS: Record<string, MessageKey> = {
  fullName: 'members.fullName',
  sex: 'members.sex',
  birthDate: 'members.birthDate',
  birthplace: 'members.birthplace',
  hometown: 'members.hometown',
  ethnicity: 'members.ethnicity',
  religion: 'members.religion',
  citizenId: 'members.citizenId',
  partyCardNumber: 'members.partyCardNumber',
  educationLevel: 'members.educationLevel',
  professionalLevel: 'members.professionalLevel',
  theoryLevel: 'members.theoryLevel',
  occupation: 'members.occupation',
};

function useFieldValue() {
  const labels = useMemberLabels();
  return (field: string, value: unknown): string => {
    if (value === null || value === undefined || value === '') return '—';
    if (field === 'sex') return labels.sex(String(value));
    if (field === 'birthDate') return formatDate(String(value));
    const list = REFERENCE_FIELDS[field];
    return list ? labels.reference(list, String(value)) : String(value);
  };
}

export function MemberRecordCard({ page, linkUnit = true }: { page: MemberPage; linkUnit?: boolean }) {
  const { t } = useI18n();
  const labels = useMemberLabels();
  const record = page.record;
  const dash = (value: string | null | undefined) => value || '—';
  const reference = (list: Parameters<typeof labels.reference>[0], code: string | null) => (code ? labels.reference(list, code) : '—');
  return (
    <Descriptions
      size="small"
      column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 2, xxl: 3 }}
      styles={{ label: { color: 'rgba(0, 0, 0, 0.55)', minWidth: 110 } }}
      data-testid="member-record"
      items={[
        { key: 'fullName', label: t('members.fullName'), children: <Typography.Text strong>{record.fullName}</Typography.Text> },
        { key: 'sex', label: t('members.sex'), children: labels.sex(record.sex) },
        { key: 'birthDate', label: t('members.birthDate'), children: formatDate(record.birthDate) },
        { key: 'birthplace', label: t('members.birthplace'), children: dash(record.birthplace) },
        { key: 'hometown', label: t('members.hometown'), children: dash(record.hometown) },
        { key: 'ethnicity', label: t('members.ethnicity'), children: reference('ethnicity', record.ethnicity) },
        { key: 'religion', label: t('members.religion'), children: reference('religion', record.religion) },
        { key: 'citizenId', label: t('members.citizenId'), children: dash(record.citizenId) },
        { key: 'partyCardNumber', label: t('members.partyCardNumber'), children: dash(record.partyCardNumber) },
        { key: 'educationLevel', label: t('members.educationLevel'), children: reference('educationLevel', record.educationLevel) },
        { key: 'professionalLevel', label: t('members.professionalLevel'), children: reference('professionalLevel', record.professionalLevel) },
        { key: 'theoryLevel', label: t('members.theoryLevel'), children: reference('politicalTheoryLevel', record.theoryLevel) },
        { key: 'occupation', label: t('members.occupation'), children: reference('occupation', record.occupation) },
        { key: 'admissionDate', label: t('members.admissionDate'), children: formatDate(record.admissionDate) || '—' },
        { key: 'probationStart', label: t('members.probationStart'), children: formatDate(record.probationStart) || '—' },
        { key: 'officialDate', label: t('members.officialDate'), children: formatDate(record.officialDate) || '—' },
        {
          key: 'status', label: t('members.status'),
          children: <Space size={4} wrap><MemberStatusTags item={record} /><Typography.Text type="secondary">{t('members.since', { date: formatDate(record.statusSince) })}</Typography.Text></Space>,
        },
        {
          key: 'unit', label: t('members.unit'),
          children: (
            <span style={{ display: 'inline-flex', flexDirection: 'column' }}>
              {linkUnit
                ? <Link to={`/units/${record.unitId}`} data-testid="member-unit" data-unit-id={record.unitId}>{record.unitName}</Link>
                : <span data-testid="member-unit" data-unit-id={record.unitId}>{record.unitName}</span>}
              {page.unitPlace.length > 0 && <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="member-unit-place">{placeText(page.unitPlace)}</Typography.Text>}
            </span>
          ),
        },
      ]}
    />
  );
}

function EventDetails({ event, unitNames }: { event: MemberEvent; unitNames: ReadonlyMap<number, string> }) {
  const { t } = useI18n();
  const labels = useMemberLabels();
  const fieldValue = useFieldValue();
  const leaveGround = useCodeLabel('leaveGround');
  const exemptionGround = useCodeLabel('exemptionGround');
  const payload = event.payload as {
    fields?: { before?: Record<string, unknown>; after?: Record<string, unknown> };
    action?: string; correctedKind?: string; from?: string; to?: string; ground?: string; dueBy?: string; toUnitId?: number;
  };
  const parts: React.ReactNode[] = [];
  if (payload.fields?.after) {
    for (const [field, after] of Object.entries(payload.fields.after)) {
      const before = payload.fields.before?.[field];
      parts.push(
        <div key={field}>
          {FIELD_KEYS[field] ? t(FIELD_KEYS[field]) : field}: <Typography.Text delete type="secondary">{fieldValue(field, before)}</Typography.Text> → {fieldValue(field, after)}
        </div>,
      );
    }
  }
  if (event.kind === 'correction' && payload.correctedKind) {
    parts.push(
      <div key="corrects">
        {payload.action === 'redate'
          ? t('timeline.redated', { event: labels.event(payload.correctedKind), from: formatDate(payload.from), to: formatDate(payload.to) })
          : t('timeline.voided', { event: labels.event(payload.correctedKind) })}
      </div>,
    );
  }
  if (payload.ground) parts.push(<div key="ground">{t('command.ground')}: {event.kind.startsWith('exemption') ? exemptionGround(payload.ground) : leaveGround(payload.ground)}</div>);
  if (event.kind === 'transfer_issued' && payload.toUnitId && unitNames.has(payload.toUnitId)) parts.push(<div key="to">{t('transfer.to')}: {unitNames.get(payload.toUnitId)}</div>);
  if (event.kind === 'transfer_issued' && payload.dueBy) parts.push(<div key="due">{t('transfer.dueBy')}: {formatDate(payload.dueBy)}</div>);
  return <>{parts}</>;
}

/** Names of the units a member page knows (placements, events, open transfers), to name a transfer's destination. */
function unitNamesOf(page: MemberPage): Map<number, string> {
  const names = new Map<number, string>();
  for (const placement of page.placements) names.set(placement.unitId, placement.unitName);
  for (const event of page.timeline) if (event.unitId && event.unitName) names.set(event.unitId, event.unitName);
  for (const transfer of page.openTransfers) names.set(transfer.toUnitId, transfer.toUnitName);
  return names;
}

function DecisionLine({ decision }: { decision: { number: string; signedOn: string; issuingBody: string } | null }) {
  const { t } = useI18n();
  if (!decision) return null;
  return <div>{t('command.decision')}: {decision.number} ({formatDate(decision.signedOn)}, {decision.issuingBody})</div>;
}

function UnitLine({ unitId, unitName, link }: { unitId: number | null; unitName: string | null; link: boolean }) {
  const { t } = useI18n();
  if (!unitName) return null;
  return <div>{t('members.unit')}: {link && unitId ? <Link to={`/units/${unitId}`}>{unitName}</Link> : unitName}</div>;
}

function RecordedAt({ at }: { at: string }) {
  const { t } = useI18n();
  return <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('timeline.recordedAt', { at: formatDateTime(at) })}</Typography.Text>;
}

/** Badge and serious-illness entries: colours of their own, apart from the status colours of life-cycle events. */
const BADGE_COLOR = '#d48806';
const ILLNESS_COLOR = '#c41d7f';

function timelineItem(entry: MemberTimelineEntry, ctx: { t: Translate; labels: ReturnType<typeof useMemberLabels>; linkUnits: boolean; unitNames: ReadonlyMap<number, string> }) {
  const { t, labels, linkUnits, unitNames } = ctx;
  if (entry.type === 'badge') {
    const { award } = entry;
    return {
      key: entry.key,
      color: BADGE_COLOR,
      icon: <StarFilled style={{ color: BADGE_COLOR }} />,
      content: (
        <div data-testid="timeline-badge" data-milestone={award.milestone} data-early={award.early ? 'true' : undefined}>
          <Space size={6} wrap>
            <Typography.Text strong>{formatDate(award.presentedOn)}</Typography.Text>
            <Typography.Text strong>{t('timeline.badgeAwarded', { years: award.milestone })}</Typography.Text>
            <Tag color="gold">{t('badges.badge')}</Tag>
            {award.early && <Tag color="magenta">{t('timeline.badgeEarly')}</Tag>}
          </Space>
          <div style={{ fontSize: 13 }}>
            <UnitLine unitId={award.unitId} unitName={award.unitName} link={linkUnits} />
            <DecisionLine decision={award.decision} />
            <RecordedAt at={award.recordedAt} />
          </div>
        </div>
      ),
    };
  }
  if (entry.type === 'illnessStart' || entry.type === 'illnessEnd') {
    const { illness } = entry;
    const isStart = entry.type === 'illnessStart';
    return {
      key: entry.key,
      color: ILLNESS_COLOR,
      icon: <MedicineBoxOutlined style={{ color: ILLNESS_COLOR }} />,
      content: (
        <div data-testid="timeline-illness" data-edge={isStart ? 'start' : 'end'}>
          <Space size={6} wrap>
            <Typography.Text strong>{formatDate(entry.date)}</Typography.Text>
            <Typography.Text strong>{isStart ? t('timeline.illnessStart') : t('timeline.illnessEnd')}</Typography.Text>
            <Tag color="magenta">{t('badges.seriouslyIll')}</Tag>
          </Space>
          <div style={{ fontSize: 13 }}>
            {isStart && <div>{illness.until ? t('timeline.illnessUntil', { date: formatDate(illness.until) }) : t('timeline.illnessOngoing')}</div>}
            {isStart && <div>{t('badges.notes')}: {illness.note}</div>}
            {isStart && <DecisionLine decision={illness.decision} />}
            {isStart && <RecordedAt at={illness.recordedAt} />}
          </div>
        </div>
      ),
    };
  }
  const { event } = entry;
  const voided = !!event.voidedByEventId;
  const lateOn = recordedLateOn(event);
  return {
    key: entry.key,
    color: voided ? 'gray' : event.statusAfter ? (STATUS_COLORS[event.statusAfter] === 'default' ? 'gray' : 'blue') : 'green',
    content: (
      <div data-testid="timeline-event" data-kind={event.kind} data-voided={voided ? 'true' : undefined}>
        <Space size={6} wrap>
          <Typography.Text strong>{formatDate(event.effectiveDate)}</Typography.Text>
          <Typography.Text delete={voided} strong>{labels.event(event.kind)}</Typography.Text>
          {event.statusAfter && <Tag color={STATUS_COLORS[event.statusAfter]}>{labels.status(event.statusAfter)}</Tag>}
          {voided && <Tag>{t('timeline.corrected')}</Tag>}
          {lateOn && <Tag color="orange" data-testid="timeline-recorded-late">{t('timeline.recordedLate', { date: formatDate(lateOn) })}</Tag>}
        </Space>
        <div style={{ fontSize: 13 }}>
          <UnitLine unitId={event.unitId} unitName={event.unitName} link={linkUnits} />
          <DecisionLine decision={event.decision} />
          {event.reason && <div>{t('command.reason')}: {event.reason}</div>}
          <EventDetails event={event} unitNames={unitNames} />
          <RecordedAt at={event.recordedAt} />
        </div>
      </div>
    ),
  };
}

/**
 * The whole timeline across units: life-cycle events (corrected ones struck through), with the party badges
 * presented and the serious-illness records merged in by date, each in a colour of its own.
 */
export function MemberTimeline({ page, linkUnits = true }: { page: MemberPage; linkUnits?: boolean }) {
  const { t } = useI18n();
  const labels = useMemberLabels();
  const entries = mergeMemberTimeline(page);
  if (entries.length === 0) return <Empty description={t('timeline.empty')} />;
  const unitNames = unitNamesOf(page);
  return (
    <div data-testid="member-timeline">
      <Timeline items={entries.map((entry) => timelineItem(entry, { t, labels, linkUnits, unitNames }))} />
    </div>
  );
}

export function PlacementsTable({ page }: { page: MemberPage }) {
  const { t } = useI18n();
  return (
    <Table
      size="small"
      rowKey="id"
      pagination={false}
      scroll={{ x: 560 }}
      dataSource={page.placements}
      data-testid="member-placements"
      columns={[
        { title: t('members.unit'), dataIndex: 'unitName', render: (value: string, placement) => <UnitWithPlace id={placement.unitId} name={value} place={placement.unitPlace} /> },
        { title: t('placement.kind'), dataIndex: 'kind', width: 130, render: (value: string) => (value === 'temporary' ? t('members.placementTemporary') : t('members.placementOfficial')) },
        { title: t('common.fromDate'), dataIndex: 'validFrom', width: 110, render: (value: string) => formatDate(value) },
        { title: t('common.toDate'), dataIndex: 'validTo', width: 110, render: (value: string | null) => formatDate(value) || t('orgs.now') },
      ]}
    />
  );
}

export function OpenTransfers({ transfers, actions }: { transfers: readonly Transfer[]; actions?: (transfer: Transfer) => React.ReactNode }) {
  const { t } = useI18n();
  const labels = useTransferLabels();
  if (transfers.length === 0) return null;
  return (
    <Card size="small" title={t('transfer.openTitle')} style={{ marginBottom: 12, borderColor: '#d3adf7' }} data-testid="open-transfers">
      {transfers.map((transfer) => (
        <div key={transfer.id} style={{ marginBottom: 8 }} data-testid="open-transfer">
          <Space wrap size={6}>
            <TransferStatusTag transfer={transfer} />
            <Typography.Text>{labels.kind(transfer.kind)}</Typography.Text>
            <Typography.Text>
              {transfer.fromUnitName}{transfer.fromUnitPlace.length > 0 ? ` (${placeText(transfer.fromUnitPlace)})` : ''} → <Typography.Text strong>{transfer.toUnitName}</Typography.Text>
              {transfer.toUnitPlace.length > 0 ? ` (${placeText(transfer.toUnitPlace)})` : ''}
            </Typography.Text>
          </Space>
          <div>
            <Typography.Text type="secondary">
              {t('transfer.issuedOn')}: {formatDate(transfer.issuedOn)} · {t('transfer.dueBy')}: <Typography.Text type={transfer.isLate ? 'danger' : undefined}>{formatDate(transfer.dueBy)}</Typography.Text>
              {transfer.presentBy ? ` · ${t('transfer.presentBy', { date: formatDate(transfer.presentBy) })}` : ''}
            </Typography.Text>
          </div>
          {actions && <div style={{ marginTop: 4 }}>{actions(transfer)}</div>}
        </div>
      ))}
    </Card>
  );
}
