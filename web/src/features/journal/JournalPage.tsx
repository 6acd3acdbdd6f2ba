/** The journal: every change, per unit (with its sub-units) or per object, by action and dates. */
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Card, Col, Input, Row, Select } from 'antd';
import { useI18n } from '../../i18n/index.tsx';
import { DateField } from '../../components/DateField.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { todayInVietnam } from '../../lib/dates.ts';
import { useDebounced } from '../../lib/use-debounced.ts';
import { UnitPicker, type PickedUnit } from '../orgs/UnitPicker.tsx';
import { JournalTable } from './JournalTable.tsx';
import type { JournalFilters } from './api.ts';
import { useClearable } from '../../components/clearable.ts';

const OBJECT_TYPES = [
  'org_unit', 'restructure_batch', 'decision', 'account', 'grant', 'member', 'member_transfer', 'member_import_job', 'admission_candidate',
  'admission_course', 'review_result', 'statistics_submission', 'statistics_target', 'statistics_indicator', 'working_day_override',
] as const;

export function JournalPage() {
  const { t } = useI18n();
  const clearable = useClearable();
  const [params] = useSearchParams();
  const [unit, setUnit] = useState<PickedUnit | null>(null);
  const [objectType, setObjectType] = useState<string | null>(params.get('objectType'));
  const [objectId, setObjectId] = useState(params.get('objectId') ?? '');
  const [action, setAction] = useState('');
  const [from, setFrom] = useState<string | null>(null);
  const [to, setTo] = useState<string | null>(null);
  const debouncedObjectId = useDebounced(objectId.trim(), 300);
  const debouncedAction = useDebounced(action.trim(), 300);
  const filters = useMemo<JournalFilters>(() => ({
    unitId: unit?.id ?? (Number(params.get('unitId')) || null),
    objectType,
    objectId: objectType && debouncedObjectId ? debouncedObjectId : null,
    action: debouncedAction || null,
    from,
    to,
  }), [unit, params, objectType, debouncedObjectId, debouncedAction, from, to]);

  return (
    <div data-testid="journal-page">
      <PageHeader title={t('journal.title')} subtitle={t('journal.subtitle')} />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Row gutter={[12, 12]}>
          <Col xs={24} md={8}>
            <UnitPicker date={todayInVietnam()} value={unit} onChange={setUnit} placeholder={t('journal.unitFilter')} aria-label={t('journal.unitFilter')} data-testid="journal-unit" />
          </Col>
          <Col xs={12} md={4}>
            <Select
              allowClear={clearable}
              style={{ width: '100%' }}
              placeholder={t('journal.objectType')}
              aria-label={t('journal.objectType')}
              value={objectType}
              onChange={(value) => setObjectType(value ?? null)}
              options={OBJECT_TYPES.map((type) => ({ value: type, label: t(`journal.type.${type}`) }))}
              data-testid="journal-object-type"
            />
          </Col>
          <Col xs={12} md={3}>
            <Input placeholder={t('journal.objectId')} aria-label={t('journal.objectId')} value={objectId} onChange={(event) => setObjectId(event.target.value)} disabled={!objectType} />
          </Col>
          <Col xs={24} md={3}>
            <Input placeholder={t('journal.actionFilter')} aria-label={t('journal.actionFilter')} data-testid="journal-action" value={action} onChange={(event) => setAction(event.target.value)} />
          </Col>
          <Col xs={12} md={3}><DateField placeholder={t('common.fromDate')} value={from} onChange={setFrom} style={{ width: '100%' }} /></Col>
          <Col xs={12} md={3}><DateField placeholder={t('common.toDate')} value={to} onChange={setTo} style={{ width: '100%' }} /></Col>
        </Row>
      </Card>
      <JournalTable filters={filters} />
    </div>
  );
}
