// Picks one or more organizations: a lazily loaded tree (GET /api/orgs/tree) with server-side search (GET /api/orgs?q=).
import { useEffect, useMemo, useRef, useState } from 'react';
import { TreeSelect } from 'antd';
import { orgsApi, type OrgNode } from '../api';
import { useDebounced } from './hooks';
import { useT } from '../i18n';

interface SimpleNode { id: string; pId?: string; value: string; title: string; isLeaf: boolean }

interface Props {
  value?: string | string[] | null;
  onChange?: (v: string | string[] | undefined) => void;
  multiple?: boolean;
  placeholder?: string;
  allowClear?: boolean;
  style?: React.CSSProperties;
  /** Names already known for ids in value (saves a request). */
  labels?: Record<string, string>;
  disabled?: boolean;
  id?: string;
}

function toSimple(n: OrgNode): SimpleNode {
  return { id: n.id, pId: n.parentId ?? undefined, value: n.id, title: n.name, isLeaf: !n.hasChildren };
}

export function OrgPicker({ value, onChange, multiple, placeholder, allowClear = true, style, labels, disabled, id }: Props) {
  const t = useT();
  const [nodes, setNodes] = useState<SimpleNode[]>([]);
  const [search, setSearch] = useState('');
  const [found, setFound] = useState<SimpleNode[] | null>(null);
  const names = useRef<Map<string, string>>(new Map());
  const [, bump] = useState(0);
  const q = useDebounced(search.trim(), 300);

  const remember = (list: SimpleNode[]) => {
    for (const n of list) names.current.set(n.value, n.title);
  };
  if (labels) for (const [k, v] of Object.entries(labels)) if (!names.current.has(k)) names.current.set(k, v);

  useEffect(() => {
    orgsApi
      .tree()
      .then((r) => {
        // The roots are top-level nodes of this picker even when they have a parent outside the user's scope.
        const roots = r.nodes.map((n) => ({ ...toSimple(n), pId: undefined }));
        remember(roots);
        setNodes(roots);
      })
      .catch(() => setNodes([]));
  }, []);

  useEffect(() => {
    if (!q) {
      setFound(null);
      return;
    }
    let live = true;
    orgsApi
      .list({ q, pageSize: 50 })
      .then((r) => {
        if (!live) return;
        const list = r.items.map((o) => ({ id: `s:${o.id}`, value: o.id, title: o.name, isLeaf: true }));
        remember(list);
        setFound(list);
      })
      .catch(() => live && setFound([]));
    return () => {
      live = false;
    };
  }, [q]);

  // Learn the names of selected ids we have not seen yet.
  const ids = value == null ? [] : Array.isArray(value) ? value : [value];
  const missing = ids.filter((x) => x && !names.current.has(x)).join(',');
  useEffect(() => {
    if (!missing) return;
    let live = true;
    Promise.all(missing.split(',').map((x) => orgsApi.get(x).then((o) => names.current.set(x, o.name)).catch(() => undefined))).then(
      () => live && bump((n) => n + 1),
    );
    return () => {
      live = false;
    };
  }, [missing]);

  const loadData = async (node: { value?: unknown; id?: unknown }) => {
    const parentId = String(node.value ?? node.id);
    const r = await orgsApi.tree(parentId);
    const children = r.nodes.map(toSimple).map((c) => ({ ...c, pId: parentId }));
    remember(children);
    setNodes((prev) => {
      const have = new Set(prev.map((p) => p.id));
      return [...prev, ...children.filter((c) => !have.has(c.id))];
    });
  };

  const labelled = useMemo(() => {
    const lv = (x: string) => ({ value: x, label: names.current.get(x) ?? x });
    if (value == null || value === '') return multiple ? [] : undefined;
    return Array.isArray(value) ? value.map(lv) : lv(value);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value, multiple, nodes, found, missing]);

  return (
    <TreeSelect
      id={id}
      style={{ minWidth: 240, ...style }}
      treeDataSimpleMode
      treeData={found ?? nodes}
      loadData={found ? undefined : loadData}
      labelInValue
      value={labelled as never}
      multiple={multiple}
      allowClear={allowClear}
      disabled={disabled}
      placeholder={placeholder ?? t('official.orgPicker')}
      showSearch={{ searchValue: search, onSearch: setSearch, filterTreeNode: false, autoClearSearchValue: true }}
      onChange={(v: unknown) => {
        setSearch('');
        if (v == null) return onChange?.(undefined);
        if (Array.isArray(v)) return onChange?.(v.map((x: { value: string }) => x.value));
        onChange?.((v as { value: string }).value);
      }}
      popupMatchSelectWidth={false}
      styles={{ popup: { root: { maxHeight: 420, overflow: 'auto', minWidth: 300 } } }}
      treeNodeFilterProp="title"
    />
  );
}
