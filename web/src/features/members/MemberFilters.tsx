/**
 * The filters of the member list: unit subtree, status, sex, ethnicity, religion, education and theory levels, birth
 * years, admission dates, placement and "in transit", and the as-of date. Fields stack on a phone.
 */
import { cloneElement, isValidElement, useEffect, type ReactElement } from 'react';
import { Col, InputNumber, Row, Select, Typography } from 'antd';
import { MEMBER_STATUSES, type MemberStatus } from '../../../../src/contracts/members.ts';
import { useI18n } from '../../i18n/index.tsx';
import { DateField } from '../../components/DateField.tsx';
import { todayInVietnam } from '../../lib/dates.ts';
import { UnitPicker, type PickedUnit } from '../orgs/UnitPicker.tsx';
import { useUnit } from '../orgs/api.ts';
import type { MemberListFilters } from './api.ts';
import { foldedOptionFilter, useMemberLabels } from './labels.ts';
import { useClearable } from '../../components/clearable.ts';

/** The filters minus the unit (kept as a picked unit, with its name) and the search text (kept apart, debounced). */
export type FilterFields = Omit<MemberListFilters, 'unitId' | 'q'>;

/** A filter under its caption; the caption is also the control's accessible name (a screen reader reads it). */
function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>{label}</Typography.Text>
      {isValidElement(children) ? cloneElement(children as ReactElement<{ 'aria-label'?: string }>, { 'aria-label': label }) : children}
    </div>
  );
}

/** Resolves a unit id (from a saved filter or a link) into a picked unit with its name. */
export function useUnitById(unitId: number | undefined, onResolved: (unit: PickedUnit) => void) {
  const unit = useUnit(unitId, todayInVietnam());
  useEffect(() => {
    if (unit.data && unit.data.id === unitId) {
      onResolved({ id: unit.data.id, name: unit.data.name, code: unit.data.code, kind: unit.data.kind, level: unit.data.level, parentId: unit.data.parentId });
    }
    // The id and the loaded unit decide; the callback may change on every render.
  }, [unit.data, unitId]); // eslint-disable-line react-hooks/exhaustive-deps
}

export function MemberFilters({ unit, onUnit, fields, onFields }: {
  unit: PickedUnit | null;
  onUnit: (unit: PickedUnit | null) => void;
  fields: FilterFields;
  onFields: (fields: FilterFields) => void;
}) {
  const { t } = useI18n();
  const clearable = useClearable();
  const labels = useMemberLabels();
  const set = <K extends keyof FilterFields>(key: K, value: FilterFields[K] | null | undefined) => onFields({ ...fields, [key]: value ?? undefined });
  const statusOptions = MEMBER_STATUSES.map((status) => ({ value: status, label: labels.status(status) }));
  const listSelect = (key: 'ethnicity' | 'religion' | 'theoryLevel' | 'educationLevel', list: Parameters<typeof labels.options>[0], testId: string) => (
    <Select
      allowClear={clearable}
      showSearch={{ filterOption: foldedOptionFilter }}
      style={{ width: '100%' }}
      placeholder={t('members.any')}
      value={fields[key]}
      onChange={(value) => set(key, value)}
      options={labels.options(list)}
      data-testid={testId}
    />
  );

  return (
    <Row gutter={[12, 8]} data-testid="member-filters">
      <Col xs={24} md={12} lg={8}>
        <Field label={t('members.filterUnit')}>
          <UnitPicker date={todayInVietnam()} value={unit} onChange={onUnit} placeholder={t('members.filterUnitPlaceholder')} data-testid="filter-unit" />
        </Field>
      </Col>
      <Col xs={24} md={12} lg={8}>
        <Field label={t('members.status')}>
          <Select<MemberStatus[]>
            mode="multiple"
            allowClear={clearable}
            style={{ width: '100%' }}
            placeholder={t('members.statusCurrent')}
            value={fields.status ?? []}
            onChange={(value) => set('status', value.length ? value : undefined)}
            options={statusOptions}
            data-testid="filter-status"
          />
        </Field>
      </Col>
      <Col xs={12} md={6} lg={4}>
        <Field label={t('members.sex')}>
          <Select
            allowClear={clearable}
            style={{ width: '100%' }}
            placeholder={t('members.any')}
            value={fields.sex}
            onChange={(value) => set('sex', value)}
            options={[{ value: 'male', label: labels.sex('male') }, { value: 'female', label: labels.sex('female') }]}
            data-testid="filter-sex"
          />
        </Field>
      </Col>
      <Col xs={12} md={6} lg={4}>
        <Field label={t('members.placement')}>
          <Select
            style={{ width: '100%' }}
            value={fields.placement ?? 'official'}
            onChange={(value) => set('placement', value === 'official' ? undefined : value)}
            options={[
              { value: 'official', label: t('members.placementOfficial') },
              { value: 'temporary', label: t('members.placementTemporary') },
              { value: 'all', label: t('members.placementAll') },
            ]}
            data-testid="filter-placement"
          />
        </Field>
      </Col>
      <Col xs={12} md={6} lg={4}><Field label={t('members.ethnicity')}>{listSelect('ethnicity', 'ethnicity', 'filter-ethnicity')}</Field></Col>
      <Col xs={12} md={6} lg={4}><Field label={t('members.religion')}>{listSelect('religion', 'religion', 'filter-religion')}</Field></Col>
      <Col xs={12} md={6} lg={4}><Field label={t('members.theoryLevel')}>{listSelect('theoryLevel', 'politicalTheoryLevel', 'filter-theory')}</Field></Col>
      <Col xs={12} md={6} lg={4}><Field label={t('members.educationLevel')}>{listSelect('educationLevel', 'educationLevel', 'filter-education')}</Field></Col>
      <Col xs={12} md={6} lg={4}>
        <Field label={t('members.birthYearFrom')}>
          <InputNumber style={{ width: '100%' }} min={1900} max={2100} value={fields.birthYearFrom ?? null} onChange={(value) => set('birthYearFrom', value ?? undefined)} data-testid="filter-birth-from" />
        </Field>
      </Col>
      <Col xs={12} md={6} lg={4}>
        <Field label={t('members.birthYearTo')}>
          <InputNumber style={{ width: '100%' }} min={1900} max={2100} value={fields.birthYearTo ?? null} onChange={(value) => set('birthYearTo', value ?? undefined)} data-testid="filter-birth-to" />
        </Field>
      </Col>
      <Col xs={12} md={6} lg={4}>
        <Field label={t('members.admittedFrom')}>
          <DateField style={{ width: '100%' }} value={fields.admittedFrom ?? null} onChange={(value) => set('admittedFrom', value)} data-testid="filter-admitted-from" />
        </Field>
      </Col>
      <Col xs={12} md={6} lg={4}>
        <Field label={t('members.admittedTo')}>
          <DateField style={{ width: '100%' }} value={fields.admittedTo ?? null} onChange={(value) => set('admittedTo', value)} data-testid="filter-admitted-to" />
        </Field>
      </Col>
      <Col xs={12} md={6} lg={4}>
        <Field label={t('members.inTransit')}>
          <Select
            allowClear={clearable}
            style={{ width: '100%' }}
            placeholder={t('members.any')}
            value={fields.inTransit === undefined ? undefined : String(fields.inTransit)}
            onChange={(value) => set('inTransit', value === undefined ? undefined : value === 'true')}
            options={[{ value: 'true', label: t('common.yes') }, { value: 'false', label: t('common.no') }]}
            data-testid="filter-in-transit"
          />
        </Field>
      </Col>
      <Col xs={12} md={6} lg={4}>
        <Field label={t('common.asOf')}>
          <DateField
            style={{ width: '100%' }}
            placeholder={t('common.today')}
            value={fields.asOf ?? null}
            onChange={(value) => set('asOf', value && value !== todayInVietnam() ? value : undefined)}
            disabledDate={(day) => day.format('YYYY-MM-DD') > todayInVietnam()}
            data-testid="filter-as-of"
          />
        </Field>
      </Col>
    </Row>
  );
}
