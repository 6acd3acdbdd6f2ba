/**
 * The drill-down of one figure of a form: the same figure for each unit directly under the unit (as the tree stood on
 * the form's date, or at the end of its period), each a link that reopens the page on that unit, and the members it
 * counts, a page at a time, each a link to their record.
 */
import { useMemo } from 'react';
import { Link } from 'react-router-dom';
import { Button, Drawer, Empty, Flex, Grid, List, Skeleton, Table, Typography } from 'antd';
import type { FigureRef } from '../../../../src/contracts/statistics.ts';
import { useI18n } from '../../i18n/index.tsx';
import { formatDate } from '../../lib/dates.ts';
import { ErrorAlert } from '../members/CommandModal.tsx';
import { useChildFigures, useFigureMembers, type FormAsk } from './api.ts';
import { formatCount, statisticsLink } from './choices.ts';

/** A number clicked in the form: its figure, its count and where it sits (section, row, column). */
export interface PickedFigure {
  figure: FigureRef;
  count: number;
  title: string;
}

interface ChildRow {
  id: number;
  name: string;
  count: number;
}

function ChildUnits({ picked, ask, params, onLeave }: { picked: PickedFigure; ask: FormAsk; params: URLSearchParams; onLeave: () => void }) {
  const { t } = useI18n();
  const answer = useChildFigures(picked.figure, ask);
  const rows = useMemo<ChildRow[]>(() => {
    if (!answer.data) return [];
    const { figure } = picked;
    const counts = new Map<number, number>();
    for (const row of answer.data.figures) {
      if (row.unitId === null || row.measure !== figure.measure || row.value !== figure.value || row.at !== figure.at) continue;
      counts.set(row.unitId, (counts.get(row.unitId) ?? 0) + row.count);
    }
    return answer.data.units.map((unit) => ({ id: unit.id, name: unit.name, count: counts.get(unit.id) ?? 0 }));
  }, [answer.data, picked]);
  if (answer.error) return <ErrorAlert error={answer.error} testId="statistics-children-error" />;
  if (!answer.data) return <Skeleton active paragraph={{ rows: 4 }} />;
  if (rows.length === 0) return <Typography.Text type="secondary">{t('statistics.noChildren')}</Typography.Text>;
  return (
    <Table<ChildRow>
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={rows}
      data-testid="statistics-children"
      columns={[
        {
          title: t('statistics.childUnit'), dataIndex: 'name',
          render: (name: string, row) => <Link to={statisticsLink(params, { unitId: row.id })} onClick={onLeave} data-testid="statistics-child-link">{name}</Link>,
        },
        {
          title: t('statistics.count'), dataIndex: 'count', align: 'right', width: 110,
          render: (count: number) => <span data-testid="statistics-child-count" data-count={count}>{formatCount(count)}</span>,
        },
      ]}
      summary={() => (
        <Table.Summary.Row>
          <Table.Summary.Cell index={0}><Typography.Text strong>{t('statistics.sum')}</Typography.Text></Table.Summary.Cell>
          <Table.Summary.Cell index={1} align="right">
            <Typography.Text strong data-testid="statistics-children-sum">{formatCount(rows.reduce((sum, row) => sum + row.count, 0))}</Typography.Text>
          </Table.Summary.Cell>
        </Table.Summary.Row>
      )}
    />
  );
}

function FigureMembers({ picked, ask, isFlow }: { picked: PickedFigure; ask: FormAsk; isFlow: boolean }) {
  const { t } = useI18n();
  const members = useFigureMembers(picked.figure, ask);
  const items = useMemo(() => members.data?.pages.flatMap((page) => page.items) ?? [], [members.data]);
  if (members.error) return <ErrorAlert error={members.error} testId="statistics-members-error" />;
  if (!members.data) return <Skeleton active paragraph={{ rows: 4 }} />;
  const who = members.data.pages[0]?.who ?? 'members';
  if (who === 'none') return <Typography.Text type="secondary" data-testid="statistics-members-none">{t('statistics.notPeople')}</Typography.Text>;
  return (
    <>
      <Typography.Title level={5}>{t(who === 'people' ? 'statistics.people' : 'statistics.members')}</Typography.Title>
      <List
        size="small"
        dataSource={items}
        data-testid="statistics-members"
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('statistics.noMembers')} /> }}
        renderItem={(member) => (
          <List.Item style={{ paddingInline: 0 }}>
            <Flex vertical style={{ minWidth: 0 }}>
              <Link to={member.link} data-testid="statistics-member-link">{member.fullName}</Link>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {[t('statistics.born', { date: formatDate(member.birthDate) }), member.unitName, isFlow ? t('statistics.on', { date: formatDate(member.date) }) : null]
                  .filter(Boolean).join(' · ')}
              </Typography.Text>
            </Flex>
          </List.Item>
        )}
      />
      <Flex vertical align="center" gap={8} style={{ marginTop: 8 }}>
        <Typography.Text type="secondary" data-testid="statistics-members-shown">
          {t('statistics.membersShown', { shown: formatCount(items.length), total: formatCount(picked.count) })}
        </Typography.Text>
        {members.hasNextPage && (
          <Button onClick={() => void members.fetchNextPage()} loading={members.isFetchingNextPage} data-testid="statistics-members-more">{t('common.loadMore')}</Button>
        )}
      </Flex>
    </>
  );
}

export function FigureDrawer({ picked, ask, isFlow, params, onClose }: {
  picked: PickedFigure | null;
  ask: FormAsk;
  isFlow: boolean;
  params: URLSearchParams;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const screens = Grid.useBreakpoint();
  return (
    <Drawer
      open={!!picked}
      onClose={onClose}
      size={screens.md ? 640 : '100%'}
      title={picked?.title}
      destroyOnHidden
      data-testid="statistics-drawer"
    >
      {picked && (
        <Flex vertical gap={16}>
          <Typography.Text strong style={{ fontSize: 18 }} data-testid="statistics-drawer-count">{t('statistics.figure', { count: formatCount(picked.count) })}</Typography.Text>
          <div>
            <Typography.Title level={5}>{t('statistics.children')}</Typography.Title>
            <ChildUnits picked={picked} ask={ask} params={params} onLeave={onClose} />
          </div>
          <div>
            <FigureMembers picked={picked} ask={ask} isFlow={isFlow} />
          </div>
        </Flex>
      )}
    </Drawer>
  );
}
