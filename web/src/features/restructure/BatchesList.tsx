import { useMemo, useState } from 'react';
import { Button, Flex, Segmented } from 'antd';
import { useInfiniteQuery } from '@tanstack/react-query';
import type { JournalPage } from '../../../../src/contracts/decisions.ts';
import type { Batch, BatchList } from '../../../../src/contracts/orgs.ts';
import { useI18n } from '../../i18n/index.tsx';
import { api } from '../../lib/api.ts';
import { orgKeys } from '../orgs/api.ts';
import { journalKeys } from '../journal/api.ts';
import { BatchesTable } from './BatchesTable.tsx';
import { UndoBatchModal } from './UndoBatchModal.tsx';

interface BatchJournalAfter {
  operation?: string;
  undoesBatchId?: number | null;
}

/**
 * Batches from the journal's 'restructure_batch' entries under a unit (its whole subtree). The journal is read newest
 * first and an undo is always newer than the batch it undoes, so every loaded batch's undo is loaded too.
 */
export function batchesFromJournal(pages: JournalPage[]): Batch[] {
  const entries = pages.flatMap((page) => page.items).filter((entry) => entry.objectType === 'restructure_batch');
  const undoneBy = new Map<number, number>();
  for (const entry of entries) {
    const after = (entry.after ?? {}) as BatchJournalAfter;
    if (after.undoesBatchId) undoneBy.set(after.undoesBatchId, Number(entry.objectId));
  }
  return entries.map((entry) => {
    const after = (entry.after ?? {}) as BatchJournalAfter;
    const id = Number(entry.objectId);
    return {
      id,
      operation: after.operation ?? entry.action.replace(/^org\./, ''),
      effectiveDate: entry.effectiveDate ?? entry.recordedAt.slice(0, 10),
      decisionId: entry.decisionId,
      decisionNumber: entry.decisionNumber,
      status: undoneBy.has(id) ? 'undone' : 'applied',
      undoesBatchId: after.undoesBatchId ?? null,
      undoneByBatchId: undoneBy.get(id) ?? null,
      appliedBy: entry.accountId,
      appliedAt: entry.recordedAt,
      reason: entry.reason,
    };
  });
}

/** Batches that touched a unit, or (with the journal) every batch under it; newest first, each with its undo. */
export function BatchesList({ unitId, canUndo, canReadJournal, initialScope = 'subtree' }: { unitId: number; canUndo: boolean; canReadJournal: boolean; initialScope?: 'subtree' | 'unit' }) {
  const { t } = useI18n();
  const [scope, setScope] = useState<'subtree' | 'unit'>(canReadJournal ? initialScope : 'unit');
  const [undoing, setUndoing] = useState<Batch | null>(null);
  const direct = useInfiniteQuery({
    queryKey: [...orgKeys.unitBatches(unitId), 'pages'],
    queryFn: ({ pageParam }) => api<BatchList>(`/orgs/units/${unitId}/batches`, { query: { limit: 50, cursor: pageParam } }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    enabled: scope === 'unit',
  });
  const subtree = useInfiniteQuery({
    // Under the orgs keys too, so a restructuring or an undo refreshes it.
    queryKey: [...orgKeys.all, ...journalKeys.list({ unitId, objectType: 'restructure_batch' })],
    queryFn: ({ pageParam }) => api<JournalPage>('/journal', { query: { unitId, objectType: 'restructure_batch', limit: 100, cursor: pageParam } }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    enabled: scope === 'subtree',
  });
  const source = scope === 'unit' ? direct : subtree;
  const rows = useMemo(
    () => (scope === 'unit' ? direct.data?.pages.flatMap((page) => page.items) ?? [] : batchesFromJournal(subtree.data?.pages ?? [])),
    [scope, direct.data, subtree.data],
  );
  return (
    <>
      {canReadJournal && (
        <Segmented
          style={{ marginBottom: 12 }}
          value={scope}
          onChange={(value) => setScope(value as 'subtree' | 'unit')}
          options={[{ value: 'unit', label: t('batches.thisUnitOnly') }, { value: 'subtree', label: t('batches.withSubUnits') }]}
          data-testid="batches-scope"
        />
      )}
      <BatchesTable batches={rows} loading={source.isFetching && !source.isFetchingNextPage} canUndo={canUndo} onUndo={setUndoing} />
      {source.hasNextPage && (
        <Flex justify="center" style={{ marginTop: 12 }}>
          <Button onClick={() => void source.fetchNextPage()} loading={source.isFetchingNextPage}>{t('common.loadMore')}</Button>
        </Flex>
      )}
      {undoing && <UndoBatchModal batch={undoing} open onClose={() => setUndoing(null)} />}
    </>
  );
}
