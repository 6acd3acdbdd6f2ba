/**
 * One awareness course: its organizer, number, dates and place; its participants (candidates of the cells under the
 * organizer) with their files and results; while it runs, adding candidates of the subtree, taking one off with a
 * reason, closing it with each participant's result (a completion writes the certificate to the admission file), or
 * cancelling it with a reason. Each form shows the server's refusal in words, and a refusal changes nothing.
 */
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Alert, Button, Card, Descriptions, Flex, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import type { CourseDetail, CourseParticipant, CourseResultInput } from '../../../../src/contracts/admission-courses.ts';
import { useI18n } from '../../i18n/index.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { DateField } from '../../components/DateField.tsx';
import { formatDate, todayInVietnam } from '../../lib/dates.ts';
import { useDebounced } from '../../lib/use-debounced.ts';
import { useMe } from '../auth/api.ts';
import { ErrorAlert } from '../members/CommandModal.tsx';
import { useAddParticipants, useCancelCourse, useCandidateList, useCloseCourse, useCourse, useVoidParticipant } from './api.ts';
import { CourseStatusTag } from './CoursesPage.tsx';
import { StatusTag } from './parts.tsx';

const noFuture = (day: { format: (pattern: string) => string }) => day.format('YYYY-MM-DD') > todayInVietnam();

function modalProps(testId: string, onClose: () => void, pending: boolean, submit: () => Promise<void>) {
  return {
    open: true, width: 640, onCancel: onClose, destroyOnHidden: true, keyboard: false, confirmLoading: pending, 'data-testid': testId,
    onOk: () => void submit().then(onClose).catch(() => undefined), okButtonProps: { 'data-testid': `${testId}-submit` },
  };
}

/** Candidates of the organizer's subtree whose file is open and before the cell's vote, picked by name. */
function AddParticipantsModal({ course, onClose }: { course: CourseDetail; onClose: () => void }) {
  const { t } = useI18n();
  const add = useAddParticipants(course.id);
  const [text, setText] = useState('');
  const q = useDebounced(text, 250);
  const [picked, setPicked] = useState<{ value: number; label: string }[]>([]);
  const list = useCandidateList({ which: 'open', unitId: course.unitId, q: q.trim() || undefined });
  const already = new Set(course.participantList.filter((entry) => !entry.voided).map((entry) => entry.candidateId));
  const options = (list.data?.pages.flatMap((page) => page.items) ?? [])
    .filter((item) => item.stage === 'file' && !already.has(item.id))
    .map((item) => ({ value: item.id, label: `${item.fullName} (${item.unitName})` }));
  const submit = async () => {
    if (picked.length === 0) throw new Error('nothing picked');
    await add.mutateAsync({ expectedRowVersion: course.rowVersion, candidateIds: picked.map((entry) => entry.value) });
  };
  return (
    <Modal {...modalProps('participants-modal', onClose, add.isPending, submit)} title={t('admissions.courses.addTitle')} okText={t('admissions.courses.add')} cancelText={t('common.cancel')}>
      <ErrorAlert error={add.error} testId="participants-error" />
      <Typography.Paragraph type="secondary">{t('admissions.courses.addHelp')}</Typography.Paragraph>
      {/* Labels in the value: the picked keep their names without being listed again under each new search's results. */}
      <Select<{ value: number; label: string }[]>
        mode="multiple"
        labelInValue
        style={{ width: '100%' }}
        data-testid="participants-select"
        placeholder={t('admissions.courses.candidateSearch')}
        showSearch={{ filterOption: false, onSearch: setText, searchValue: text }}
        loading={list.isFetching}
        notFoundContent={list.isFetching ? t('common.loading') : t('common.noResults')}
        value={picked}
        onChange={(values) => { setPicked(values.map((entry) => ({ value: entry.value, label: String(entry.label) }))); setText(''); }}
        options={options}
      />
    </Modal>
  );
}

/** A reason, for taking a participant off or cancelling the course. */
function ReasonModal({ title, testId, pending, error, onSubmit, onClose }: {
  title: string; testId: string; pending: boolean; error: unknown; onSubmit: (reason: string) => Promise<unknown>; onClose: () => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ reason: string }>();
  const submit = async () => {
    const values = await form.validateFields();
    await onSubmit(values.reason.trim());
  };
  return (
    <Modal {...modalProps(testId, onClose, pending, submit)} title={title} okText={t('admissions.record')} cancelText={t('common.cancel')}>
      <ErrorAlert error={error} testId={`${testId}-error`} />
      <Form form={form} layout="vertical">
        <Form.Item name="reason" label={t('admissions.courses.reason')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
          <Input.TextArea maxLength={2000} rows={3} data-testid={`${testId}-reason`} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface ResultRow { participantId: number; fullName: string; result: 'completed' | 'not_completed'; certificateNumber: string; certificateValidUntil: string | null; note: string }

/** The closing: the date, and each participant's result with the certificate's number and (optionally) its validity. */
function CloseModal({ course, onClose }: { course: CourseDetail; onClose: () => void }) {
  const { t } = useI18n();
  const close = useCloseCourse(course.id);
  const [closedOn, setClosedOn] = useState<string | null>(course.closesOn <= todayInVietnam() ? course.closesOn : todayInVietnam());
  const [rows, setRows] = useState<ResultRow[]>(() => course.participantList.filter((entry) => !entry.voided).map((entry) => ({
    participantId: entry.id, fullName: entry.fullName, result: 'completed', certificateNumber: '', certificateValidUntil: null, note: '',
  })));
  const [checked, setChecked] = useState(false);
  const change = (participantId: number, patch: Partial<ResultRow>) => setRows((current) => current.map((row) => (row.participantId === participantId ? { ...row, ...patch } : row)));
  const missingNumber = (row: ResultRow) => row.result === 'completed' && !row.certificateNumber.trim();
  const submit = async () => {
    setChecked(true);
    if (!closedOn || rows.some(missingNumber)) throw new Error('incomplete');
    const results: CourseResultInput[] = rows.map((row) => (row.result === 'completed'
      ? { participantId: row.participantId, result: 'completed', certificateNumber: row.certificateNumber.trim(), certificateValidUntil: row.certificateValidUntil, note: row.note.trim() || null }
      : { participantId: row.participantId, result: 'not_completed', note: row.note.trim() || null }));
    await close.mutateAsync({ expectedRowVersion: course.rowVersion, closedOn, results });
  };
  return (
    <Modal {...modalProps('close-modal', onClose, close.isPending, submit)} width={900} title={t('admissions.courses.closeTitle')} okText={t('admissions.record')} cancelText={t('common.cancel')}>
      <ErrorAlert error={close.error} testId="close-error" />
      <Typography.Paragraph type="secondary">{t('admissions.courses.closeHelp')}</Typography.Paragraph>
      <Flex gap={12} align="center" wrap style={{ marginBottom: 12 }}>
        <span>{t('admissions.courses.closedOn')}</span>
        <DateField value={closedOn} onChange={setClosedOn} disabledDate={noFuture} status={checked && !closedOn ? 'error' : undefined} data-testid="close-date" />
        <Button size="small" onClick={() => setRows((current) => current.map((row) => ({ ...row, result: 'completed' })))} data-testid="close-all-completed">{t('admissions.courses.allCompleted')}</Button>
      </Flex>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>{t('admissions.courses.certificateValidUntil')}: {t('admissions.courses.certificateDefault')}</Typography.Paragraph>
      <Table<ResultRow>
        size="small" rowKey="participantId" pagination={false} dataSource={rows} scroll={{ x: 820, y: 420 }} data-testid="close-results"
        onRow={(row) => ({ 'data-participant-id': row.participantId } as React.HTMLAttributes<HTMLElement>)}
        columns={[
          { title: t('admissions.candidate'), dataIndex: 'fullName', width: 180 },
          {
            title: t('admissions.courses.result'), key: 'result', width: 160,
            render: (_, row) => (
              <Select<ResultRow['result']>
                size="small" style={{ width: '100%' }} value={row.result} data-testid="close-result"
                onChange={(value) => change(row.participantId, { result: value })}
                options={(['completed', 'not_completed'] as const).map((value) => ({ value, label: t(`admissions.courses.result.${value}`) }))}
              />
            ),
          },
          {
            title: t('admissions.courses.certificateNumber'), key: 'number', width: 160,
            render: (_, row) => row.result === 'completed' && (
              <Input size="small" maxLength={60} value={row.certificateNumber} status={checked && missingNumber(row) ? 'error' : undefined}
                onChange={(event) => change(row.participantId, { certificateNumber: event.target.value })} data-testid="close-certificate" />
            ),
          },
          {
            title: t('admissions.courses.certificateValidUntil'), key: 'valid', width: 150,
            render: (_, row) => row.result === 'completed' && (
              <DateField size="small" style={{ width: '100%' }} value={row.certificateValidUntil} onChange={(value) => change(row.participantId, { certificateValidUntil: value })} data-testid="close-valid" />
            ),
          },
          {
            title: t('admissions.courses.note'), key: 'note',
            render: (_, row) => <Input size="small" maxLength={1000} value={row.note} onChange={(event) => change(row.participantId, { note: event.target.value })} data-testid="close-note" />,
          },
        ]}
      />
    </Modal>
  );
}

type Open = { kind: 'add' } | { kind: 'close' } | { kind: 'cancel' } | { kind: 'remove'; participant: CourseParticipant } | null;

export function CoursePage() {
  const { t } = useI18n();
  const id = Number(useParams().id);
  const me = useMe().data;
  const canWrite = !!me?.abilities.includes('admission.write');
  const query = useCourse(id);
  const [open, setOpen] = useState<Open>(null);
  const course = query.data;
  const voidParticipant = useVoidParticipant(id);
  const cancel = useCancelCourse(id);
  if (!course) return <div data-testid="course-page"><ErrorAlert error={query.error} testId="course-error" /></div>;
  const running = course.status === 'open' && canWrite && course.manageable;
  const active = course.participantList.filter((entry) => !entry.voided).length;

  return (
    <div data-testid="course-page" data-status={course.status} data-row-version={course.rowVersion}>
      <PageHeader
        title={course.name}
        subtitle={<><Link to="/admissions/courses">{t('admissions.courses.back')}</Link> · {course.unitName} · {course.code} <CourseStatusTag status={course.status} /></>}
        extra={running && (
          <Space wrap>
            <Button onClick={() => setOpen({ kind: 'add' })} data-testid="course-add">{t('admissions.courses.addParticipants')}</Button>
            <Button type="primary" disabled={active === 0} onClick={() => setOpen({ kind: 'close' })} data-testid="course-close">{t('admissions.courses.close')}</Button>
            <Button danger onClick={() => setOpen({ kind: 'cancel' })} data-testid="course-cancel">{t('admissions.courses.cancel')}</Button>
          </Space>
        )}
      />
      {course.status === 'cancelled' && <Alert type="info" showIcon title={t('admissions.courses.cancelled', { reason: course.cancelReason ?? '' })} style={{ marginBottom: 12 }} data-testid="course-cancelled" />}
      <Card size="small" style={{ marginBottom: 12 }}>
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} data-testid="course-facts">
          <Descriptions.Item label={t('admissions.courses.unit')}>{course.unitName}</Descriptions.Item>
          <Descriptions.Item label={t('admissions.courses.code')}>{course.code}</Descriptions.Item>
          <Descriptions.Item label={t('admissions.courses.place')}>{course.place ?? ''}</Descriptions.Item>
          <Descriptions.Item label={t('admissions.courses.opensOn')}>{formatDate(course.opensOn)}</Descriptions.Item>
          <Descriptions.Item label={t('admissions.courses.closesOn')}>{formatDate(course.closesOn)}</Descriptions.Item>
          {course.closedOn && <Descriptions.Item label={t('admissions.courses.closedOn')}>{formatDate(course.closedOn)}</Descriptions.Item>}
        </Descriptions>
      </Card>
      <Card size="small" title={<span data-testid="course-counts">{t('admissions.courses.participantCount', { participants: course.participants, completed: course.completed })}</span>}>
        <Table<CourseParticipant>
          size="small" rowKey="id" pagination={false} dataSource={course.participantList} scroll={{ x: 860 }} data-testid="course-participants"
          locale={{ emptyText: t('admissions.courses.participantsNone') }}
          onRow={(entry) => ({ 'data-candidate-id': entry.candidateId, 'data-voided': entry.voided ? 'true' : undefined, style: entry.voided ? { opacity: 0.55 } : undefined } as React.HTMLAttributes<HTMLElement>)}
          columns={[
            {
              title: t('admissions.candidate'), key: 'name', width: 210,
              render: (_, entry) => (
                <>
                  <Link to={`/admissions/${entry.candidateId}`} data-testid="participant-link">{entry.fullName}</Link>
                  <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{formatDate(entry.birthDate)}</Typography.Text></div>
                  {entry.voided && <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('admissions.courses.voided', { reason: entry.voidReason ?? '' })}</Typography.Text></div>}
                </>
              ),
            },
            { title: t('admissions.courses.cell'), dataIndex: 'cellName', width: 180 },
            { title: t('admissions.courses.candidateStatus'), key: 'status', width: 150, render: (_, entry) => <StatusTag status={entry.candidateStatus} /> },
            {
              title: t('admissions.courses.result'), key: 'result', width: 150,
              render: (_, entry) => (entry.result
                ? <Tag color={entry.result === 'completed' ? 'green' : 'red'} data-testid="participant-result">{t(`admissions.courses.result.${entry.result}`)}</Tag>
                : <Typography.Text type="secondary">{entry.voided ? '' : t('admissions.courses.resultPending')}</Typography.Text>),
            },
            {
              title: t('admissions.courses.certificate'), key: 'certificate', width: 220,
              render: (_, entry) => (entry.certificateNumber
                ? (
                  <>
                    <span data-testid="participant-certificate">{entry.certificateNumber} → {formatDate(entry.certificateValidUntil)}</span>
                    {!entry.appliedToCandidate && <div><Typography.Text type="warning" style={{ fontSize: 12 }}>{t('admissions.courses.notApplied')}</Typography.Text></div>}
                  </>
                )
                : entry.note ?? ''),
            },
            ...(running ? [{
              title: '', key: 'remove', width: 120,
              render: (_: unknown, entry: CourseParticipant) => !entry.voided && (
                <Button size="small" danger onClick={() => setOpen({ kind: 'remove', participant: entry })} data-testid="participant-remove">{t('admissions.courses.removeParticipant')}</Button>
              ),
            }] : []),
          ]}
        />
      </Card>
      {open?.kind === 'add' && <AddParticipantsModal course={course} onClose={() => setOpen(null)} />}
      {open?.kind === 'close' && <CloseModal course={course} onClose={() => setOpen(null)} />}
      {open?.kind === 'cancel' && (
        <ReasonModal
          title={t('admissions.courses.cancelTitle')} testId="cancel-modal" pending={cancel.isPending} error={cancel.error} onClose={() => setOpen(null)}
          onSubmit={(reason) => cancel.mutateAsync({ expectedRowVersion: course.rowVersion, reason })}
        />
      )}
      {open?.kind === 'remove' && (
        <ReasonModal
          title={t('admissions.courses.removeTitle', { name: open.participant.fullName })} testId="remove-modal" pending={voidParticipant.isPending} error={voidParticipant.error}
          onClose={() => setOpen(null)} onSubmit={(reason) => voidParticipant.mutateAsync({ participantId: open.participant.id, expectedRowVersion: course.rowVersion, reason })}
        />
      )}
    </div>
  );
}
