/** Pick a recorded decision by number, subject or issuing body, or record a new one on the spot. */
import { useMemo, useState } from 'react';
import { Button, Grid, Select, Space, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { Decision } from '../../../../src/contracts/decisions.ts';
import { useI18n } from '../../i18n/index.tsx';
import { formatDate } from '../../lib/dates.ts';
import { useDebounced } from '../../lib/use-debounced.ts';
import type { PickedUnit } from '../orgs/UnitPicker.tsx';
import { useDecisionSearch } from './api.ts';
import { CreateDecisionModal } from './DecisionForm.tsx';
import { useClearable } from '../../components/clearable.ts';

export function decisionLabel(decision: Pick<Decision, 'number' | 'signedOn'>): string {
  return `${decision.number} (${formatDate(decision.signedOn)})`;
}

export function DecisionPicker({ value, onChange, allowCreate = true, defaultIssuingUnit, defaultSubject, id }: {
  value?: Decision | null;
  onChange?: (decision: Decision | null) => void;
  allowCreate?: boolean;
  defaultIssuingUnit?: PickedUnit | null;
  defaultSubject?: string;
  id?: string;
}) {
  const { t } = useI18n();
  const clearable = useClearable();
  const [text, setText] = useState('');
  const query = useDebounced(text, 250);
  const search = useDecisionSearch(query);
  const [creating, setCreating] = useState(false);
  // On a phone the picker and its button share 390 px: the button keeps only its icon so the select stays usable.
  const wide = Grid.useBreakpoint().sm ?? true;

  const known = useMemo(() => {
    const map = new Map<number, Decision>();
    if (value) map.set(value.id, value);
    for (const decision of search.data?.items ?? []) if (!map.has(decision.id)) map.set(decision.id, decision);
    return map;
  }, [search.data, value]);

  return (
    <>
      <Space.Compact style={{ width: '100%' }}>
        <Select<number>
          id={id}
          data-testid="decision-picker"
          showSearch={{ filterOption: false, onSearch: setText, searchValue: text }}
          allowClear={clearable}
          style={{ width: '100%', minWidth: 0 }}
          placeholder={t('decisions.pick')}
          value={value?.id}
          loading={search.isFetching}
          onChange={(decisionId) => {
            onChange?.(decisionId ? known.get(decisionId) ?? null : null);
            setText('');
          }}
          notFoundContent={search.isFetching ? t('common.loading') : t('common.noResults')}
          options={[...known.values()].map((decision) => ({ value: decision.id, label: decisionLabel(decision), decision }))}
          optionRender={(option) => {
            const decision = (option.data as { decision: Decision }).decision;
            return (
              <Space orientation="vertical" size={0}>
                <Typography.Text strong>{decision.number}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatDate(decision.signedOn)} · {decision.issuingBody}{decision.subject ? ` · ${decision.subject}` : ''}
                </Typography.Text>
              </Space>
            );
          }}
        />
        {allowCreate && (
          <Button icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="decision-create-inline" aria-label={t('decisions.new')} title={t('decisions.new')}>
            {wide ? t('decisions.new') : null}
          </Button>
        )}
      </Space.Compact>
      {allowCreate && (
        <CreateDecisionModal
          open={creating}
          onClose={() => setCreating(false)}
          defaultIssuingUnit={defaultIssuingUnit}
          defaultSubject={defaultSubject}
          onCreated={(decision) => {
            setCreating(false);
            onChange?.(decision);
          }}
        />
      )}
    </>
  );
}
