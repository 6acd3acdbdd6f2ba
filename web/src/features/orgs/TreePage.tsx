/**
 * The tree as of a date: the caller's granted units as roots, children loaded when a node opens, a search that
 * reveals a unit in the tree, counts by level for the selected unit, and a comparison with another date.
 */
import { useEffect, useMemo, useRef, useState, type Key } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useQueries, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Empty, Grid, Input, Row, Space, Spin, Tag, Tree, Typography } from 'antd';
import { ApartmentOutlined, ArrowRightOutlined, SearchOutlined } from '@ant-design/icons';
import type { OrgNode, OrgSearchResult } from '../../../../src/contracts/orgs.ts';
import { PLACE_SEPARATOR } from '../../../../src/rules/unit-place.ts';
import { useI18n } from '../../i18n/index.tsx';
import { DateField } from '../../components/DateField.tsx';
import { LEVEL_COLORS, useVocabulary } from '../../components/labels.ts';
import { useAsOfDate } from '../../lib/use-as-of-date.ts';
import { formatDate, todayInVietnam } from '../../lib/dates.ts';
import { useDebounced } from '../../lib/use-debounced.ts';
import { fetchAllChildren, orgKeys, useOrgSearch, useRoots, useUnitChanges, useUnitCounts } from './api.ts';
import { buildTree, type UnitTreeNode } from './tree-data.ts';
import { CountsCard } from './CountsCard.tsx';
import { ChangesCard } from './ChangesCard.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { ItemList } from '../../components/ItemList.tsx';

type Hit = OrgSearchResult['items'][number];

const SEARCH_PAGE = 30;

export function TreePage() {
  const { t } = useI18n();
  const vocabulary = useVocabulary();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const screens = Grid.useBreakpoint();
  const [date, setDate] = useAsOfDate();
  const roots = useRoots(date);
  const [expandedKeys, setExpandedKeys] = useState<Key[]>([]);
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [searchText, setSearchText] = useState('');
  const query = useDebounced(searchText, 300);
  const [searchLimit, setSearchLimit] = useState(SEARCH_PAGE);
  useEffect(() => setSearchLimit(SEARCH_PAGE), [query, date]);
  const search = useOrgSearch(query, date, { limit: searchLimit });
  const [compareDate, setCompareDate] = useState<string | null>(null);
  const treeRef = useRef<{ scrollTo: (options: { key: Key; align?: 'top' | 'bottom' | 'auto' }) => void } | null>(null);
  // A unit revealed from the search: scrolled to once its branch has loaded (the tree renders only what is in view).
  const [scrollTarget, setScrollTarget] = useState<number | null>(null);

  const expandedIds = useMemo(() => expandedKeys.map(Number).filter((id) => Number.isFinite(id)), [expandedKeys]);
  const childQueries = useQueries({
    queries: expandedIds.map((id) => ({
      queryKey: orgKeys.children(id, date),
      queryFn: () => fetchAllChildren(id, date),
      meta: { silent: true },
    })),
  });
  const childrenOf = useMemo(() => {
    const map = new Map<number, OrgNode[]>();
    childQueries.forEach((result, index) => {
      if (result.data) map.set(expandedIds[index], result.data.items);
    });
    return map;
  }, [childQueries, expandedIds]);
  const treeData = useMemo(() => buildTree(roots.data?.items ?? [], childrenOf), [roots.data, childrenOf]);
  const loadedKeys = useMemo(() => [...childrenOf.keys()].map(String), [childrenOf]);

  // The root shown: the selected unit, else the first granted unit.
  const firstRoot = roots.data?.items[0];
  const shownId = selectedId ?? firstRoot?.id;
  const shown = useMemo(() => findUnit(treeData, shownId), [treeData, shownId]);
  const counts = useUnitCounts(shownId, date);
  const [from, to] = compareDate && compareDate !== date ? (compareDate < date ? [compareDate, date] : [date, compareDate]) : [null, date];
  const changes = useUnitChanges(shownId, from, to);

  // Open the first root once, so the tree does not start folded shut.
  const openedFirstRoot = useRef(false);
  useEffect(() => {
    if (!firstRoot || openedFirstRoot.current) return;
    openedFirstRoot.current = true;
    if (firstRoot.childCount > 0) setExpandedKeys((keys) => (keys.length ? keys : [String(firstRoot.id)]));
  }, [firstRoot]);

  const reveal = (hit: Hit) => {
    const rootIds = new Set((roots.data?.items ?? []).map((unit) => unit.id));
    const chain = [...hit.ancestors.map((ancestor) => ancestor.id)];
    const start = chain.findIndex((id) => rootIds.has(id));
    const toOpen = start >= 0 ? chain.slice(start) : [];
    setExpandedKeys((current) => [...new Set([...current.map(String), ...toOpen.map(String)])]);
    setSelectedId(hit.id);
    setSearchText('');
    setScrollTarget(hit.id);
  };

  // Scrolls still to come for the last revealed unit; the user's own scrolling cancels them.
  const pendingScrolls = useRef<ReturnType<typeof setTimeout>[]>([]);
  const cancelPendingScrolls = () => {
    pendingScrolls.current.forEach(clearTimeout);
    pendingScrolls.current = [];
  };
  useEffect(() => cancelPendingScrolls, []);
  useEffect(() => {
    if (scrollTarget === null || !findUnit(treeData, scrollTarget)) return;
    const target = scrollTarget;
    setScrollTarget(null);
    // Once the tree has taken the new branch in, and again after its rows have been measured.
    const scroll = () => treeRef.current?.scrollTo({ key: String(target), align: 'top' });
    cancelPendingScrolls();
    pendingScrolls.current = [setTimeout(scroll, 50), setTimeout(scroll, 400)];
  }, [scrollTarget, treeData]);

  const isPhone = screens.md === false;
  const treeHeight = isPhone ? 420 : Math.max(360, window.innerHeight - 260);

  const searchResults = query.trim() ? (
    <Card size="small" style={{ marginTop: 8 }} data-testid="search-results">
      {search.isFetching && !search.data ? <Spin /> : (search.data?.items.length ?? 0) === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('common.noResults')} />
      ) : (
        <ItemList<Hit>
          items={search.data?.items ?? []}
          rowKey={(hit) => hit.id}
          actions={(hit) => (
            <>
              <Button size="small" type="link" icon={<ApartmentOutlined />} onClick={() => reveal(hit)} data-testid={`reveal-${hit.id}`}>{t('orgs.showInTree')}</Button>
              <Link to={`/units/${hit.id}${date === todayInVietnam() ? '' : `?date=${date}`}`} aria-label={t('tree.openUnit')}><ArrowRightOutlined /></Link>
            </>
          )}
          render={(hit) => (
              <Space orientation="vertical" size={0} style={{ minWidth: 0 }}>
                <Space size={4} wrap>
                  <Typography.Text strong data-testid="search-hit">{hit.name}</Typography.Text>
                  <Tag color={LEVEL_COLORS[hit.level]}>{vocabulary.kind(hit.kind)}</Tag>
                </Space>
                <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="search-hit-place">
                  {[...hit.place, hit.code].join(PLACE_SEPARATOR)}
                </Typography.Text>
              </Space>
          )}
        />
      )}
      {search.data?.hasMore && searchLimit < 200 ? (
        <Button type="link" block loading={search.isFetching} onClick={() => setSearchLimit((current) => Math.min(current + SEARCH_PAGE, 200))} data-testid="search-more">
          {t('orgs.moreUnits')}
        </Button>
      ) : null}
    </Card>
  ) : null;

  return (
    <div data-testid="tree-page">
      <PageHeader title={t('tree.title')} subtitle={t('tree.subtitle', { date: formatDate(date) })} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={13} xl={12}>
          <Card size="small">
            <Space orientation="vertical" style={{ width: '100%' }} size={8}>
              <Space wrap style={{ width: '100%' }}>
                <Space size={4}>
                  <Typography.Text type="secondary">{t('common.asOf')}</Typography.Text>
                  <DateField value={date} onChange={(value) => setDate(value)} allowClear={false} data-testid="as-of-date" aria-label={t('common.asOf')} />
                </Space>
                {date !== todayInVietnam() && <Button size="small" onClick={() => setDate(null)}>{t('common.today')}</Button>}
              </Space>
              <Input
                allowClear
                prefix={<SearchOutlined />}
                placeholder={t('tree.searchPlaceholder')}
                value={searchText}
                onChange={(event) => setSearchText(event.target.value)}
                data-testid="tree-search"
              />
            </Space>
            {searchResults}
            <div style={{ marginTop: 12 }} data-testid="org-tree" onWheel={cancelPendingScrolls} onTouchStart={cancelPendingScrolls} onMouseDown={cancelPendingScrolls}>
              {roots.isPending ? <Spin /> : roots.isError ? <Alert type="error" title={(roots.error as Error).message} /> : treeData.length === 0 ? (
                <Empty description={t('tree.empty')} />
              ) : (
                <Tree<UnitTreeNode>
                  ref={treeRef as never}
                  blockNode
                  showLine
                  autoExpandParent={false}
                  height={treeHeight}
                  treeData={treeData}
                  expandedKeys={expandedKeys}
                  loadedKeys={loadedKeys}
                  selectedKeys={selectedId ? [String(selectedId)] : []}
                  onExpand={(keys) => setExpandedKeys(keys)}
                  loadData={(node) => queryClient.fetchQuery({ queryKey: orgKeys.children(node.unit.id, date), queryFn: () => fetchAllChildren(node.unit.id, date) }).then(() => undefined)}
                  onSelect={(keys) => setSelectedId(keys.length ? Number(keys[0]) : null)}
                  titleRender={(node) => (
                    <span data-testid="tree-node" data-unit-id={node.unit.id} style={{ display: 'inline-flex', gap: 6, alignItems: 'center', flexWrap: 'wrap' }}>
                      <span>{node.unit.name}</span>
                      <Tag color={LEVEL_COLORS[node.unit.level]} style={{ marginInlineEnd: 0, fontSize: 11, lineHeight: '18px' }}>{vocabulary.kind(node.unit.kind)}</Tag>
                      {node.unit.childCount > 0 && <Typography.Text type="secondary" style={{ fontSize: 12 }}>({node.unit.childCount})</Typography.Text>}
                    </span>
                  )}
                />
              )}
            </div>
          </Card>
        </Col>
        <Col xs={24} lg={11} xl={12}>
          <Space orientation="vertical" style={{ width: '100%' }} size={12}>
            {shown && (
              <Card
                size="small"
                data-testid="selected-unit"
                title={<Space wrap><span>{shown.unit.name}</span><Tag color={LEVEL_COLORS[shown.unit.level]}>{vocabulary.kind(shown.unit.kind)}</Tag></Space>}
                extra={<Button type="primary" size="small" onClick={() => navigate(`/units/${shown.unit.id}${date === todayInVietnam() ? '' : `?date=${date}`}`)} data-testid="open-unit">{t('tree.openUnit')}</Button>}
              >
                <Typography.Text type="secondary">
                  {t('orgs.code')}: {shown.unit.code} · {t('orgs.since', { date: formatDate(shown.unit.validFrom) })}
                </Typography.Text>
              </Card>
            )}
            <CountsCard counts={counts.data} loading={counts.isPending} />
            <Card size="small" title={t('tree.compareTitle')}>
              <Space wrap>
                <Typography.Text type="secondary">{t('tree.compareWith')}</Typography.Text>
                <DateField value={compareDate} onChange={setCompareDate} data-testid="compare-date" aria-label={t('tree.compareWith')} />
              </Space>
            </Card>
            {from && <ChangesCard changes={changes.data} loading={changes.isFetching} />}
          </Space>
        </Col>
      </Row>
    </div>
  );
}

function findUnit(nodes: UnitTreeNode[], id: number | undefined): UnitTreeNode | undefined {
  if (id === undefined) return undefined;
  for (const node of nodes) {
    if (node.unit.id === id) return node;
    const inner = node.children ? findUnit(node.children, id) : undefined;
    if (inner) return inner;
  }
  return undefined;
}
