/**
 * The admission worklist of a unit and its subtree (or of all the caller's units): files due this week, overdue (in
 * red, with whom each waits on), in progress, or all; a new candidate's file is opened from here.
 */
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { Button, Col, Flex, Form, Modal, Row, Select, Table, Tabs, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { CANDIDATE_SOURCES, WAITING_ON, type CandidateSource, type CandidateSummary, type WaitingOn } from '../../../../src/contracts/admissions.ts';
import type { Decision } from '../../../../src/contracts/decisions.ts';
import { useI18n } from '../../i18n/index.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { DateField } from '../../components/DateField.tsx';
import { formatDate, todayInVietnam } from '../../lib/dates.ts';
import { useDebounced } from '../../lib/use-debounced.ts';
import { useMe } from '../auth/api.ts';
import { UnitPicker, type PickedUnit } from '../orgs/UnitPicker.tsx';
import { ListTotal } from '../orgs/ListTotal.tsx';
import { ErrorAlert } from '../members/CommandModal.tsx';
import { IdentityFields, toIdentityInput, type IdentityValues } from '../members/IdentityFields.tsx';
import { useCandidateList, useCreateCandidate, type CandidateFilters, type Which } from './api.ts';
import { DueBy, StatusTag, SubtreeFilters, useAdmissionLabels, type PickedMember } from './parts.tsx';
import { CourseFields } from './FileModals.tsx';

const WHICH: readonly Which[] = ['due', 'overdue', 'open', 'all'];

function CandidateTable({ filters }: { filters: CandidateFilters }) {
  const { t } = useI18n();
  const labels = useAdmissionLabels();
  const list = useCandidateList(filters);
  const rows = list.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <>
      <div style={{ marginBottom: 8 }}>
        <Flex gap={16} wrap="wrap">
          <ListTotal total={list.data?.pages[0]?.total} capped={list.data?.pages[0]?.totalCapped} testId={`admissions-total-${filters.which}`} />
          <Typography.Text type="secondary" data-testid={`admissions-loaded-${filters.which}`}>{list.data ? t('admissions.loaded', { count: rows.length }) : ''}</Typography.Text>
        </Flex>
      </div>
      <style>{'.admission-row-overdue > td { background: #fff1f0 !important; }'}</style>
      <Table<CandidateSummary>
        size="small"
        rowKey="id"
        loading={list.isFetching && !list.isFetchingNextPage}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 860 }}
        data-testid={`admissions-table-${filters.which}`}
        locale={{ emptyText: t('admissions.none') }}
        onRow={(row) => ({ 'data-candidate-id': row.id, 'data-overdue': row.overdue ? 'true' : undefined } as React.HTMLAttributes<HTMLElement>)}
        rowClassName={(row) => (row.overdue ? 'admission-row-overdue' : '')}
        columns={[
          {
            title: t('admissions.candidate'), dataIndex: 'fullName', width: 200,
            render: (value: string, row) => (
              <>
                <Link to={`/admissions/${row.id}`} data-testid="admission-link">{value}</Link>
                <div><StatusTag status={row.status} />{row.overdue && <Typography.Text type="danger" strong>{t('admissions.overdue')}</Typography.Text>}</div>
              </>
            ),
          },
          { title: t('admissions.unit'), dataIndex: 'unitName', width: 170 },
          { title: t('admissions.source'), dataIndex: 'source', width: 130, render: (value: CandidateSource) => labels.source(value) },
          { title: t('admissions.nextStep'), dataIndex: 'nextStep', width: 190, render: (_, row) => <>{labels.step(row.nextStep)}<br /><Typography.Text type="secondary" style={{ fontSize: 12 }}>{row.waitingOn ? `${t('admissions.waitingOn')} ${labels.waitingFor(row)}` : ''}</Typography.Text></> },
          { title: t('admissions.dueBy'), dataIndex: 'dueBy', width: 170, render: (_, row) => <DueBy dueBy={row.dueBy} overdue={row.overdue} /> },
        ]}
      />
      {list.hasNextPage && (
        <Flex justify="center" style={{ marginTop: 12 }}>
          <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage} data-testid="admissions-load-more">{t('common.loadMore')}</Button>
        </Flex>
      )}
    </>
  );
}

interface CreateValues {
  unit: PickedUnit | null;
  candidateSince: string | null;
  source: CandidateSource;
  courseName?: string;
  courseCompletedOn?: string | null;
  certificateNumber?: string;
  certificateValidUntil?: string | null;
  helper?: PickedMember | null;
  consent?: Decision | null;
  person: IdentityValues;
}

const blankToNull = (value: string | null | undefined) => (value?.trim() ? value.trim() : null);

function CreateCandidateModal({ unit, onClose }: { unit: PickedUnit | null; onClose: () => void }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const labels = useAdmissionLabels();
  const [form] = Form.useForm<CreateValues>();
  const create = useCreateCandidate();
  const picked = Form.useWatch('unit', form);
  const required = [{ required: true, message: t('validation.required') }];
  const noFuture = (day: { format: (pattern: string) => string }) => day.format('YYYY-MM-DD') > todayInVietnam();
  const submit = async () => {
    const values = await form.validateFields();
    const file = await create.mutateAsync({
      unitId: values.unit!.id, candidateSince: values.candidateSince!, source: values.source, person: toIdentityInput(values.person),
      courseName: blankToNull(values.courseName), courseCompletedOn: values.courseCompletedOn ?? null, certificateNumber: blankToNull(values.certificateNumber),
      certificateValidUntil: values.certificateValidUntil ?? null, helperMemberId: values.helper?.id ?? null,
      ageConsentDecisionId: values.consent?.id ?? null,
    });
    navigate(`/admissions/${file.id}`);
  };
  return (
    <Modal
      open width={760} title={t('admissions.newTitle')} okText={t('admissions.create')} cancelText={t('common.cancel')}
      onOk={() => void submit().catch(() => undefined)} confirmLoading={create.isPending} onCancel={onClose} destroyOnHidden keyboard={false}
      data-testid="candidate-modal" okButtonProps={{ 'data-testid': 'candidate-submit' }}
    >
      <ErrorAlert error={create.error} />
      <Form<CreateValues> form={form} layout="vertical" initialValues={{ unit: unit?.kind === 'cell' ? unit : null, source: 'youth_union', candidateSince: todayInVietnam(), person: {} }}>
        <Row gutter={12}>
          <Col xs={24} md={12}>
            <Form.Item name="unit" label={t('admissions.cell')} rules={required}>
              <UnitPicker date={todayInVietnam()} kind="cell" data-testid="candidate-unit" />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="source" label={t('admissions.source')} rules={required}>
              <Select options={CANDIDATE_SOURCES.map((value) => ({ value, label: labels.source(value) }))} data-testid="candidate-source" />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="candidateSince" label={t('admissions.candidateSince')} rules={required}>
              <DateField style={{ width: '100%' }} disabledDate={noFuture} data-testid="candidate-since" />
            </Form.Item>
          </Col>
          <CourseFields testId="candidate" unitId={picked?.id} />
        </Row>
        <IdentityFields prefix="person" />
      </Form>
    </Modal>
  );
}

export function AdmissionsPage() {
  const { t } = useI18n();
  const labels = useAdmissionLabels();
  const me = useMe().data;
  const canWrite = !!me?.abilities.includes('admission.write');
  const [params, setParams] = useSearchParams();
  const which = (WHICH.includes(params.get('which') as Which) ? params.get('which') : 'due') as Which;
  const [unit, setUnit] = useState<PickedUnit | null>(null);
  const [waitingOn, setWaitingOn] = useState<WaitingOn | undefined>();
  const [text, setText] = useState('');
  const q = useDebounced(text, 300);
  const [creating, setCreating] = useState(false);
  const filters: CandidateFilters = { which, unitId: unit?.id, waitingOn, q: q.trim() || undefined };
  const setWhich = (next: string) => setParams((current) => {
    const copy = new URLSearchParams(current);
    copy.set('which', next);
    return copy;
  }, { replace: true });

  return (
    <div data-testid="admissions-page">
      <PageHeader
        title={t('admissions.title')}
        subtitle={t('admissions.subtitle')}
        extra={canWrite && <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="admissions-new">{t('admissions.new')}</Button>}
      />
      <SubtreeFilters unit={unit} onUnit={setUnit} text={text} onText={setText} searchPlaceholder={t('admissions.search')} testId="admissions">
        <Select<WaitingOn | 'any'>
          style={{ width: '100%' }}
          value={waitingOn ?? 'any'}
          onChange={(value) => setWaitingOn(value === 'any' ? undefined : value)}
          options={[{ value: 'any', label: t('admissions.waitingOnAny') }, ...WAITING_ON.map((value) => ({ value, label: `${t('admissions.waitingOn')}: ${labels.waitingOn(value)}` }))]}
          aria-label={t('admissions.waitingOn')}
          data-testid="admissions-waiting-on"
        />
      </SubtreeFilters>
      <Tabs
        activeKey={which}
        onChange={setWhich}
        items={WHICH.map((key) => ({
          key,
          label: <span data-testid={`admissions-tab-${key}`}>{t(`admissions.tab.${key}`)}</span>,
          children: key === which ? <CandidateTable filters={filters} /> : null,
        }))}
      />
      {creating && <CreateCandidateModal unit={unit} onClose={() => setCreating(false)} />}
      <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
        <Link to="/admissions/calendar" data-testid="admissions-calendar-link">{t('menu.admissionCalendar')}</Link>
        {' · '}{formatDate(todayInVietnam())}
      </Typography.Paragraph>
    </div>
  );
}
