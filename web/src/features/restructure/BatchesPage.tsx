/** Restructuring batches that touched a unit (by default the caller's first granted unit), with undo. */
import { useState } from 'react';
import { Button, Card, Flex, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useI18n } from '../../i18n/index.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { todayInVietnam } from '../../lib/dates.ts';
import { useMe } from '../auth/api.ts';
import { UnitPicker, type PickedUnit } from '../orgs/UnitPicker.tsx';
import { useRoots } from '../orgs/api.ts';
import { BatchesList } from './BatchesList.tsx';

export function BatchesPage() {
  const { t } = useI18n();
  const me = useMe().data;
  const roots = useRoots(todayInVietnam());
  const [picked, setPicked] = useState<PickedUnit | null>(null);
  const root = roots.data?.items[0];
  const unit: PickedUnit | null = picked ?? (root ? { id: root.id, name: root.name, code: root.code, kind: root.kind, level: root.level, parentId: root.parentId } : null);
  const canRestructure = !!me?.abilities.includes('org.restructure');
  return (
    <div data-testid="batches-page">
      <PageHeader
        title={t('batches.title')}
        subtitle={t('batches.subtitle')}
        extra={canRestructure && <Link to="/restructure"><Button type="primary">{t('menu.restructure')}</Button></Link>}
      />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Flex wrap gap={8} align="center">
          <Typography.Text type="secondary">{t('batches.forUnit')}</Typography.Text>
          <div style={{ flex: '1 1 320px', maxWidth: 520 }}>
            <UnitPicker date={todayInVietnam()} value={unit} onChange={setPicked} data-testid="batches-unit" />
          </div>
        </Flex>
      </Card>
      {unit && <BatchesList key={unit.id} unitId={unit.id} canUndo={canRestructure} canReadJournal={!!me?.abilities.includes('journal.read')} />}
    </div>
  );
}
