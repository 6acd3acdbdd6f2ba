/**
 * Pick where to send a member: any open cell or grassroots organization in the country, found by name (accents
 * optional) or exact code. Each option shows the unit's kind and where it sits, up to the province, so two cells
 * with the same name in different communes can be told apart.
 */
import { useMemo, useState } from 'react';
import { Select, Space, Tag, Typography } from 'antd';
import { levelOfKind } from '../../../../src/contracts/org-kinds.ts';
import { TRANSFER_DESTINATION_QUERY_MIN, type TransferDestination } from '../../../../src/contracts/transfer-destinations.ts';
import { LEVEL_COLORS, useVocabulary } from '../../components/labels.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useDebounced } from '../../lib/use-debounced.ts';
import { useTransferDestinations } from './api.ts';
import { useClearable } from '../../components/clearable.ts';

interface Props {
  value?: TransferDestination | null;
  onChange?: (value: TransferDestination | null) => void;
  placeholder?: string;
  id?: string;
  'data-testid'?: string;
}

export function DestinationPicker({ value, onChange, placeholder, id, 'data-testid': testId }: Props) {
  const { t } = useI18n();
  const clearable = useClearable();
  const vocabulary = useVocabulary();
  const [text, setText] = useState('');
  const query = useDebounced(text, 250).trim();
  const tooShort = query.length < TRANSFER_DESTINATION_QUERY_MIN;
  const search = useTransferDestinations(query);

  const known = useMemo(() => {
    const map = new Map<number, TransferDestination>();
    if (value) map.set(value.id, value);
    if (!tooShort) for (const item of search.data?.items ?? []) if (!map.has(item.id)) map.set(item.id, item);
    return map;
  }, [search.data, value, tooShort]);

  const notFound = tooShort ? t('transfer.destinationTypeMore') : search.isFetching ? t('common.loading') : t('common.noResults');

  return (
    <Select<number>
      id={id}
      data-testid={testId}
      showSearch={{ filterOption: false, onSearch: setText, searchValue: text }}
      allowClear={clearable}
      style={{ width: '100%' }}
      placeholder={placeholder}
      value={value?.id}
      onChange={(picked) => {
        onChange?.(picked ? known.get(picked) ?? null : null);
        setText('');
      }}
      loading={search.isFetching}
      notFoundContent={notFound}
      // Once chosen, the box shows where the unit sits too: names of cells repeat from one commune to the next.
      options={[...known.values()].map((destination) => ({ value: destination.id, label: destination.pathLabel, title: destination.pathLabel, destination }))}
      optionRender={(option) => {
        const destination = (option.data as { destination: TransferDestination }).destination;
        return (
          <Space orientation="vertical" size={0} style={{ width: '100%' }} data-testid="transfer-destination-option">
            <Space size={4} wrap>
              <Typography.Text strong>{destination.name}</Typography.Text>
              <Tag color={LEVEL_COLORS[levelOfKind(destination.kind)]} style={{ marginInlineEnd: 0 }}>{vocabulary.kind(destination.kind)}</Tag>
            </Space>
            <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'normal' }}>
              {destination.code}{destination.ancestors.length > 0 ? ` · ${destination.ancestors.join(' · ')}` : ''}
            </Typography.Text>
          </Space>
        );
      }}
    />
  );
}
