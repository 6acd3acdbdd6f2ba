/**
 * The forms of an admission file: record a step (the cell's vote with its counts, the resolutions, the decisions, the
 * ceremony with a reason when late, the review, the extension, recognition or refusal, a withdrawal), record a form
 * of the checklist with its scan, add an introducer. Each shows the server's refusal in words and changes nothing then.
 */
import { useEffect, useState } from 'react';
import { Col, Form, Input, InputNumber, Modal, Radio, Row, Select, Typography } from 'antd';
import { ADMISSION_FORMS, ADMISSION_FORM_LIST, type AdmissionForm, type AdmissionStep, type CandidateDetail, type StepRequest } from '../../../../src/contracts/admissions.ts';
import type { Decision } from '../../../../src/contracts/decisions.ts';
import { useI18n, useLabel } from '../../i18n/index.tsx';
import { DateField } from '../../components/DateField.tsx';
import { todayInVietnam } from '../../lib/dates.ts';
import { DecisionPicker } from '../decisions/DecisionPicker.tsx';
import { useDecision } from '../decisions/api.ts';
import { ErrorAlert } from '../members/CommandModal.tsx';
import { fileToUpload, useAddIntroducer, useRecordDocument, useRecordStep, useUpdateCandidate } from './api.ts';
import { DueBy, MemberSelect, useAdmissionLabels, type PickedMember } from './parts.tsx';

const noFuture = (day: { format: (pattern: string) => string }) => day.format('YYYY-MM-DD') > todayInVietnam();
const DATED: readonly AdmissionStep[] = ['cell_vote', 'grassroots_resolution', 'ceremony', 'probation_review', 'withdrawal'];
const VOTED: readonly AdmissionStep[] = ['cell_vote', 'probation_review'];

interface StepValues {
  date?: string | null;
  decision?: Decision | null;
  votesFor?: number;
  votesAgainst?: number;
  passed?: boolean;
  extraWorkingDays?: number;
  reason?: string;
}

function modalProps(testId: string, onClose: () => void, pending: boolean, submit: () => Promise<void>) {
  return {
    // Escape closes a date's calendar, not the form with what was typed in it.
    open: true, width: 640, onCancel: onClose, destroyOnHidden: true, keyboard: false, confirmLoading: pending, 'data-testid': testId,
    onOk: () => void submit().then(onClose).catch(() => undefined), okButtonProps: { 'data-testid': `${testId}-submit` },
  };
}

export function StepModal({ file, step, onClose }: { file: CandidateDetail; step: AdmissionStep; onClose: () => void }) {
  const { t } = useI18n();
  const labels = useAdmissionLabels();
  const [form] = Form.useForm<StepValues>();
  const record = useRecordStep(file.id);
  const required = [{ required: true, message: t('validation.required') }];
  const dated = DATED.includes(step);
  const voted = VOTED.includes(step);
  const submit = async () => {
    const values = await form.validateFields();
    const base = { expectedRowVersion: file.rowVersion, reason: values.reason?.trim() || null };
    const date = values.date!;
    const decisionId = values.decision?.id as number;
    const votes = { votesFor: values.votesFor ?? 0, votesAgainst: values.votesAgainst ?? 0, passed: values.passed ?? true };
    const body: StepRequest = step === 'cell_vote' ? { ...base, step, date, ...votes }
      : step === 'probation_review' ? { ...base, step, date, ...votes }
        : step === 'grassroots_resolution' || step === 'ceremony' ? { ...base, step, date }
          : step === 'withdrawal' ? { ...base, step, date, reason: values.reason?.trim() ?? '' }
            : step === 'recognition_extension' ? { ...base, step, decisionId, extraWorkingDays: values.extraWorkingDays ?? 30 }
              : { ...base, step, decisionId };
    await record.mutateAsync(body);
  };
  return (
    <Modal {...modalProps('step-modal', onClose, record.isPending, submit)} title={t('admissions.recordStep', { step: labels.step(step) })} okText={t('admissions.record')} cancelText={t('common.cancel')}>
      {file.nextStep === step && file.dueBy && (
        <Typography.Paragraph>{t('admissions.dueBy')}: <DueBy dueBy={file.dueBy} overdue={file.overdue} testId="step-due" /></Typography.Paragraph>
      )}
      <ErrorAlert error={record.error} testId="step-error" />
      <Form<StepValues> form={form} layout="vertical" initialValues={{ date: todayInVietnam(), votesFor: 0, votesAgainst: 0, passed: true, extraWorkingDays: 30, decision: null }}>
        <Row gutter={12}>
          {dated && (
            <Col xs={24} sm={12}>
              <Form.Item name="date" label={t('admissions.date')} rules={required}>
                <DateField style={{ width: '100%' }} disabledDate={noFuture} data-testid="step-date" />
              </Form.Item>
            </Col>
          )}
          {!dated && (
            <Col xs={24}>
              <Form.Item name="decision" label={t('admissions.decision')} rules={required}>
                <DecisionPicker defaultSubject={`${labels.step(step)}: ${file.fullName}`} />
              </Form.Item>
            </Col>
          )}
          {voted && (
            <>
              <Col xs={12} sm={6}>
                <Form.Item name="votesFor" label={t('admissions.votesFor')} rules={required}>
                  <InputNumber min={0} max={100000} style={{ width: '100%' }} data-testid="step-votes-for" />
                </Form.Item>
              </Col>
              <Col xs={12} sm={6}>
                <Form.Item name="votesAgainst" label={t('admissions.votesAgainst')} rules={required}>
                  <InputNumber min={0} max={100000} style={{ width: '100%' }} data-testid="step-votes-against" />
                </Form.Item>
              </Col>
              <Col xs={24}>
                <Form.Item name="passed" label={t('admissions.passed')} extra={t('admissions.votesHelp')}>
                  <Radio.Group optionType="button" options={[{ value: true, label: t('admissions.passed.yes') }, { value: false, label: t('admissions.passed.no') }]} data-testid="step-passed" />
                </Form.Item>
              </Col>
            </>
          )}
          {step === 'recognition_extension' && (
            <Col xs={24} sm={12}>
              <Form.Item name="extraWorkingDays" label={t('admissions.extraWorkingDays')} rules={required}>
                <InputNumber min={1} max={30} style={{ width: '100%' }} data-testid="step-extra-days" />
              </Form.Item>
            </Col>
          )}
          <Col xs={24}>
            <Form.Item name="reason" label={step === 'withdrawal' ? t('admissions.reason') : t('admissions.reasonLate')} rules={step === 'withdrawal' ? [{ required: true, whitespace: true, message: t('validation.required') }] : []}>
              <Input.TextArea rows={2} maxLength={2000} data-testid="step-reason" />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}

interface DocumentValues { form: AdmissionForm; dated: string | null; note?: string }

export function DocumentModal({ file, form: initialForm, onClose }: { file: CandidateDetail; form: AdmissionForm; onClose: () => void }) {
  const { t } = useI18n();
  const label = useLabel();
  const [form] = Form.useForm<DocumentValues>();
  const [scan, setScan] = useState<File | null>(null);
  const record = useRecordDocument(file.id);
  const required = [{ required: true, message: t('validation.required') }];
  const submit = async () => {
    const values = await form.validateFields();
    await record.mutateAsync({
      expectedRowVersion: file.rowVersion, form: values.form, dated: values.dated!, note: values.note?.trim() || null,
      file: scan ? await fileToUpload(scan) : null,
    });
  };
  return (
    <Modal {...modalProps('document-modal', onClose, record.isPending, submit)} title={t('admissions.recordFormTitle')} okText={t('admissions.record')} cancelText={t('common.cancel')}>
      <ErrorAlert error={record.error} testId="document-error" />
      <Form<DocumentValues> form={form} layout="vertical" initialValues={{ form: initialForm, dated: todayInVietnam() }}>
        <Form.Item name="form" label={t('admissions.form')} rules={required}>
          <Select options={ADMISSION_FORM_LIST.map((value) => ({ value, label: `${value} · ${label(ADMISSION_FORMS[value])}` }))} data-testid="document-form" />
        </Form.Item>
        <Form.Item name="dated" label={t('admissions.dated')} rules={required}>
          <DateField style={{ width: '100%' }} disabledDate={noFuture} data-testid="document-dated" />
        </Form.Item>
        <Form.Item label={t('admissions.file.pick')}>
          <input type="file" accept="application/pdf,image/jpeg,image/png" onChange={(event) => setScan(event.target.files?.[0] ?? null)} data-testid="document-file" style={{ maxWidth: '100%' }} />
        </Form.Item>
        <Form.Item name="note" label={t('admissions.note')}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface IntroducerValues {
  kind: 'member' | 'youth_union';
  member?: PickedMember | null;
  workedWithSince?: string | null;
  resolutionDate?: string | null;
  resolutionBody?: string;
  checkedOn: string | null;
}

export function IntroducerModal({ file, onClose }: { file: CandidateDetail; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<IntroducerValues>();
  const add = useAddIntroducer(file.id);
  const kind = Form.useWatch('kind', form) ?? 'member';
  const required = [{ required: true, message: t('validation.required') }];
  const submit = async () => {
    const values = await form.validateFields();
    await add.mutateAsync(values.kind === 'member'
      ? { kind: 'member', expectedRowVersion: file.rowVersion, memberId: values.member!.id, workedWithSince: values.workedWithSince!, checkedOn: values.checkedOn! }
      : { kind: 'youth_union', expectedRowVersion: file.rowVersion, resolutionDate: values.resolutionDate!, resolutionBody: values.resolutionBody!.trim(), checkedOn: values.checkedOn! });
  };
  return (
    <Modal {...modalProps('introducer-modal', onClose, add.isPending, submit)} title={t('admissions.addIntroducer')} okText={t('admissions.record')} cancelText={t('common.cancel')}>
      <ErrorAlert error={add.error} testId="introducer-error" />
      <Form<IntroducerValues> form={form} layout="vertical" initialValues={{ kind: 'member', checkedOn: todayInVietnam(), member: null }}>
        <Form.Item name="kind" label={t('admissions.introducerKind')}>
          <Radio.Group optionType="button" options={(['member', 'youth_union'] as const).map((value) => ({ value, label: t(`admissions.introducerKind.${value}`) }))} data-testid="introducer-kind" />
        </Form.Item>
        {kind === 'member' ? (
          <>
            <Form.Item name="member" label={t('admissions.introducerKind.member')} rules={required} extra={t('admissions.introducerHelp')}>
              <MemberSelect testId="introducer-member" />
            </Form.Item>
            <Form.Item name="workedWithSince" label={t('admissions.workedWithSince')} rules={required}>
              <DateField style={{ width: '100%' }} disabledDate={noFuture} data-testid="introducer-since" />
            </Form.Item>
          </>
        ) : (
          <>
            <Form.Item name="resolutionBody" label={t('admissions.resolutionBody')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
              <Input maxLength={300} data-testid="introducer-body" />
            </Form.Item>
            <Form.Item name="resolutionDate" label={t('admissions.resolutionDate')} rules={required}>
              <DateField style={{ width: '100%' }} disabledDate={noFuture} data-testid="introducer-resolution-date" />
            </Form.Item>
          </>
        )}
        <Form.Item name="checkedOn" label={t('admissions.checkedOn')} rules={required}>
          <DateField style={{ width: '100%' }} disabledDate={noFuture} data-testid="introducer-checked-on" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface EditValues {
  courseName?: string;
  courseCompletedOn?: string | null;
  certificateNumber?: string;
  certificateValidUntil?: string | null;
  helper?: PickedMember | null;
  consent?: Decision | null;
}

/** The course, its certificate, the helping member and the consent on age of an open file. */
export function EditCandidateModal({ file, helper, onClose }: { file: CandidateDetail; helper: PickedMember | null; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<EditValues>();
  const update = useUpdateCandidate(file.id);
  const consent = useDecision(file.ageConsentDecisionId);
  useEffect(() => {
    if (consent.data) form.setFieldValue('consent', consent.data);
  }, [consent.data, form]);
  const submit = async () => {
    const values = await form.validateFields();
    await update.mutateAsync({
      expectedRowVersion: file.rowVersion, courseName: values.courseName?.trim() || null, courseCompletedOn: values.courseCompletedOn ?? null,
      certificateNumber: values.certificateNumber?.trim() || null, certificateValidUntil: values.certificateValidUntil ?? null, helperMemberId: values.helper?.id ?? null,
      ageConsentDecisionId: values.consent?.id ?? null,
    });
  };
  return (
    <Modal {...modalProps('edit-modal', onClose, update.isPending, submit)} title={t('admissions.editTitle')} okText={t('admissions.save')} cancelText={t('common.cancel')}>
      <ErrorAlert error={update.error} testId="edit-error" />
      <Form<EditValues>
        form={form} layout="vertical"
        initialValues={{ courseName: file.courseName ?? '', courseCompletedOn: file.courseCompletedOn, certificateNumber: file.certificateNumber ?? '', certificateValidUntil: file.certificateValidUntil, helper }}
      >
        <Row gutter={12}>
          <CourseFields testId="edit" unitId={file.unitId} />
        </Row>
      </Form>
    </Modal>
  );
}

/** The awareness course, its certificate and the helping member: fields of a new file and of an open one. */
export function CourseFields({ testId, unitId }: { testId: string; unitId?: number }) {
  const { t } = useI18n();
  return (
    <>
      <Col xs={24} md={16}>
        <Form.Item name="courseName" label={t('admissions.course')}>
          <Input maxLength={300} data-testid={`${testId}-course`} />
        </Form.Item>
      </Col>
      <Col xs={24} md={8}>
        <Form.Item name="courseCompletedOn" label={t('admissions.courseCompletedOn')}>
          <DateField style={{ width: '100%' }} disabledDate={noFuture} data-testid={`${testId}-course-completed`} />
        </Form.Item>
      </Col>
      <Col xs={12}>
        <Form.Item name="certificateNumber" label={t('admissions.certificate')}>
          <Input maxLength={60} data-testid={`${testId}-certificate`} />
        </Form.Item>
      </Col>
      <Col xs={12}>
        <Form.Item name="certificateValidUntil" label={t('admissions.certificateValidUntil')}>
          <DateField style={{ width: '100%' }} data-testid={`${testId}-certificate-valid`} />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name="helper" label={t('admissions.helper')}>
          <MemberSelect unitId={unitId} testId={`${testId}-helper`} />
        </Form.Item>
      </Col>
      {/* Over 60 on the vote's date, the provincial committee's consent is part of the file (DOMAIN.md §9): the vote reads it. */}
      <Col xs={24} md={12}>
        <Form.Item name="consent" label={t('admissions.ageConsent')} extra={t('admissions.ageConsentHelp')}>
          <DecisionPicker allowCreate={false} id={`${testId}-consent`} />
        </Form.Item>
      </Col>
    </>
  );
}
