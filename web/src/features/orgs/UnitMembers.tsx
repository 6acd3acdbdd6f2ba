/**
 * A unit's members on the page's date (issue 10, item 1): the headcount across its subtree on the tree as it stood
 * then (official, probationary, exempted; temporary guests shown apart and not counted, 294-QĐ/TW), and for a cell
 * the list of its members, paged, with the total, each linking to the member's page.
 */
import { Link } from 'react-router-dom';
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Flex, Row, Skeleton, Statistic, Table, Tag, Tooltip, Typography } from 'antd';
import type { Headcount, MemberListItem, MemberListResponse, MemberStatus } from '../../../../src/contracts/members.ts';
import { MEMBER_STATUS_LABELS } from '../../../../src/contracts/members.ts';
import { api } from '../../lib/api.ts';
import { formatDate, todayInVietnam } from '../../lib/dates.ts';
import { useI18n } from '../../i18n/index.tsx';
import { ListTotal } from './ListTotal.tsx';

const PAGE = 50;

function useHeadcount(unitId: number, date: string, enabled: boolean) {
  return useQuery({
    queryKey: ['members', 'headcount', unitId, date],
    queryFn: () => api<Headcount>('/members/headcount', { query: { unitId, asOf: date } }),
    enabled,
  });
}

/** The list of one unit's members on the date (today's projection when the date is today: the fast path). */
function useUnitMemberList(unitId: number, date: string, enabled: boolean) {
  const asOf = date === todayInVietnam() ? undefined : date;
  return useInfiniteQuery({
    queryKey: ['members', 'list', { unitId, asOf, placement: 'all' }],
    queryFn: ({ pageParam, signal }) => api<MemberListResponse>('/members', { query: { unitId, asOf, placement: 'all', limit: PAGE, after: pageParam ?? undefined }, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function UnitMembersCard({ unitId, date }: { unitId: number; date: string }) {
  const { t, locale } = useI18n();
  const future = date > todayInVietnam();
  const headcount = useHeadcount(unitId, date, !future);
  const separator = locale === 'vi' ? '.' : ',';
  const figures: { key: keyof Headcount; label: string; testId: string }[] = [
    { key: 'total', label: t('unit.membersTotal'), testId: 'members-total' },
    { key: 'official', label: t('unit.membersOfficial'), testId: 'members-official' },
    { key: 'probationary', label: t('unit.membersProbationary'), testId: 'members-probationary' },
    { key: 'exempted', label: t('unit.membersExempted'), testId: 'members-exempted' },
  ];
  return (
    <Card size="small" title={t('unit.membersTitle', { date: formatDate(date) })} data-testid="unit-members-card"
      extra={<Link to={`/members?unitId=${unitId}`}>{t('unit.openMembers')}</Link>}>
      {future ? <Typography.Text type="secondary">{t('unit.membersFuture')}</Typography.Text>
        : headcount.isError ? <Alert type="error" showIcon title={(headcount.error as Error).message} />
        : !headcount.data ? <Skeleton active paragraph={{ rows: 2 }} /> : (
          <Row gutter={[12, 12]}>
            {figures.map((figure) => (
              <Col xs={12} sm={8} key={figure.key}>
                <div data-testid={figure.testId}><Statistic title={figure.label} value={headcount.data[figure.key] as number} groupSeparator={separator} /></div>
              </Col>
            ))}
            <Col xs={24} sm={16}>
              <Tooltip title={t('unit.membersGuestsHint')}>
                <div data-testid="members-guests"><Statistic title={t('unit.membersGuests')} value={headcount.data.temporaryGuests} groupSeparator={separator} /></div>
              </Tooltip>
            </Col>
          </Row>
        )}
    </Card>
  );
}

export function UnitMembersList({ unitId, date }: { unitId: number; date: string }) {
  const { t, locale } = useI18n();
  const future = date > todayInVietnam();
  const list = useUnitMemberList(unitId, date, !future);
  const first = list.data?.pages[0];
  const rows = list.data?.pages.flatMap((page) => page.items) ?? [];
  const status = (code: MemberStatus) => MEMBER_STATUS_LABELS[code]?.[locale] ?? code;
  if (future) return null;
  return (
    <Card size="small" title={t('unit.membersList')} data-testid="unit-members-list" extra={<ListTotal total={first?.total} capped={first?.totalCapped} testId="unit-members-total" />}>
      <Table<MemberListItem>
        size="small"
        rowKey={(item) => `${item.id}:${item.placement}`}
        loading={list.isFetching && !list.isFetchingNextPage}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 560 }}
        columns={[
          { title: '#', key: 'index', width: 48, render: (_, __, index) => index + 1 },
          { title: t('unit.memberName'), dataIndex: 'fullName', render: (value: string, item) => <Link to={`/members/${item.id}`} data-testid="unit-member-link">{value}</Link> },
          { title: t('unit.memberBirth'), dataIndex: 'birthDate', width: 110, render: (value: string) => formatDate(value) },
          { title: t('unit.memberStatus'), dataIndex: 'status', width: 140, render: (value: MemberStatus) => <Tag>{status(value)}</Tag> },
          {
            title: t('unit.memberPlacement'), dataIndex: 'placement', width: 120,
            render: (value: string) => value === 'temporary' ? <Tag color="orange">{t('unit.placementTemporary')}</Tag> : t('unit.placementOfficial'),
          },
        ]}
      />
      {list.hasNextPage && (
        <Flex justify="center" style={{ marginTop: 12 }}>
          <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage} data-testid="unit-members-more">{t('common.loadMore')}</Button>
        </Flex>
      )}
    </Card>
  );
}
