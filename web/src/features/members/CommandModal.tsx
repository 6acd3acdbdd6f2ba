/**
 * One life-cycle command on a member, as a form: the effective date, the decision (legal basis, picked or recorded on
 * the spot), and what the command needs (ground, extension, re-admission cell and consent, corrected event, changed
 * fields). The server applies the rules; when it refuses, its message is shown in the form and nothing changes.
 */
import { useMemo } from 'react';
import { Alert, Col, Form, Input, InputNumber, Modal, Radio, Row, Select, Switch, Typography } from 'antd';
import { LEAVE_GROUNDS, type MemberEvent, type MemberPage, type MemberRecord } from '../../../../src/contracts/members.ts';
import type { Decision } from '../../../../src/contracts/decisions.ts';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import { DateField } from '../../components/DateField.tsx';
import { ApiError } from '../../lib/api.ts';
import { formatDate, todayInVietnam } from '../../lib/dates.ts';
import { DecisionPicker } from '../decisions/DecisionPicker.tsx';
import { UnitPicker, type PickedUnit } from '../orgs/UnitPicker.tsx';
import { useMemberCommand, type CommandCall } from './api.ts';
import { IdentityFields, toIdentityInput, type IdentityValues } from './IdentityFields.tsx';
import { useMemberLabels } from './labels.ts';
import { DATA_EVENT_KINDS, isCorrectableKind, isFoundingKind } from '../../../../src/rules/member-lifecycle.ts';

export type CommandKind =
  | 'recognition' | 'recognition-extension' | 'probation-refusal' | 'exemption' | 'exemption-end' | 'removal' | 'expulsion'
  | 'death' | 'readmission' | 'corrections' | 'fields';

/** Commands that make sense for a status; the server still decides (and says why when it refuses). */
export function commandsFor(record: MemberRecord): CommandKind[] {
  switch (record.status) {
    case 'probationary': return ['recognition', 'recognition-extension', 'probation-refusal', 'removal', 'expulsion', 'death', 'fields', 'corrections'];
    case 'official': return ['exemption', 'removal', 'expulsion', 'death', 'fields', 'corrections'];
    case 'exempted': return ['exemption-end', 'removal', 'expulsion', 'death', 'fields', 'corrections'];
    case 'removed':
    case 'expelled': return ['readmission', 'fields', 'corrections'];
    default: return ['fields', 'corrections'];
  }
}

export const COMMAND_LABELS: Record<CommandKind, MessageKey> = {
  recognition: 'command.recognition',
  'recognition-extension': 'command.recognitionExtension',
  'probation-refusal': 'command.probationRefusal',
  exemption: 'command.exemption',
  'exemption-end': 'command.exemptionEnd',
  removal: 'command.removal',
  expulsion: 'command.expulsion',
  death: 'command.death',
  readmission: 'command.readmission',
  corrections: 'command.correction',
  fields: 'command.fields',
};

const HELP: Partial<Record<CommandKind, MessageKey>> = {
  recognition: 'command.help.recognition',
  'recognition-extension': 'command.help.recognitionExtension',
  'probation-refusal': 'command.help.probationRefusal',
  exemption: 'command.help.exemption',
  removal: 'command.help.removal',
  expulsion: 'command.help.expulsion',
  readmission: 'command.help.readmission',
  corrections: 'command.help.correction',
  fields: 'command.help.fields',
};


/** The event a correction would supersede: the latest life-cycle event, if it may be corrected. */
export function correctableEvent(timeline: readonly MemberEvent[]): MemberEvent | null {
  const lifecycle = timeline.filter((event) => !(DATA_EVENT_KINDS as readonly string[]).includes(event.kind) && !event.voidedByEventId);
  const latest = [...lifecycle].sort((a, b) => (a.effectiveDate === b.effectiveDate ? a.id - b.id : a.effectiveDate.localeCompare(b.effectiveDate))).pop();
  return latest && isCorrectableKind(latest.kind) ? latest : null;
}

interface CommandValues {
  effectiveDate?: string | null;
  decision?: Decision | null;
  consent?: Decision | null;
  reason?: string;
  ground?: string;
  extraWorkingDays?: number;
  unit?: PickedUnit | null;
  cellVoteDate?: string | null;
  ceremonyDate?: string | null;
  action?: 'void' | 'redate';
  isCorrection?: boolean;
  member?: IdentityValues;
}

const IDENTITY_KEYS = ['fullName', 'sex', 'birthDate', 'birthplace', 'hometown', 'ethnicity', 'religion', 'citizenId', 'partyCardNumber', 'educationLevel', 'professionalLevel', 'theoryLevel', 'occupation'] as const;

function identityOf(record: MemberRecord): IdentityValues {
  return Object.fromEntries(IDENTITY_KEYS.map((key) => [key, record[key] ?? null])) as IdentityValues;
}

/** The request body of the command from the form values. */
function buildCall(kind: CommandKind, page: MemberPage, values: CommandValues, target: MemberEvent | null): CommandCall {
  const record = page.record;
  const memberId = record.id;
  const base = { expectedRowVersion: record.rowVersion, reason: values.reason?.trim() || null };
  const decisionId = values.decision?.id as number;
  const effectiveDate = values.effectiveDate as string;
  switch (kind) {
    case 'recognition': return { memberId, command: kind, body: { ...base, decisionId } };
    case 'recognition-extension': return { memberId, command: kind, body: { ...base, decisionId, effectiveDate, extraWorkingDays: values.extraWorkingDays as number } };
    case 'probation-refusal': return { memberId, command: kind, body: { ...base, decisionId, effectiveDate } };
    case 'exemption': return { memberId, command: kind, body: { ...base, decisionId, effectiveDate, ground: values.ground as 'age' | 'illness' | 'other' } };
    case 'exemption-end': return { memberId, command: kind, body: { ...base, decisionId, effectiveDate } };
    case 'removal': return { memberId, command: kind, body: { ...base, decisionId, effectiveDate, ground: values.ground as (typeof LEAVE_GROUNDS)[number] } };
    case 'expulsion': return { memberId, command: kind, body: { ...base, decisionId, effectiveDate, ground: values.ground as (typeof LEAVE_GROUNDS)[number] } };
    case 'death': return { memberId, command: kind, body: { ...base, decisionId: values.decision?.id ?? null, effectiveDate } };
    case 'readmission': return {
      memberId, command: kind,
      body: { ...base, decisionId, unitId: values.unit!.id, cellVoteDate: values.cellVoteDate!, ceremonyDate: values.ceremonyDate!, consentDecisionId: values.consent!.id },
    };
    case 'corrections': return {
      memberId, command: kind,
      body: {
        correctsEventId: target!.id, decisionId: values.decision?.id ?? null, reason: values.reason!.trim(), expectedRowVersion: record.rowVersion,
        action: values.action ?? 'void', effectiveDate: values.action === 'redate' ? effectiveDate : null,
      },
    };
    case 'fields': {
      const next = toIdentityInput(values.member ?? {}) as unknown as Record<string, string | null>;
      const current = identityOf(record);
      const changes: Record<string, string | null> = {};
      for (const key of IDENTITY_KEYS) if ((next[key] ?? null) !== (current[key] ?? null)) changes[key] = next[key] ?? null;
      return {
        memberId, command: 'fields',
        body: {
          decisionId: values.decision?.id ?? null, effectiveDate, reason: values.reason!.trim(), expectedRowVersion: record.rowVersion,
          isCorrection: !!values.isCorrection, changes,
        },
      };
    }
  }
}

/** The server's refusal in words, with the fields it names when the request itself was not valid. */
export function ErrorAlert({ error, testId = 'command-error' }: { error: unknown; testId?: string }) {
  if (!error) return null;
  const message = error instanceof Error ? error.message : String(error);
  let description: string | undefined;
  if (error instanceof ApiError) {
    const issues = (error.details as { issues?: { path?: string; message?: string }[] } | null)?.issues;
    description = issues?.length ? issues.map((issue) => `${issue.path ?? ''}: ${issue.message ?? ''}`).join('; ') : error.code;
  }
  return <Alert type="error" showIcon title={message} description={description} style={{ marginBottom: 12 }} data-testid={testId} />;
}

/** Rendered while a command is open (give it a `key` per command, so each opening starts from a clean form). */
export function CommandModal({ kind, page, onClose }: { kind: CommandKind; page: MemberPage; onClose: () => void }) {
  const { t } = useI18n();
  const labels = useMemberLabels();
  const [form] = Form.useForm<CommandValues>();
  const command = useMemberCommand();
  const target = useMemo(() => correctableEvent(page.timeline), [page.timeline]);
  const action = Form.useWatch('action', form);
  const record = page.record;

  const needsDecision = !['death', 'corrections', 'fields'].includes(kind);
  const hasEffectiveDate = !['recognition', 'readmission'].includes(kind) && !(kind === 'corrections' && action !== 'redate');
  const reasonRequired = kind === 'corrections' || kind === 'fields';
  const required = [{ required: true, message: t('validation.required') }];
  const noFuture = (day: { format: (pattern: string) => string }) => day.format('YYYY-MM-DD') > todayInVietnam();

  const submit = async () => {
    const values = await form.validateFields();
    await command.mutateAsync(buildCall(kind, page, values, target));
    onClose();
  };

  const groundOptions: { value: string; label: string }[] = kind === 'exemption'
    ? (['age', 'illness', 'other'] as const).map((ground) => ({ value: ground, label: t(`exemptionGround.${ground}` as MessageKey) }))
    : LEAVE_GROUNDS.map((ground) => ({ value: ground, label: t(`leaveGround.${ground}` as MessageKey) }));

  return (
    <Modal
      open
      width={kind === 'fields' ? 860 : 560}
      title={`${t(COMMAND_LABELS[kind])}: ${record.fullName}`}
      okText={t('command.submit')}
      cancelText={t('common.cancel')}
      onOk={() => void submit().catch(() => undefined)}
      confirmLoading={command.isPending}
      onCancel={onClose}
      destroyOnHidden
      data-testid="command-modal"
      okButtonProps={{ 'data-testid': 'command-submit', disabled: kind === 'corrections' && !target }}
    >
      {HELP[kind] && <Typography.Paragraph type="secondary">{t(HELP[kind]!)}</Typography.Paragraph>}
      <ErrorAlert error={command.error} />
      <Form<CommandValues>
        form={form}
        layout="vertical"
        data-testid="command-form"
        initialValues={{
          effectiveDate: todayInVietnam(),
          action: target && isFoundingKind(target.kind) ? 'redate' : 'void',
          isCorrection: false,
          member: identityOf(record),
          ground: kind === 'exemption' ? 'age' : kind === 'removal' ? 'inactivity' : kind === 'expulsion' ? 'discipline' : undefined,
        }}
      >
        {kind === 'corrections' && (
          target ? (
            <>
              <Alert
                type="info"
                style={{ marginBottom: 12 }}
                title={t('command.correctionTarget', { event: labels.event(target.kind), date: formatDate(target.effectiveDate) })}
                data-testid="correction-target"
              />
              <Form.Item name="action" label={t('command.correctionAction')}>
                <Radio.Group
                  options={[
                    { value: 'void', label: t('command.actionVoid'), disabled: isFoundingKind(target.kind) },
                    { value: 'redate', label: t('command.actionRedate') },
                  ]}
                />
              </Form.Item>
            </>
          ) : <Alert type="warning" style={{ marginBottom: 12 }} title={t('command.nothingToCorrect')} />
        )}
        {kind === 'fields' && (
          <>
            <Form.Item name="isCorrection" label={t('command.isCorrection')} valuePropName="checked" extra={t('command.isCorrectionHelp')}>
              <Switch data-testid="fields-is-correction" />
            </Form.Item>
            <IdentityFields />
          </>
        )}
        <Row gutter={12}>
          {hasEffectiveDate && (
            <Col xs={24} sm={12}>
              <Form.Item name="effectiveDate" label={t('command.effectiveDate')} rules={required}>
                <DateField style={{ width: '100%' }} disabledDate={noFuture} data-testid="command-effective-date" />
              </Form.Item>
            </Col>
          )}
          {(kind === 'exemption' || kind === 'removal' || kind === 'expulsion') && (
            <Col xs={24} sm={12}>
              <Form.Item name="ground" label={t('command.ground')} rules={required}>
                <Select options={groundOptions} data-testid="command-ground" />
              </Form.Item>
            </Col>
          )}
          {kind === 'recognition-extension' && (
            <Col xs={24} sm={12}>
              <Form.Item name="extraWorkingDays" label={t('command.extraWorkingDays')} rules={required}>
                <InputNumber min={1} max={365} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          )}
        </Row>
        {kind === 'readmission' && (
          <>
            <Form.Item name="unit" label={t('command.readmissionCell')} rules={required}>
              <UnitPicker date={todayInVietnam()} data-testid="readmission-unit" />
            </Form.Item>
            <Row gutter={12}>
              <Col xs={24} sm={12}>
                <Form.Item name="cellVoteDate" label={t('admission.cellVoteDate')} rules={required}>
                  <DateField style={{ width: '100%' }} disabledDate={noFuture} />
                </Form.Item>
              </Col>
              <Col xs={24} sm={12}>
                <Form.Item name="ceremonyDate" label={t('admission.ceremonyDate')} rules={required}>
                  <DateField style={{ width: '100%' }} disabledDate={noFuture} />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item name="consent" label={t('command.consentDecision')} rules={required}>
              <DecisionPicker />
            </Form.Item>
          </>
        )}
        <Form.Item
          name="decision"
          label={needsDecision ? t('command.decision') : t('command.decisionOptional')}
          rules={needsDecision ? required : undefined}
        >
          <DecisionPicker />
        </Form.Item>
        <Form.Item name="reason" label={t('command.reason')} rules={reasonRequired ? [{ required: true, whitespace: true, message: t('validation.required') }] : undefined}>
          <Input.TextArea rows={2} maxLength={2000} data-testid="command-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
