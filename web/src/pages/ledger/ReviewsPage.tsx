// The review queue: reports waiting for the caller's bodies, accepted or returned with a reason.
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Card, Segmented, Space, Table, Tag, Typography } from 'antd';
import { ledgerApi, type ReviewEntry } from '../../api';
import { useI18n } from '../../i18n';
import { useAsync } from '../../components/hooks';
import { ErrorState } from '../../components/PageState';
import { OrgPicker } from '../../components/OrgPicker';
import { ReviewButtons } from './ItemDetailPage';

export default function ReviewsPage() {
  const { t, tk } = useI18n();
  const [state, setState] = useState('submitted');
  const [orgId, setOrgId] = useState<string | undefined>();
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const list = useAsync(() => ledgerApi.reviews({ state, orgId, ...page }), [state, orgId, page.page, page.pageSize]);
  return (
    <Card variant="borderless" title={<Typography.Title level={4} style={{ margin: 0 }}>{t('ledger.reviewQueue')}</Typography.Title>}>
      <Space wrap style={{ marginBottom: 16 }}>
        <Segmented value={state} onChange={(v) => { setState(String(v)); setPage({ ...page, page: 1 }); }}
          options={['submitted', 'returned', 'accepted'].map((s) => ({ value: s, label: tk('ledger.reportState', s) }))} />
        <OrgPicker value={orgId} onChange={(v) => setOrgId(v as string | undefined)} placeholder={t('ledger.reportedBy')} style={{ width: 260 }} />
      </Space>
      {list.error ? <ErrorState error={list.error} onRetry={list.reload} /> : (
        <Table<ReviewEntry> rowKey="id" loading={list.loading} dataSource={list.data?.items ?? []} data-testid="review-table"
          pagination={{ current: page.page, pageSize: page.pageSize, total: list.data?.total ?? 0, showTotal: (n) => t('common.total', { n }), onChange: (p, s) => setPage({ page: p, pageSize: s }) }}
          columns={[
            { title: t('ledger.itemTitle'), key: 'item', render: (_: unknown, r) => <Link to={`/ledger/items/${r.itemId}`}>{r.itemCode} {r.itemTitle}</Link> },
            { title: t('ledger.reportedBy'), dataIndex: 'orgName', width: 180 },
            { title: t('ledger.reportedOn'), dataIndex: 'reportedOn', width: 110 },
            { title: t('ledger.reportText'), dataIndex: 'text', ellipsis: true, render: (v: string, r) => <>{r.completes && <Tag color="green">{t('ledger.reportCompletes')}</Tag>}{v}</> },
            { title: t('ledger.progress'), dataIndex: 'progress', width: 80, render: (v: number) => `${v}%` },
            state === 'submitted'
              ? { title: t('common.actions'), key: 'a', width: 170, render: (_: unknown, r) => <ReviewButtons reportId={r.id} onDone={list.reload} /> }
              : { title: t('ledger.reviewNote'), dataIndex: 'reviewNote', width: 200, render: (v: string | null) => v ?? '—' },
          ]} />
      )}
    </Card>
  );
}
