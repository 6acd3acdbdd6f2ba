/**
 * The data-cleaning worklist of a unit (or the caller's whole scope): likely duplicates, citizen IDs that contradict
 * their holder, missing record fields, members left in dissolved units, impossible ages and dates. Each issue links
 * to the members concerned; an officer who may write clears it as resolved or "not a problem", with a note (an issue
 * comes back when its facts change). Members left in a unit that is not a cell are moved into one of its cells in
 * one step (`FixStranded.tsx`).
 */
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Button, Card, Col, Form, Input, Modal, Radio, Row, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import {
  CLEANING_ISSUE_KINDS, CLEANING_ISSUE_LABELS, type CleaningIssue, type CleaningIssueKind,
} from '../../../../src/contracts/member-import.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useCodeLabel } from '../../i18n/dynamic.ts';
import { useVocabulary } from '../../components/labels.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { formatDate, formatDateTime, todayInVietnam } from '../../lib/dates.ts';
import { useMe } from '../auth/api.ts';
import { UnitPicker, type PickedUnit } from '../orgs/UnitPicker.tsx';
import { ErrorAlert } from '../members/CommandModal.tsx';
import { useCleaningIssues, useResolveIssue } from './api.ts';
import { FixStrandedModal } from './FixStranded.tsx';
import { CompareMergeModal } from './CompareMerge.tsx';
import { ListTotal } from '../orgs/ListTotal.tsx';
import { useClearable } from '../../components/clearable.ts';

const DATE_VALUE = /^\d{4}-\d{2}-\d{2}/;
const MEMBER_FIELD_KEYS: Record<string, string> = {
  citizenId: 'members.citizenId', ethnicity: 'members.ethnicity', religion: 'members.religion', hometown: 'members.hometown',
  educationLevel: 'members.educationLevel', theoryLevel: 'members.theoryLevel', admissionDate: 'members.admissionDate', officialDate: 'members.officialDate',
};

function IssueDetails({ issue }: { issue: CleaningIssue }) {
  const { t } = useI18n();
  const detailLabel = useCodeLabel('cleaning.detail');
  const valueLabel = useCodeLabel('cleaning.value');
  const vocabulary = useVocabulary();
  const fieldLabel = (field: string) => (MEMBER_FIELD_KEYS[field] ? t(MEMBER_FIELD_KEYS[field] as Parameters<typeof t>[0]) : field);
  const show = (value: unknown): string => {
    if (value === null || value === undefined) return '—';
    if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
    if (Array.isArray(value)) return value.map((item) => fieldLabel(String(item))).join(', ');
    const text = String(value);
    if (DATE_VALUE.test(text)) return formatDate(text);
    return valueLabel(text);
  };
  return (
    <div style={{ fontSize: 13 }}>
      {/* The decision id is for the fix's form, not for reading. */}
      {Object.entries(issue.details).filter(([key]) => key !== 'decisionId').map(([key, value]) => (
        <div key={key}><Typography.Text type="secondary">{detailLabel(key)}:</Typography.Text> {key === 'unitKind' ? vocabulary.kind(String(value)) : show(value)}</div>
      ))}
    </div>
  );
}

function ResolveModal({ issue, onClose }: { issue: CleaningIssue; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ resolution: 'resolved' | 'not_a_problem'; note: string }>();
  const resolve = useResolveIssue();
  const submit = async () => {
    const values = await form.validateFields();
    await resolve.mutateAsync({ kind: issue.kind, key: issue.key, resolution: values.resolution, note: values.note.trim() });
    onClose();
  };
  return (
    <Modal
      open
      title={t('cleaning.resolveTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => void submit().catch(() => undefined)}
      confirmLoading={resolve.isPending}
      onCancel={onClose}
      destroyOnHidden
      data-testid="resolve-modal"
    >
      <Typography.Paragraph>{issue.label}: {issue.members.map((member) => member.fullName).join(', ')}</Typography.Paragraph>
      <ErrorAlert error={resolve.error} />
      <Form form={form} layout="vertical" initialValues={{ resolution: 'resolved' }}>
        <Form.Item name="resolution" label={t('cleaning.resolution')}>
          <Radio.Group options={[{ value: 'resolved', label: t('cleaning.resolved') }, { value: 'not_a_problem', label: t('cleaning.notAProblem') }]} />
        </Form.Item>
        <Form.Item name="note" label={t('cleaning.note')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
          <Input.TextArea rows={3} maxLength={2000} data-testid="resolve-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function CleaningPage() {
  const { t, locale } = useI18n();
  const clearable = useClearable();
  const me = useMe().data;
  const canWrite = !!me?.abilities.includes('member.write');
  const [unit, setUnit] = useState<PickedUnit | null>(null);
  const [kind, setKind] = useState<CleaningIssueKind | undefined>();
  const [state, setState] = useState<'open' | 'resolved' | 'all'>('open');
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(50);
  const [resolving, setResolving] = useState<CleaningIssue | null>(null);
  const [comparing, setComparing] = useState<CleaningIssue | null>(null);
  const [fixing, setFixing] = useState<CleaningIssue | null>(null);
  const issues = useCleaningIssues({ unitId: unit?.id, kind, state, offset: (page - 1) * pageSize, limit: pageSize });
  const counts = issues.data?.counts ?? {};

  return (
    <div data-testid="cleaning-page">
      <PageHeader title={t('cleaning.title')} subtitle={t('cleaning.subtitle')} />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Row gutter={[12, 12]}>
          <Col xs={24} md={10}>
            <UnitPicker date={todayInVietnam()} value={unit} onChange={(value) => { setUnit(value); setPage(1); }} placeholder={t('cleaning.unitFilter')} data-testid="cleaning-unit" />
          </Col>
          <Col xs={24} md={8}>
            <Select<CleaningIssueKind>
              allowClear={clearable}
              style={{ width: '100%' }}
              placeholder={t('cleaning.allKinds')}
              aria-label={t('cleaning.allKinds')}
              value={kind}
              onChange={(value) => { setKind(value); setPage(1); }}
              options={CLEANING_ISSUE_KINDS.map((value) => ({ value, label: `${CLEANING_ISSUE_LABELS[value][locale]}${counts[value] ? ` (${counts[value]})` : ''}` }))}
              data-testid="cleaning-kind"
            />
          </Col>
          <Col xs={24} md={6}>
            <Segmented
              block
              value={state}
              onChange={(value) => { setState(value as typeof state); setPage(1); }}
              options={[{ value: 'open', label: t('cleaning.open') }, { value: 'resolved', label: t('cleaning.resolvedTab') }, { value: 'all', label: t('cleaning.all') }]}
            />
          </Col>
        </Row>
        {Object.keys(counts).length > 0 && (
          <Space size={[4, 4]} wrap style={{ marginTop: 12 }} data-testid="cleaning-counts">
            {CLEANING_ISSUE_KINDS.filter((value) => counts[value]).map((value) => (
              <Tag key={value} color={value === kind ? 'red' : undefined} style={{ cursor: 'pointer' }} onClick={() => { setKind(value === kind ? undefined : value); setPage(1); }}>
                {CLEANING_ISSUE_LABELS[value][locale]}: {counts[value]}
              </Tag>
            ))}
          </Space>
        )}
      </Card>
      <Table<CleaningIssue>
        size="small"
        rowKey={(issue) => `${issue.kind}:${issue.key}:${issue.unitId}`}
        loading={issues.isFetching}
        dataSource={issues.data?.items ?? []}
        scroll={{ x: 1000 }}
        data-testid="cleaning-table"
        locale={{ emptyText: t('cleaning.none') }}
        pagination={{
          current: page,
          pageSize,
          total: issues.data?.total ?? 0,
          showTotal: (total) => <ListTotal total={total} />,
          showSizeChanger: true,
          onChange: (nextPage, nextSize) => { setPage(nextPage); setPageSize(nextSize); },
        }}
        columns={[
          { title: t('cleaning.issue'), dataIndex: 'label', width: 230, render: (value: string, issue) => <Tag color="orange" style={{ whiteSpace: 'normal' }}>{CLEANING_ISSUE_LABELS[issue.kind]?.[locale] ?? value}</Tag> },
          {
            title: t('cleaning.members'), key: 'members', width: 260,
            render: (_, issue) => (
              <div>
                {issue.members.map((member) => (
                  <div key={member.id} style={{ marginBottom: 2 }}>
                    <Link to={`/members/${member.id}`}>{member.fullName}</Link> <Typography.Text type="secondary">({formatDate(member.birthDate)})</Typography.Text>
                    {issue.members.length > 1 && <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{member.unitName}</Typography.Text></div>}
                  </div>
                ))}
              </div>
            ),
          },
          { title: t('members.unit'), dataIndex: 'unitName', width: 220, ellipsis: true },
          { title: t('cleaning.details'), key: 'details', render: (_, issue) => <IssueDetails issue={issue} /> },
          {
            title: t('common.actions'), key: 'actions', width: 170,
            render: (_, issue) => (
              <Space direction="vertical" size={4}>
                {issue.kind === 'duplicate_name_birth' && issue.members.length >= 2 && (
                  <Button size="small" type="primary" ghost onClick={() => setComparing(issue)} data-testid="cleaning-compare">{t('cleaning.compare')}</Button>
                )}
                {issue.kind === 'unit_not_a_cell' && canWrite && (
                  <Button size="small" type="primary" ghost onClick={() => setFixing(issue)} data-testid="cleaning-fix">{t('cleaning.fix')}</Button>
                )}
                {issue.resolution
                  ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>{issue.resolution.resolution === 'resolved' ? t('cleaning.resolved') : t('cleaning.notAProblem')} · {formatDateTime(issue.resolution.resolvedAt)}<br />{issue.resolution.note}</Typography.Text>
                  : canWrite && <Button size="small" onClick={() => setResolving(issue)} data-testid="cleaning-resolve">{t('cleaning.resolve')}</Button>}
              </Space>
            ),
          },
        ]}
      />
      {resolving && <ResolveModal issue={resolving} onClose={() => setResolving(null)} />}
      {fixing && <FixStrandedModal issue={fixing} onClose={() => setFixing(null)} />}
      {comparing && <CompareMergeModal issue={comparing} canWrite={canWrite} onClose={() => setComparing(null)} />}
    </div>
  );
}
