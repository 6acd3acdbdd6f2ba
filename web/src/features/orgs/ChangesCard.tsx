/** What changed under a unit between two dates: counts at both, and the units established, ended or upgraded. */
import { Card, Collapse, Empty, Skeleton, Space, Tag, Typography } from 'antd';
import { ItemList } from '../../components/ItemList.tsx';
import { Link } from 'react-router-dom';
import type { OrgChanges, OrgChangeEvent } from '../../../../src/contracts/orgs.ts';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import { LEVEL_COLORS, useVocabulary } from '../../components/labels.ts';
import { formatDate } from '../../lib/dates.ts';
import { CountsCard } from './CountsCard.tsx';

const LISTS: { key: keyof Pick<OrgChanges, 'established' | 'dissolved' | 'merged' | 'split' | 'upgraded'>; label: MessageKey; color: string }[] = [
  { key: 'established', label: 'changes.established', color: 'green' },
  { key: 'merged', label: 'changes.merged', color: 'purple' },
  { key: 'split', label: 'changes.split', color: 'orange' },
  { key: 'upgraded', label: 'changes.upgraded', color: 'blue' },
  { key: 'dissolved', label: 'changes.dissolved', color: 'red' },
];

export function ChangesCard({ changes, loading }: { changes?: OrgChanges; loading: boolean }) {
  const { t } = useI18n();
  const vocabulary = useVocabulary();
  if (loading && !changes) return <Card size="small"><Skeleton active /></Card>;
  if (!changes) return null;
  const lists = LISTS.filter((list) => changes[list.key].total > 0);
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size={12} data-testid="changes-card">
      <CountsCard
        counts={changes.countsTo}
        compare={changes.countsFrom}
        title={t('changes.countsTitle', { from: formatDate(changes.from), to: formatDate(changes.to) })}
      />
      <Card size="small" title={t('changes.eventsTitle', { from: formatDate(changes.from), to: formatDate(changes.to) })}>
        {lists.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('changes.none')} /> : (
          <Collapse
            size="small"
            ghost
            defaultActiveKey={lists.map((list) => list.key)}
            items={lists.map((list) => ({
              key: list.key,
              label: <Space><Tag color={list.color}>{t(list.label)}</Tag><span data-testid={`changes-${list.key}-total`}>{changes[list.key].total}</span></Space>,
              children: (
                <ItemList<OrgChangeEvent>
                  items={changes[list.key].items}
                  rowKey={(event) => `${event.unitId}-${event.date}`}
                  render={(event) => (
                      <Space orientation="vertical" size={0}>
                        <Space wrap size={4}>
                          <Link to={`/units/${event.unitId}?date=${event.date}`}>{event.name}</Link>
                          <Tag color={LEVEL_COLORS[event.level]}>{vocabulary.kind(event.kind)}</Tag>
                        </Space>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {formatDate(event.date)}
                          {event.fromKind ? ` · ${vocabulary.kind(event.fromKind)} → ${vocabulary.kind(event.kind)}` : ''}
                          {event.successors.length > 0 ? ` → ${event.successors.map((unit) => unit.name).join(', ')}` : ''}
                        </Typography.Text>
                      </Space>
                  )}
                />
              ),
            }))}
          />
        )}
      </Card>
    </Space>
  );
}
