// Picks officials in scope by name (GET /api/officials?q=), for the subjects of a clue.
import { useState } from 'react';
import { Select } from 'antd';
import { officialsApi } from '../../api';
import { useAsync, useDebounced } from '../../components/hooks';

interface Props {
  value?: string[];
  onChange?: (v: string[]) => void;
  placeholder?: string;
  id?: string;
}

export function OfficialSelect({ value, onChange, placeholder, id }: Props) {
  const [search, setSearch] = useState('');
  const q = useDebounced(search);
  const [known, setKnown] = useState<Record<string, string>>({});
  const found = useAsync(() => officialsApi.list({ q: q || undefined, pageSize: 20 }), [q]);
  const options = [
    ...(found.data?.items ?? []).map((o) => ({ value: o.id, label: `${o.name}（${o.orgName}${o.currentTitle ? ' ' + o.currentTitle : ''}）` })),
    ...(value ?? []).filter((v) => !found.data?.items.some((o) => o.id === v)).map((v) => ({ value: v, label: known[v] ?? v })),
  ];
  return (
    <Select
      id={id}
      mode="multiple"
      showSearch={{ filterOption: false, onSearch: setSearch }}
      value={value}
      placeholder={placeholder}
      loading={found.loading}
      options={options}
      onChange={(v: string[], opts) => {
        const labels = { ...known };
        for (const o of [opts].flat()) if (o && 'value' in o && o.value) labels[String(o.value)] = String(o.label);
        setKnown(labels);
        onChange?.(v);
      }}
      data-testid="official-select"
    />
  );
}
