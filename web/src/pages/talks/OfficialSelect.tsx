// Picks officials in scope by name (server-side search on /api/officials).
import { useState } from 'react';
import { Select } from 'antd';
import { officialsApi } from '../../api';
import { useAsync, useDebounced } from '../../components/hooks';
import { useT } from '../../i18n';

interface Props {
  value?: string | string[];
  onChange?: (v: string | string[]) => void;
  multiple?: boolean;
  id?: string;
  style?: React.CSSProperties;
  testId?: string;
  allowClear?: boolean;
  /** Labels of values chosen before (shown instead of the id until a search finds them). */
  labels?: Record<string, string>;
}

export function OfficialSelect({ value, onChange, multiple, id, style, testId = 'official-select', allowClear, labels }: Props) {
  const t = useT();
  const [search, setSearch] = useState('');
  const q = useDebounced(search);
  const [known, setKnown] = useState<Record<string, string>>(labels ?? {});
  const found = useAsync(() => officialsApi.list({ q: q || undefined, pageSize: 20 }), [q]);
  const options = (found.data?.items ?? []).map((o) => ({ value: o.id, label: `${o.name}（${o.orgName}${o.currentTitle ? ' ' + o.currentTitle : ''}）` }));
  const selected = (Array.isArray(value) ? value : value ? [value] : []).filter((v) => !options.some((o) => o.value === v)).map((v) => ({ value: v, label: known[v] ?? v }));
  return (
    <Select
      id={id}
      mode={multiple ? 'multiple' : undefined}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      value={value}
      placeholder={t('talk.searchOfficial')}
      options={[...selected, ...options]}
      loading={found.loading}
      allowClear={allowClear}
      style={style ?? { width: '100%' }}
      onChange={(v: string | string[], opts) => {
        const list = (Array.isArray(opts) ? opts : [opts]).filter(Boolean) as { value: string; label: string }[];
        setKnown((k) => ({ ...k, ...Object.fromEntries(list.map((o) => [o.value, o.label])) }));
        onChange?.(v);
      }}
      data-testid={testId}
    />
  );
}
