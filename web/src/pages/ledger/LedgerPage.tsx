// The ledger as a tree table (levels load as they are expanded), or a flat list when filtered by
// organization, status, deadline or text; export of the current view, import, new documents and items.
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { Button, Card, DatePicker, Input, Select, Space, Table, Typography } from 'antd';
import type { TableProps } from 'antd';
import { ExportOutlined, FileAddOutlined, ImportOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { ITEM_STATUSES, ledgerApi, type ItemQuery, type ItemStatus, type LedgerItem } from '../../api';
import { useAuth } from '../../auth/AuthContext';
import { useI18n } from '../../i18n';
import { useApiError, useAsync, useExport } from '../../components/hooks';
import { ErrorState } from '../../components/PageState';
import { OrgPicker } from '../../components/OrgPicker';
import { Completion, DocumentSelect } from './common';
import { LedgerImportModal } from './ImportModal';
import { DocumentModal, ItemModal } from './ItemForm';

type Node = LedgerItem & { children?: Node[]; placeholder?: boolean };

const withPlaceholders = (items: LedgerItem[]): Node[] =>
  items.map((i) => (i.childCount > 0 ? { ...i, children: [{ ...i, id: `${i.id}:loading`, placeholder: true, childCount: 0 }] } : i));

function replaceChildren(nodes: Node[], id: string, children: Node[]): Node[] {
  return nodes.map((n) => (n.id === id ? { ...n, children } : n.children ? { ...n, children: replaceChildren(n.children, id, children) } : n));
}

export default function LedgerPage() {
  const { t, tk } = useI18n();
  const { can } = useAuth();
  const navigate = useNavigate();
  const showError = useApiError();
  const [params, setParams] = useSearchParams();
  const [importOpen, setImportOpen] = useState(false);
  const [docOpen, setDocOpen] = useState(false);
  const [itemParent, setItemParent] = useState<Node | null | undefined>(undefined);

  const query = useMemo<ItemQuery>(() => ({
    documentId: params.get('documentId') || undefined,
    under: params.get('under') || undefined,
    leadOrgId: params.get('leadOrgId') || undefined,
    status: (params.get('status') as ItemStatus) || undefined,
    leaf: (params.get('leaf') as '0' | '1') || undefined,
    deadlineFrom: params.get('deadlineFrom') || undefined,
    deadlineTo: params.get('deadlineTo') || undefined,
    q: params.get('q') || undefined,
    page: Number(params.get('page')) || 1,
    pageSize: Number(params.get('pageSize')) || 50,
  }), [params]);
  const flat = Boolean(query.under || query.leadOrgId || query.status || query.leaf || query.deadlineFrom || query.deadlineTo || query.q);
  const [qText, setQText] = useState(query.q ?? '');
  const update = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) if (v) next.set(k, v); else next.delete(k);
    next.delete('page');
    setParams(next, { replace: true });
  };

  const list = useAsync(() => ledgerApi.items(flat ? query : { documentId: query.documentId, pageSize: 200 }), [JSON.stringify(query), flat]);
  const [tree, setTree] = useState<Node[]>([]);
  const [expanded, setExpanded] = useState<string[]>([]);
  useEffect(() => {
    setTree(flat ? (list.data?.items ?? []) : withPlaceholders(list.data?.items ?? []));
    setExpanded([]);
  }, [list.data, flat]);

  const expand = async (open: boolean, node: Node) => {
    setExpanded((keys) => (open ? [...keys, node.id] : keys.filter((k) => k !== node.id)));
    if (!open || !node.children?.[0]?.placeholder) return;
    try {
      const page = await ledgerApi.items({ parentId: node.id, pageSize: 200 });
      setTree((nodes) => replaceChildren(nodes, node.id, withPlaceholders(page.items)));
    } catch (e) {
      showError(e);
    }
  };

  const { exporting, doExport } = useExport(() => ledgerApi.export(flat ? query : { documentId: query.documentId }));

  const columns: TableProps<Node>['columns'] = [
    { title: t('ledger.code'), dataIndex: 'code', width: 150, render: (v: string, n) => (n.placeholder ? '' : v) },
    {
      title: t('ledger.itemTitle'), dataIndex: 'title',
      render: (v: string, n) => (n.placeholder ? <Typography.Text type="secondary">{t('common.loading')}</Typography.Text> : <Link to={`/ledger/items/${n.id}`}>{v}</Link>),
    },
    { title: t('ledger.kind'), dataIndex: 'kind', width: 80, render: (v: string, n) => (n.placeholder ? null : tk('ledger.kind', v)) },
    { title: t('ledger.lead'), dataIndex: 'leadOrgName', width: 200, ellipsis: true, render: (v: string, n) => (n.placeholder ? null : v) },
    { title: t('ledger.deadline'), dataIndex: 'deadline', width: 110, render: (v: string | null, n) => (n.placeholder ? null : v ?? (n.cycle !== 'none' ? tk('ledger.cycle', n.cycle) : '—')) },
    { title: t('ledger.progress'), key: 'progress', width: 140, render: (_: unknown, n) => (n.placeholder ? null : <Completion item={n} />) },
    { title: t('ledger.lastReport'), dataIndex: 'lastReportOn', width: 110, render: (v: string | null, n) => (n.placeholder ? null : v ?? '—') },
    ...(can('ledger.write') && !flat ? [{
      title: t('common.actions'), key: 'actions', width: 90,
      render: (_: unknown, n: Node) => (n.placeholder ? null : <Button size="small" type="link" icon={<PlusOutlined />} onClick={() => setItemParent(n)} data-testid={`add-child-${n.code}`} />),
    }] : []),
  ];

  return (
    <Card variant="borderless" title={<Typography.Title level={4} style={{ margin: 0 }}>{t('ledger.title')}</Typography.Title>}
      extra={
        <Space wrap>
          {can('ledger.write') && <Button icon={<FileAddOutlined />} onClick={() => setDocOpen(true)}>{t('ledger.newDocument')}</Button>}
          {can('ledger.write') && query.documentId && <Button icon={<PlusOutlined />} onClick={() => setItemParent(null)}>{t('ledger.newItem')}</Button>}
          {can('ledger.write') && <Button icon={<ImportOutlined />} onClick={() => setImportOpen(true)} data-testid="ledger-import">{t('ledger.import')}</Button>}
          <Button icon={<ExportOutlined />} onClick={doExport} loading={exporting} data-testid="export-button">{t('common.export')}</Button>
        </Space>
      }>
      <Space wrap style={{ marginBottom: 16 }} size={[12, 12]}>
        <DocumentSelect value={query.documentId} onChange={(v) => update({ documentId: v })} />
        <OrgPicker value={query.leadOrgId} onChange={(v) => update({ leadOrgId: v as string | undefined })} placeholder={t('ledger.filterLead')} style={{ width: 240 }} />
        <Select allowClear placeholder={t('ledger.status')} value={query.status} onChange={(v) => update({ status: v })} style={{ width: 130 }} data-testid="status-filter"
          options={ITEM_STATUSES.map((s) => ({ value: s, label: tk('ledger.status', s) }))} />
        <DatePicker.RangePicker placeholder={[t('ledger.deadline'), t('ledger.deadline')]}
          value={query.deadlineFrom && query.deadlineTo ? [dayjs(query.deadlineFrom), dayjs(query.deadlineTo)] : null}
          onChange={(r) => update({ deadlineFrom: r?.[0]?.format('YYYY-MM-DD'), deadlineTo: r?.[1]?.format('YYYY-MM-DD') })} />
        <Input.Search allowClear placeholder={t('ledger.q')} value={qText} onChange={(e) => setQText(e.target.value)} onSearch={(v) => update({ q: v.trim() || undefined })} style={{ width: 220 }} />
        <Button icon={<ReloadOutlined />} onClick={() => { setQText(''); setParams({}, { replace: true }); }}>{t('common.reset')}</Button>
      </Space>
      {list.error ? <ErrorState error={list.error} onRetry={list.reload} /> : (
        <Table<Node>
          rowKey="id" size="middle" columns={columns} dataSource={tree} loading={list.loading} locale={{ emptyText: t('common.noData') }}
          expandable={{ expandedRowKeys: expanded, onExpand: (open, n) => void expand(open, n) }}
          onRow={(n) => ({ onDoubleClick: () => !n.placeholder && navigate(`/ledger/items/${n.id}`) })}
          pagination={flat ? {
            current: query.page, pageSize: query.pageSize, total: list.data?.total ?? 0, showSizeChanger: true, showTotal: (n) => t('common.total', { n }),
            onChange: (page, pageSize) => { const next = new URLSearchParams(params); next.set('page', String(page)); next.set('pageSize', String(pageSize)); setParams(next, { replace: true }); },
          } : false}
          scroll={{ x: 1000 }} data-testid="ledger-table"
        />
      )}
      <LedgerImportModal open={importOpen} onClose={() => setImportOpen(false)} onImported={(id) => update({ documentId: id })} />
      <DocumentModal open={docOpen} onClose={() => setDocOpen(false)} onSaved={(id) => { setDocOpen(false); update({ documentId: id }); }} />
      {itemParent !== undefined && (query.documentId || itemParent) && (
        <ItemModal open documentId={itemParent?.documentId ?? query.documentId!} parent={itemParent} onClose={() => setItemParent(undefined)}
          onSaved={(id) => { setItemParent(undefined); navigate(`/ledger/items/${id}`); }} />
      )}
    </Card>
  );
}
