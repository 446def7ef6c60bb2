// Requests to see reporters' identities in scope: approvers decide others' requests here.
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Button, Card, Segmented, Space, Table, Typography } from 'antd';
import { petitionsApi, type RevealInboxItem } from '../../api/petitions';
import { useApiError, useAsync } from '../../components/hooks';
import { ErrorState } from '../../components/PageState';
import { useI18n } from '../../i18n';

export default function RevealInboxPage() {
  const { t, tk } = useI18n();
  const showError = useApiError();
  const [status, setStatus] = useState<'pending' | 'approved' | 'rejected'>('pending');
  const [page, setPage] = useState(1);
  const list = useAsync(() => petitionsApi.revealInbox({ status, page, pageSize: 20 }), [status, page]);
  const decide = async (r: RevealInboxItem, approve: boolean) => {
    try {
      await petitionsApi.decideReveal(r.petitionId, r.id, approve);
      list.reload();
    } catch (e) {
      showError(e);
    }
  };
  return (
    <Card variant="borderless" title={<Typography.Title level={4} style={{ margin: 0 }}>{t('reveal.inbox')}</Typography.Title>}>
      <Segmented style={{ marginBottom: 16 }} value={status} onChange={(v) => { setStatus(v as typeof status); setPage(1); }}
        options={(['pending', 'approved', 'rejected'] as const).map((s) => ({ value: s, label: tk('reveal.status', s) }))} />
      {list.error ? <ErrorState error={list.error} onRetry={list.reload} /> : (
        <Table<RevealInboxItem> rowKey="id" loading={list.loading} dataSource={list.data?.items ?? []} data-testid="reveal-inbox"
          pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showTotal: (n) => t('common.total', { n }) }}
          columns={[
            { title: t('petition.serial'), dataIndex: 'serial', width: 160, render: (v: string, r) => <Link to={`/petitions/${r.petitionId}`}>{v}</Link> },
            { title: t('petition.summary'), dataIndex: 'summary', ellipsis: true },
            { title: t('reveal.requester'), dataIndex: 'requestedByName', width: 120 },
            { title: t('reveal.reason'), dataIndex: 'reason', ellipsis: true },
            { title: t('petition.receivedAt'), dataIndex: 'createdAt', width: 150, render: (v: string) => v.slice(0, 16).replace('T', ' ') },
            {
              title: t('common.actions'), key: 'a', width: 150, render: (_, r) => r.canDecide && (
                <Space>
                  <Button size="small" type="link" onClick={() => decide(r, true)}>{t('reveal.approve')}</Button>
                  <Button size="small" type="link" danger onClick={() => decide(r, false)}>{t('reveal.reject')}</Button>
                </Space>
              ),
            },
          ]} />
      )}
    </Card>
  );
}
