/**
 * The admission form (kết nạp): the cell, the admission decision, the cell's vote and the ceremony (probation runs 12
 * months from it), the provincial consent when the applicant is over the age limit, and the record fields. The server
 * checks age, dates and identity; it creates a probationary member, whose page opens next.
 */
import { useNavigate } from 'react-router-dom';
import { Button, Card, Col, Flex, Form, Input, Row, Typography } from 'antd';
import type { Decision } from '../../../../src/contracts/decisions.ts';
import { useI18n } from '../../i18n/index.tsx';
import { DateField } from '../../components/DateField.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { todayInVietnam } from '../../lib/dates.ts';
import { DecisionPicker } from '../decisions/DecisionPicker.tsx';
import { UnitPicker, type PickedUnit } from '../orgs/UnitPicker.tsx';
import { useAdmitMember } from './api.ts';
import { ErrorAlert } from './CommandModal.tsx';
import { IdentityFields, toIdentityInput, type IdentityValues } from './IdentityFields.tsx';

interface AdmissionValues {
  unit: PickedUnit | null;
  decision: Decision | null;
  consent?: Decision | null;
  cellVoteDate: string | null;
  ceremonyDate: string | null;
  reason?: string;
  member: IdentityValues;
}

export function AdmissionPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [form] = Form.useForm<AdmissionValues>();
  const admit = useAdmitMember();
  const required = [{ required: true, message: t('validation.required') }];
  const noFuture = (day: { format: (pattern: string) => string }) => day.format('YYYY-MM-DD') > todayInVietnam();

  const submit = async () => {
    const values = await form.validateFields();
    const result = await admit.mutateAsync({
      unitId: values.unit!.id,
      decisionId: values.decision!.id,
      cellVoteDate: values.cellVoteDate!,
      ceremonyDate: values.ceremonyDate!,
      ageConsentDecisionId: values.consent?.id ?? null,
      reason: values.reason?.trim() || null,
      member: toIdentityInput(values.member),
    });
    navigate(`/members/${result.member.id}`);
  };

  return (
    <div data-testid="admission-page">
      <PageHeader title={t('admission.title')} subtitle={t('admission.subtitle')} />
      <ErrorAlert error={admit.error} />
      <Form<AdmissionValues> form={form} layout="vertical" initialValues={{ unit: null, decision: null, member: {} }} data-testid="admission-form">
        <Card size="small" title={t('admission.decisionCard')} style={{ marginBottom: 12 }}>
          <Row gutter={12}>
            <Col xs={24} md={12}>
              <Form.Item name="unit" label={t('admission.cell')} rules={required} extra={t('admission.cellHelp')}>
                <UnitPicker date={todayInVietnam()} data-testid="admission-unit" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="decision" label={t('admission.decision')} rules={required}>
                <DecisionPicker />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="cellVoteDate" label={t('admission.cellVoteDate')} rules={required}>
                <DateField style={{ width: '100%' }} disabledDate={noFuture} data-testid="admission-vote-date" />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="ceremonyDate" label={t('admission.ceremonyDate')} rules={required}>
                <DateField style={{ width: '100%' }} disabledDate={noFuture} data-testid="admission-ceremony-date" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="consent" label={t('admission.ageConsent')} extra={t('admission.ageConsentHelp')}>
                <DecisionPicker allowCreate={false} />
              </Form.Item>
            </Col>
          </Row>
        </Card>
        <Card size="small" title={t('members.record')} style={{ marginBottom: 12 }}>
          <IdentityFields />
          <Form.Item name="reason" label={t('command.reason')}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
        </Card>
        <Flex justify="end" gap={8} wrap>
          <Typography.Text type="secondary" style={{ alignSelf: 'center' }}>{t('admission.probationNote')}</Typography.Text>
          <Button onClick={() => navigate('/members')}>{t('common.cancel')}</Button>
          <Button type="primary" loading={admit.isPending} onClick={() => void submit().catch(() => undefined)} data-testid="admission-submit">{t('admission.submit')}</Button>
        </Flex>
      </Form>
    </div>
  );
}
