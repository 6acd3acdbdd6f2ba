/** Pick an account by username or name (diacritics ignored), among those inside the caller's subtrees. */
import { useMemo, useState } from 'react';
import { Select } from 'antd';
import { useI18n } from '../../i18n/index.tsx';
import { useDebounced } from '../../lib/use-debounced.ts';
import { useAccountList, type AccountListItem } from './api.ts';
import { useClearable } from '../../components/clearable.ts';

export type PickedAccount = Pick<AccountListItem, 'id' | 'username' | 'displayName'>;

export function AccountPicker({ value, onChange, id }: { value?: PickedAccount | null; onChange?: (value: PickedAccount | null) => void; id?: string }) {
  const { t } = useI18n();
  const clearable = useClearable();
  const [text, setText] = useState('');
  const q = useDebounced(text, 250);
  const list = useAccountList({ q, page: 1, pageSize: 20 });
  const known = useMemo(() => {
    const map = new Map<number, PickedAccount>();
    if (value) map.set(value.id, value);
    for (const account of list.data?.items ?? []) if (!map.has(account.id)) map.set(account.id, account);
    return map;
  }, [list.data, value]);
  return (
    <Select<number>
      id={id}
      showSearch={{ filterOption: false, onSearch: setText, searchValue: text }}
      allowClear={clearable}
      style={{ width: '100%' }}
      placeholder={t('accounts.pickAccount')}
      value={value?.id}
      loading={list.isFetching}
      onChange={(accountId) => { onChange?.(accountId ? known.get(accountId) ?? null : null); setText(''); }}
      options={[...known.values()].map((account) => ({ value: account.id, label: `${account.displayName} (${account.username})` }))}
      data-testid="account-picker"
    />
  );
}
