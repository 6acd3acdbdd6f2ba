/**
 * Pick one or several units by name or code (diacritics ignored by the server; words may name the units above, as
 * in "khu 10 cam pha"), among the units the caller may read as of a date. Each option shows the unit's kind and
 * where it is (`placeLabel`); "more" asks for a larger page while the server says there are more.
 */
import { useEffect, useMemo, useState } from 'react';
import { Button, Divider, Select, Space, Tag, Typography } from 'antd';
import { PLACE_SEPARATOR } from '../../../../src/rules/unit-place.ts';
import type { OrgSearchResult } from '../../../../src/contracts/orgs.ts';
import { useDebounced } from '../../lib/use-debounced.ts';
import { useI18n } from '../../i18n/index.tsx';
import { LEVEL_COLORS, useVocabulary } from '../../components/labels.ts';
import { useOrgSearch } from './api.ts';
import { useClearable } from '../../components/clearable.ts';

export interface PickedUnit {
  id: number;
  name: string;
  code: string;
  kind: string;
  level: string;
  parentId: number | null;
  rowVersion?: number;
  childCount?: number;
  ancestors?: { id: number; name: string }[];
  /** The names above it that tell it apart, nearest first. */
  place?: string[];
}

type Hit = OrgSearchResult['items'][number];

export function hitToPicked(hit: Hit): PickedUnit {
  return { id: hit.id, name: hit.name, code: hit.code, kind: hit.kind, level: hit.level, parentId: hit.parentId, childCount: hit.childCount, ancestors: hit.ancestors, place: hit.place };
}

interface CommonProps {
  date: string;
  kind?: string;
  placeholder?: string;
  disabled?: boolean;
  id?: string;
  /** Its accessible name where no form label names it. */
  'aria-label'?: string;
  'data-testid'?: string;
  style?: React.CSSProperties;
}

interface SingleProps extends CommonProps {
  multiple?: false;
  value?: PickedUnit | null;
  onChange?: (value: PickedUnit | null) => void;
}

interface MultipleProps extends CommonProps {
  multiple: true;
  value?: PickedUnit[];
  onChange?: (value: PickedUnit[]) => void;
}

const PAGE = 50;

export function UnitPicker(props: SingleProps | MultipleProps) {
  const { t } = useI18n();
  const clearable = useClearable();
  const vocabulary = useVocabulary();
  const [text, setText] = useState('');
  const query = useDebounced(text, 250);
  const [limit, setLimit] = useState(PAGE);
  useEffect(() => setLimit(PAGE), [query, props.date, props.kind]);
  const search = useOrgSearch(query, props.date, { kind: props.kind, limit });
  const selected: PickedUnit[] = props.multiple ? props.value ?? [] : props.value ? [props.value] : [];

  const known = useMemo(() => {
    const map = new Map<number, PickedUnit>();
    for (const unit of selected) map.set(unit.id, unit);
    for (const hit of search.data?.items ?? []) if (!map.has(hit.id)) map.set(hit.id, hitToPicked(hit));
    return map;
  }, [search.data, selected]);

  const options = [...known.values()].map((unit) => ({
    value: unit.id,
    label: unit.name,
    unit,
  }));

  const onIds = (ids: number | number[] | null | undefined) => {
    if (props.multiple) {
      const list = (Array.isArray(ids) ? ids : []).map((id) => known.get(id)).filter((unit): unit is PickedUnit => !!unit);
      props.onChange?.(list);
    } else {
      const id = Array.isArray(ids) ? ids[0] : ids;
      props.onChange?.(id ? known.get(id) ?? null : null);
    }
    setText('');
  };

  return (
    <Select<number | number[]>
      id={props.id}
      // Named by its form label where a form item gives it an id; standalone (a list's filter), by its placeholder.
      aria-label={props['aria-label'] ?? (props.id ? undefined : props.placeholder ?? t('orgs.pickUnit'))}
      data-testid={props['data-testid']}
      mode={props.multiple ? 'multiple' : undefined}
      showSearch={{ filterOption: false, onSearch: setText, searchValue: text }}
      allowClear={clearable}
      disabled={props.disabled}
      style={{ width: '100%', ...props.style }}
      placeholder={props.placeholder ?? t('orgs.pickUnit')}
      value={props.multiple ? selected.map((unit) => unit.id) : selected[0]?.id}
      onChange={onIds}
      loading={search.isFetching}
      notFoundContent={query.trim() ? (search.isFetching ? t('common.loading') : t('common.noResults')) : t('orgs.typeToSearch')}
      options={options}
      popupRender={(menu) => (
        <>
          {menu}
          {search.data?.hasMore ? (
            <>
              <Divider style={{ margin: '4px 0' }} />
              <Button type="link" size="small" block loading={search.isFetching} onMouseDown={(event) => event.preventDefault()}
                onClick={() => setLimit((current) => Math.min(current + PAGE, 200))} disabled={limit >= 200} data-testid="unit-picker-more">
                {limit >= 200 ? t('orgs.refineSearch') : t('orgs.moreUnits')}
              </Button>
            </>
          ) : null}
        </>
      )}
      optionRender={(option) => {
        const unit = (option.data as { unit: PickedUnit }).unit;
        const where = (unit.place ?? [...(unit.ancestors ?? [])].reverse().slice(0, 2).map((ancestor) => ancestor.name)).join(PLACE_SEPARATOR);
        return (
          <Space orientation="vertical" size={0} style={{ width: '100%' }}>
            <Space size={4} wrap>
              <Typography.Text>{unit.name}</Typography.Text>
              <Tag color={LEVEL_COLORS[unit.level]} style={{ marginInlineEnd: 0 }}>{vocabulary.kind(unit.kind)}</Tag>
            </Space>
            <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'normal' }} data-testid="unit-option-place">{where || unit.code}</Typography.Text>
            {where ? <Typography.Text type="secondary" style={{ fontSize: 11 }}>{unit.code}</Typography.Text> : null}
          </Space>
        );
      }}
    />
  );
}
