// Full-text search of reports in Chinese: words segmented on the server, every word must match.
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Alert, Card, Input, Space, Table, Typography } from 'antd';
import { petitionsApi, type PetitionItem } from '../../api/petitions';
import { useAsync } from '../../components/hooks';
import { ErrorState } from '../../components/PageState';
import { OrgPicker } from '../../components/OrgPicker';
import { useI18n } from '../../i18n';
import { PetitionStatusTag, SubjectTags } from './shared';
import { ClueSearchResults } from '../clues/ClueSearchResults';

export default function PetitionSearchPage() {
  const { t, tk } = useI18n();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const orgId = params.get('orgId') || undefined;
  const page = Number(params.get('page')) || 1;
  const [text, setText] = useState(q);
  const key = useMemo(() => JSON.stringify({ q, orgId, page }), [q, orgId, page]);
  const found = useAsync(() => petitionsApi.search({ q, orgId, page, pageSize: 20 }), [key], q.trim().length > 0);
  const set = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };
  return (
    <Card variant="borderless" title={<Typography.Title level={4} style={{ margin: 0 }}>{t('search.title')}</Typography.Title>}>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search value={text} onChange={(e) => setText(e.target.value)} onSearch={(v) => set({ q: v.trim() || undefined, page: undefined })}
          placeholder={t('search.placeholder')} enterButton={t('common.search')} style={{ width: 420 }} data-testid="search-input" />
        <OrgPicker value={orgId} onChange={(v) => set({ orgId: v as string | undefined, page: undefined })} style={{ width: 260 }} />
      </Space>
      <Typography.Paragraph type="secondary">{found.data?.terms.length ? t('search.terms', { terms: found.data.terms.join(' / ') }) : t('search.hint')}</Typography.Paragraph>
      {found.error ? <ErrorState error={found.error} onRetry={found.reload} /> : q && found.data && found.data.total === 0 ? <Alert type="info" showIcon title={t('common.noData')} /> : (
        <Table<PetitionItem> rowKey="id" loading={found.loading} dataSource={found.data?.items ?? []} data-testid="search-results"
          pagination={{ current: page, pageSize: 20, total: found.data?.total ?? 0, onChange: (p) => set({ page: String(p) }), showTotal: (n) => (found.data?.totalCapped ? <span data-testid="search-more">{t('search.more', { n })}</span> : t('common.total', { n })) }}
          columns={[
            { title: t('petition.serial'), dataIndex: 'serial', width: 200, render: (v: string, r) => <Link to={`/petitions/${r.id}`} style={{ whiteSpace: 'nowrap' }}>{v}</Link> },
            { title: t('petition.receivedAt'), dataIndex: 'receivedAt', width: 115 },
            { title: t('petition.summary'), dataIndex: 'summary', ellipsis: true },
            { title: t('petition.subjects'), dataIndex: 'subjects', width: 220, render: (_, r) => <SubjectTags subjects={r.subjects} /> },
            { title: t('petition.sector'), dataIndex: 'sector', width: 100, render: (v: string) => tk('sector', v) },
            { title: t('petition.status'), dataIndex: 'status', width: 100, render: (v) => <PetitionStatusTag status={v} /> },
          ]} />
      )}
      <ClueSearchResults q={q} orgId={orgId} />
    </Card>
  );
}
