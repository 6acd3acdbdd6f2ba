/**
 * The record fields of a member (Phiếu đảng viên) as form items, under a `member` name prefix: used by the admission
 * form and the change/correction form. Reference fields offer the lists of `member-reference.ts`. Columns stack on a
 * phone.
 */
import { Col, Form, Input, Row, Select } from 'antd';
import type { MemberIdentityInput } from '../../../../src/contracts/members.ts';
import { useI18n } from '../../i18n/index.tsx';
import { DateField } from '../../components/DateField.tsx';
import { todayInVietnam } from '../../lib/dates.ts';
import { foldedOptionFilter, useMemberLabels } from './labels.ts';
import { useClearable } from '../../components/clearable.ts';

export type IdentityValues = Partial<Record<keyof MemberIdentityInput, string | null>>;

/** The identity form values as the API expects them: trimmed, empty → null (or left out when `omitEmpty`). */
export function toIdentityInput(values: IdentityValues): MemberIdentityInput {
  const out: Record<string, string | null> = {};
  for (const [key, value] of Object.entries(values)) {
    const text = typeof value === 'string' ? value.trim() : value;
    out[key] = text === '' || text === undefined ? null : text;
  }
  return out as unknown as MemberIdentityInput;
}

export function IdentityFields({ prefix = 'member' }: { prefix?: string }) {
  const { t } = useI18n();
  const clearable = useClearable();
  const labels = useMemberLabels();
  const required = [{ required: true, message: t('validation.required') }];
  const listSelect = (list: Parameters<typeof labels.options>[0], testId: string) => (
    <Select allowClear={clearable} showSearch={{ filterOption: foldedOptionFilter }} options={labels.options(list)} data-testid={testId} />
  );
  return (
    <Row gutter={12}>
      <Col xs={24} md={12}>
        <Form.Item name={[prefix, 'fullName']} label={t('members.fullName')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
          <Input maxLength={200} data-testid="identity-full-name" />
        </Form.Item>
      </Col>
      <Col xs={12} md={6}>
        <Form.Item name={[prefix, 'sex']} label={t('members.sex')} rules={required}>
          <Select options={[{ value: 'male', label: labels.sex('male') }, { value: 'female', label: labels.sex('female') }]} data-testid="identity-sex" />
        </Form.Item>
      </Col>
      <Col xs={12} md={6}>
        <Form.Item name={[prefix, 'birthDate']} label={t('members.birthDate')} rules={required}>
          <DateField style={{ width: '100%' }} disabledDate={(day) => day.format('YYYY-MM-DD') > todayInVietnam()} data-testid="identity-birth-date" />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name={[prefix, 'birthplace']} label={t('members.birthplace')}>
          <Input maxLength={300} />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name={[prefix, 'hometown']} label={t('members.hometown')}>
          <Input maxLength={300} />
        </Form.Item>
      </Col>
      <Col xs={12} md={6}><Form.Item name={[prefix, 'ethnicity']} label={t('members.ethnicity')}>{listSelect('ethnicity', 'identity-ethnicity')}</Form.Item></Col>
      <Col xs={12} md={6}><Form.Item name={[prefix, 'religion']} label={t('members.religion')}>{listSelect('religion', 'identity-religion')}</Form.Item></Col>
      <Col xs={12} md={6}>
        <Form.Item name={[prefix, 'citizenId']} label={t('members.citizenId')} rules={[{ pattern: /^\d{12}$/, message: t('members.citizenIdFormat') }]}>
          <Input maxLength={12} inputMode="numeric" data-testid="identity-citizen-id" />
        </Form.Item>
      </Col>
      <Col xs={12} md={6}>
        <Form.Item name={[prefix, 'partyCardNumber']} label={t('members.partyCardNumber')}>
          <Input maxLength={30} />
        </Form.Item>
      </Col>
      <Col xs={12} md={6}><Form.Item name={[prefix, 'educationLevel']} label={t('members.educationLevel')}>{listSelect('educationLevel', 'identity-education')}</Form.Item></Col>
      <Col xs={12} md={6}><Form.Item name={[prefix, 'professionalLevel']} label={t('members.professionalLevel')}>{listSelect('professionalLevel', 'identity-professional')}</Form.Item></Col>
      <Col xs={12} md={6}><Form.Item name={[prefix, 'theoryLevel']} label={t('members.theoryLevel')}>{listSelect('politicalTheoryLevel', 'identity-theory')}</Form.Item></Col>
      <Col xs={12} md={6}><Form.Item name={[prefix, 'occupation']} label={t('members.occupation')}>{listSelect('occupation', 'identity-occupation')}</Form.Item></Col>
    </Row>
  );
}
