/**
 * A candidate's admission file: the person, source, course and certificate, helper and introducers; the checklist of
 * forms 1-KNĐ … 15-KNĐ with their dates and scans; the steps taken, and the next one with its deadline in working
 * days (overdue in red) and the form to record it; the admission decision and the checklist printed as PDF.
 */
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Alert, Button, Card, Descriptions, Flex, Space, Table, Typography } from 'antd';
import { FileTextOutlined, PrinterOutlined } from '@ant-design/icons';
import type { AdmissionForm, AdmissionStep, CandidateDetail } from '../../../../src/contracts/admissions.ts';
import { useI18n, useLabel } from '../../i18n/index.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { formatDate } from '../../lib/dates.ts';
import { notifyError } from '../../app/notify.ts';
import { useMe } from '../auth/api.ts';
import { ErrorAlert } from '../members/CommandModal.tsx';
import { useMemberPage } from '../members/api.ts';
import { downloadScan, printAdmissionDocument, useCandidate } from './api.ts';
import { DocumentModal, EditCandidateModal, IntroducerModal, StepModal } from './FileModals.tsx';
import { ConsentDecision, DueBy, StatusTag, useAdmissionLabels } from './parts.tsx';
import { CandidateCourses } from './CandidateCourses.tsx';

type Open = { kind: 'step'; step: AdmissionStep } | { kind: 'document'; form: AdmissionForm } | { kind: 'introducer' } | { kind: 'edit' } | null;

/** The steps an officer may record now: the next one, and the alternatives the procedure leaves open at this stage. */
function stepsOpen(file: CandidateDetail): AdmissionStep[] {
  const steps: AdmissionStep[] = file.nextStep ? [file.nextStep] : [];
  if (file.stage === 'probation_review') steps.push('recognition_extension');
  if (file.status === 'in_progress') steps.push('withdrawal');
  return steps;
}

function NextStepCard({ file, canWrite, onOpen }: { file: CandidateDetail; canWrite: boolean; onOpen: (open: Open) => void }) {
  const { t } = useI18n();
  const labels = useAdmissionLabels();
  if (!file.nextStep) {
    return <Alert type={file.status === 'official' ? 'success' : 'info'} showIcon title={t('admissions.closed', { status: labels.status(file.status) })} style={{ marginBottom: 12 }} data-testid="admission-closed" />;
  }
  return (
    <Card size="small" title={t('admissions.nextCard')} style={{ marginBottom: 12, borderColor: file.overdue ? '#ff4d4f' : undefined }} data-testid="admission-next">
      <Flex wrap gap={12} justify="space-between" align="center">
        <div>
          <Typography.Text strong data-testid="admission-next-step">{labels.step(file.nextStep)}</Typography.Text>
          <div data-testid="admission-waiting">{t('admissions.waitingOn')} {labels.waitingFor(file)}</div>
          {file.dueBy && <div>{t('admissions.dueBy')}: <DueBy dueBy={file.dueBy} overdue={file.overdue} testId="admission-next-due" /></div>}
        </div>
        {canWrite && (
          <Space wrap>
            {stepsOpen(file).map((step, index) => (
              <Button key={step} type={index === 0 ? 'primary' : 'default'} danger={step === 'withdrawal'} onClick={() => onOpen({ kind: 'step', step })} data-testid={`record-${step}`}>
                {labels.step(step)}
              </Button>
            ))}
          </Space>
        )}
      </Flex>
    </Card>
  );
}

export function CandidatePage() {
  const { t } = useI18n();
  const label = useLabel();
  const labels = useAdmissionLabels();
  const id = Number(useParams().id);
  const me = useMe().data;
  const canWrite = !!me?.abilities.includes('admission.write');
  const query = useCandidate(id);
  const [open, setOpen] = useState<Open>(null);
  const file = query.data;
  const helperPage = useMemberPage(file?.helperMemberId ?? undefined);
  const helper = file?.helperMemberId ? { id: file.helperMemberId, fullName: helperPage.data?.record.fullName ?? `#${file.helperMemberId}` } : null;
  if (!file) return <div data-testid="candidate-page"><ErrorAlert error={query.error} testId="candidate-error" /></div>;
  const hometown = typeof file.person.hometown === 'string' ? file.person.hometown : '';
  const decided = file.steps.some((entry) => entry.step === 'admission_decision');
  const open_ = file.status === 'in_progress' || file.status === 'admitted';
  const print = (document: 'decision' | 'checklist') => () => printAdmissionDocument(file.id, document).catch(notifyError);

  return (
    <div data-testid="candidate-page" data-stage={file.stage} data-row-version={file.rowVersion}>
      <PageHeader
        title={t('admissions.file', { name: file.fullName })}
        subtitle={<><Link to="/admissions">{t('admissions.back')}</Link> · {file.unitName} <StatusTag status={file.status} /></>}
        extra={(
          <Space wrap>
            {file.memberId && <Link to={`/members/${file.memberId}`} data-testid="admission-member-link">{t('admissions.member')}</Link>}
            <Button icon={<PrinterOutlined />} onClick={print('checklist')} data-testid="print-checklist">{t('admissions.printChecklist')}</Button>
            {decided && <Button icon={<PrinterOutlined />} onClick={print('decision')} data-testid="print-decision">{t('admissions.printDecision')}</Button>}
          </Space>
        )}
      />
      <NextStepCard file={file} canWrite={canWrite} onOpen={setOpen} />
      <Card
        size="small" title={t('admissions.person')} style={{ marginBottom: 12 }}
        extra={canWrite && open_ && <Button size="small" onClick={() => setOpen({ kind: 'edit' })} data-testid="edit-candidate">{t('admissions.edit')}</Button>}
      >
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} data-testid="candidate-facts">
          <Descriptions.Item label={t('admissions.birthDate')}>{formatDate(file.birthDate)}</Descriptions.Item>
          {hometown && <Descriptions.Item label={t('admissions.hometown')}>{hometown}</Descriptions.Item>}
          <Descriptions.Item label={t('admissions.source')}>{labels.source(file.source)}</Descriptions.Item>
          <Descriptions.Item label={t('admissions.candidateSince')}>{formatDate(file.candidateSince)}</Descriptions.Item>
          <Descriptions.Item label={t('admissions.course')}>{[file.courseName, formatDate(file.courseCompletedOn)].filter(Boolean).join(', ')}</Descriptions.Item>
          <Descriptions.Item label={t('admissions.courses.ofCandidate')}><CandidateCourses candidateId={file.id} /></Descriptions.Item>
          <Descriptions.Item label={t('admissions.certificate')}>{[file.certificateNumber, file.certificateValidUntil ? `→ ${formatDate(file.certificateValidUntil)}` : ''].filter(Boolean).join(' ')}</Descriptions.Item>
          <Descriptions.Item label={t('admissions.helper')}>{helper ? <Link to={`/members/${helper.id}`} data-testid="candidate-helper-link">{helper.fullName}</Link> : ''}</Descriptions.Item>
          {file.ageConsentDecisionId && <Descriptions.Item label={t('admissions.ageConsent')}><ConsentDecision id={file.ageConsentDecisionId} /></Descriptions.Item>}
        </Descriptions>
      </Card>
      <Card
        size="small" title={t('admissions.introducers')} style={{ marginBottom: 12 }}
        extra={canWrite && file.stage === 'file' && open_ && <Button size="small" onClick={() => setOpen({ kind: 'introducer' })} data-testid="add-introducer">{t('admissions.addIntroducer')}</Button>}
      >
        {file.introducers.length === 0 ? <Typography.Text type="secondary">{t('admissions.introducersNone')}</Typography.Text> : (
          <ul style={{ margin: 0, paddingInlineStart: 18 }} data-testid="introducers">
            {file.introducers.map((entry) => (
              <li key={entry.id}>
                {entry.kind === 'member'
                  ? <><Link to={`/members/${entry.memberId}`}>{entry.memberName}</Link> · {t('admissions.workedWithSince')} {formatDate(entry.workedWithSince)}</>
                  : <>{t('admissions.introducerKind.youth_union')}: {entry.resolutionBody} · {formatDate(entry.resolutionDate)}</>}
                <Typography.Text type="secondary"> ({t('admissions.checkedOn')} {formatDate(entry.checkedOn)})</Typography.Text>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card size="small" title={t('admissions.checklist')} style={{ marginBottom: 12 }}>
        <Table
          size="small" rowKey="form" pagination={false} dataSource={file.checklist} scroll={{ x: 620 }} data-testid="checklist"
          onRow={(item) => ({ 'data-form': item.form, 'data-recorded': item.dated ? 'true' : undefined } as React.HTMLAttributes<HTMLElement>)}
          columns={[
            { title: t('admissions.form'), dataIndex: 'form', width: 80 },
            { title: t('admissions.formName'), key: 'label', render: (_, item) => label(item.label) },
            { title: t('admissions.dated'), dataIndex: 'dated', width: 100, render: (value: string | null) => (value ? formatDate(value) : <Typography.Text type="secondary">{t('admissions.notYet')}</Typography.Text>) },
            {
              title: t('admissions.scan'), key: 'scan', width: 150,
              render: (_, item) => (item.documentId && item.fileName
                ? <Button type="link" size="small" icon={<FileTextOutlined />} style={{ padding: 0 }} onClick={() => downloadScan(file.id, item.documentId!, item.fileName).catch(notifyError)}>{item.fileName}</Button>
                : item.dated ? t('admissions.paper') : ''),
            },
            ...(canWrite && open_ ? [{
              title: '', key: 'record', width: 90,
              render: (_: unknown, item: CandidateDetail['checklist'][number]) => <Button size="small" onClick={() => setOpen({ kind: 'document', form: item.form })} data-testid={`record-form-${item.form}`}>{t('admissions.record')}</Button>,
            }] : []),
          ]}
        />
      </Card>
      <Card size="small" title={t('admissions.steps')} style={{ marginBottom: 12 }}>
        <Table
          size="small" rowKey={(entry) => `${entry.step}-${entry.date}`} pagination={false} dataSource={file.steps} scroll={{ x: 620 }} data-testid="steps"
          locale={{ emptyText: t('admissions.stepsNone') }}
          onRow={(entry) => ({ 'data-step': entry.step } as React.HTMLAttributes<HTMLElement>)}
          columns={[
            {
              title: t('admissions.step'), key: 'step',
              render: (_, entry) => {
                const votes = entry.payload as { votesFor?: number; votesAgainst?: number; officialMembers?: number };
                return (
                  <>
                    {labels.step(entry.step)}
                    {votes.votesFor !== undefined && <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('admissions.votes', { for: votes.votesFor, against: votes.votesAgainst ?? 0, members: votes.officialMembers ?? '?' })}</Typography.Text></div>}
                    {entry.reason && <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('admissions.reason')}: {entry.reason}</Typography.Text></div>}
                  </>
                );
              },
            },
            { title: t('admissions.date'), dataIndex: 'date', width: 100, render: (value: string) => formatDate(value) },
            {
              title: t('admissions.dueBy'), key: 'due', width: 170,
              render: (_, entry) => (
                <>
                  {formatDate(entry.dueBy)}
                  {entry.lateWorkingDays > 0 && <div><Typography.Text type="danger">{t('admissions.late', { days: entry.lateWorkingDays })}</Typography.Text></div>}
                </>
              ),
            },
          ]}
        />
      </Card>
      {open?.kind === 'step' && <StepModal file={file} step={open.step} onClose={() => setOpen(null)} />}
      {open?.kind === 'document' && <DocumentModal file={file} form={open.form} onClose={() => setOpen(null)} />}
      {open?.kind === 'edit' && <EditCandidateModal file={file} helper={helper} onClose={() => setOpen(null)} />}
      {open?.kind === 'introducer' && <IntroducerModal file={file} onClose={() => setOpen(null)} />}
    </div>
  );
}
