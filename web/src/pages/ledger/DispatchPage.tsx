// Dispatch (调度): the leaf items that are overdue, stalled or due soon, with counts, ready to chase.
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Badge, Button, Card, InputNumber, Space, Table, Tabs, Typography } from 'antd';
import { ExportOutlined } from '@ant-design/icons';
import { ledgerApi, type ItemQuery, type LedgerItem } from '../../api';
import { useI18n } from '../../i18n';
import { useAsync, useExport } from '../../components/hooks';
import { ErrorState } from '../../components/PageState';
import { OrgPicker } from '../../components/OrgPicker';
import { StatusTag } from './common';

type Tab = 'overdue' | 'stalled' | 'due';

export default function DispatchPage() {
  const { t } = useI18n();
  const [tab, setTab] = useState<Tab>('overdue');
  const [days, setDays] = useState(30);
  const [leadOrgId, setLeadOrgId] = useState<string | undefined>();
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const queryOf = (k: Tab): ItemQuery => ({ leaf: '1', leadOrgId, ...(k === 'due' ? { dueWithin: days, sort: 'deadline' } : { status: k, sort: k === 'overdue' ? 'deadline' : 'lastReport' }) });
  const counts = useAsync(() => Promise.all((['overdue', 'stalled', 'due'] as Tab[]).map((k) => ledgerApi.items({ ...queryOf(k), pageSize: 1 }).then((r) => r.total))), [days, leadOrgId]);
  const list = useAsync(() => ledgerApi.items({ ...queryOf(tab), ...page }), [tab, days, leadOrgId, page.page, page.pageSize]);
  const { exporting, doExport } = useExport(() => ledgerApi.export(queryOf(tab)));
  const label = (k: Tab, i: number, text: string) => <Space>{text}<Badge count={counts.data?.[i] ?? 0} overflowCount={9999} color={k === 'overdue' ? '#cf1322' : k === 'stalled' ? '#d48806' : '#1677ff'} showZero /></Space>;
  return (
    <Card variant="borderless" title={<Typography.Title level={4} style={{ margin: 0 }}>{t('ledger.dispatch')}</Typography.Title>}
      extra={<Button icon={<ExportOutlined />} loading={exporting} onClick={doExport}>{t('common.export')}</Button>}>
      <Space wrap style={{ marginBottom: 8 }}>
        <OrgPicker value={leadOrgId} onChange={(v) => setLeadOrgId(v as string | undefined)} placeholder={t('ledger.filterLead')} style={{ width: 260 }} />
        {tab === 'due' && <Space>{t('ledger.dueWithin')}<InputNumber min={1} max={366} value={days} onChange={(v) => setDays(v ?? 30)} /></Space>}
      </Space>
      <Tabs activeKey={tab} onChange={(k) => { setTab(k as Tab); setPage({ ...page, page: 1 }); }} items={[
        { key: 'overdue', label: label('overdue', 0, t('ledger.status.overdue')) },
        { key: 'stalled', label: label('stalled', 1, t('ledger.status.stalled')) },
        { key: 'due', label: label('due', 2, t('ledger.dueSoon')) },
      ]} />
      {list.error ? <ErrorState error={list.error} onRetry={list.reload} /> : (
        <Table<LedgerItem> rowKey="id" loading={list.loading} dataSource={list.data?.items ?? []} data-testid="dispatch-table"
          pagination={{ current: page.page, pageSize: page.pageSize, total: list.data?.total ?? 0, showTotal: (n) => t('common.total', { n }), onChange: (p, s) => setPage({ page: p, pageSize: s }) }}
          columns={[
            { title: t('ledger.code'), dataIndex: 'code', width: 140 },
            { title: t('ledger.itemTitle'), dataIndex: 'title', render: (v: string, r) => <Link to={`/ledger/items/${r.id}`}>{v}</Link> },
            { title: t('ledger.lead'), dataIndex: 'leadOrgName', width: 200 },
            { title: t('ledger.deadline'), dataIndex: 'deadline', width: 110, render: (v: string | null) => v ?? '—' },
            { title: t('ledger.lastReport'), dataIndex: 'lastReportOn', width: 110, render: (v: string | null) => v ?? '—' },
            { title: t('ledger.status'), dataIndex: 'status', width: 100, render: (_: unknown, r) => <StatusTag status={r.status} /> },
          ]} />
      )}
    </Card>
  );
}
