/** Pieces the admission pages share: the labels of the contract's vocabularies, a deadline in working days, a member select. */
import { useState, type ReactNode } from 'react';
import { Col, Input, Row, Select, Tag, Typography } from 'antd';
import {
  ADMISSION_STEP_LABELS, CANDIDATE_SOURCE_LABELS, type AdmissionStep, type CandidateSource, type CandidateStatus, type WaitingOn,
} from '../../../../src/contracts/admissions.ts';
import { useI18n, useLabel, type MessageKey } from '../../i18n/index.tsx';
import { formatDate, todayInVietnam } from '../../lib/dates.ts';
import { UnitPicker, type PickedUnit } from '../orgs/UnitPicker.tsx';
import { useDebounced } from '../../lib/use-debounced.ts';
import { decisionLabel } from '../decisions/DecisionPicker.tsx';
import { useDecision } from '../decisions/api.ts';
import { useOfficialMembers, useWorkingDaysLeft } from './api.ts';
import { useClearable } from '../../components/clearable.ts';

export function useAdmissionLabels() {
  const { t } = useI18n();
  const label = useLabel();
  return {
    step: (step: AdmissionStep | null) => (step ? label(ADMISSION_STEP_LABELS[step]) : ''),
    source: (source: CandidateSource) => label(CANDIDATE_SOURCE_LABELS[source]),
    status: (status: CandidateStatus) => t(`admissions.status.${status}` as MessageKey),
    waitingOn: (waitingOn: WaitingOn | null) => (waitingOn ? t(`admissions.waiting.${waitingOn}` as MessageKey) : ''),
    /** The level the next step waits on, and the unit by name where the server names it. */
    waitingFor: (file: { waitingOn: WaitingOn | null; waitingOnUnitName?: string | null }) =>
      (file.waitingOn ? [t(`admissions.waiting.${file.waitingOn}` as MessageKey), file.waitingOnUnitName].filter(Boolean).join(': ') : ''),
  };
}

const STATUS_COLORS: Record<CandidateStatus, string> = {
  in_progress: 'processing', admitted: 'gold', official: 'green', not_admitted: 'default', withdrawn: 'default', removed: 'red',
};

export function StatusTag({ status }: { status: CandidateStatus }) {
  const labels = useAdmissionLabels();
  return <Tag color={STATUS_COLORS[status]} data-testid="admission-status">{labels.status(status)}</Tag>;
}

/** The date a step is due by and the working days left (or past), in red once overdue. */
export function DueBy({ dueBy, overdue, testId = 'admission-due' }: { dueBy: string | null; overdue: boolean; testId?: string }) {
  const { t } = useI18n();
  const left = useWorkingDaysLeft(dueBy);
  if (!dueBy) return null;
  const words = left === null ? '' : left > 0 ? t('admissions.dueIn', { days: left }) : left === 0 ? t('admissions.dueToday') : t('admissions.overdueBy', { days: -left });
  return (
    <span data-testid={testId} data-overdue={overdue ? 'true' : undefined} data-due={dueBy}>
      <Typography.Text type={overdue ? 'danger' : undefined} strong={overdue}>{formatDate(dueBy)}</Typography.Text>
      {words && <Typography.Text type={overdue ? 'danger' : 'secondary'} style={{ fontSize: 12 }} data-testid={`${testId}-left`}> ({words})</Typography.Text>}
    </span>
  );
}

export interface PickedMember { id: number; fullName: string }

/** An official member picked by name (introducers, the helper). */
export function MemberSelect({ value, onChange, unitId, id, testId }: { value?: PickedMember | null; onChange?: (member: PickedMember | null) => void; unitId?: number; id?: string; testId?: string }) {
  const { t } = useI18n();
  const clearable = useClearable();
  const [text, setText] = useState('');
  const search = useOfficialMembers(useDebounced(text, 250), unitId);
  const known = new Map<number, PickedMember & { unitName?: string }>();
  if (value) known.set(value.id, value);
  for (const item of search.data?.items ?? []) known.set(item.id, { id: item.id, fullName: item.fullName, unitName: item.unitName });
  return (
    <Select<number>
      id={id}
      data-testid={testId}
      allowClear={clearable}
      showSearch={{ filterOption: false, onSearch: setText, searchValue: text }}
      style={{ width: '100%', minWidth: 0 }}
      placeholder={t('admissions.memberSearch')}
      value={value?.id}
      loading={search.isFetching}
      notFoundContent={search.isFetching ? t('common.loading') : t('common.noResults')}
      onChange={(memberId) => { onChange?.(memberId ? known.get(memberId) ?? null : null); setText(''); }}
      options={[...known.values()].map((member) => ({ value: member.id, label: member.unitName ? `${member.fullName} (${member.unitName})` : member.fullName }))}
    />
  );
}

/** A decision named on the file (the provincial consent on age), by its number and date once read. */
export function ConsentDecision({ id }: { id: number }) {
  const decision = useDecision(id);
  return <span data-testid="candidate-consent">{decision.data ? decisionLabel(decision.data) : `#${id}`}</span>;
}

/** The filters over an admissions list: the unit whose subtree it shows, words of a name, and one more choice. */
export function SubtreeFilters({ unit, onUnit, text, onText, searchPlaceholder, testId, children }: {
  unit: PickedUnit | null;
  onUnit: (unit: PickedUnit | null) => void;
  text: string;
  onText: (text: string) => void;
  searchPlaceholder: string;
  testId: string;
  /** The third filter (whom the file waits on, the course's status). */
  children: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <Row gutter={[12, 8]} style={{ marginBottom: 8 }}>
      <Col xs={24} md={10}>
        <UnitPicker date={todayInVietnam()} value={unit} onChange={(value) => onUnit(value)} placeholder={t('admissions.unitAll')} data-testid={`${testId}-unit`} />
      </Col>
      <Col xs={12} md={7}>
        <Input.Search allowClear value={text} onChange={(event) => onText(event.target.value)} placeholder={searchPlaceholder} data-testid={`${testId}-search`} />
      </Col>
      <Col xs={12} md={7}>{children}</Col>
    </Row>
  );
}
