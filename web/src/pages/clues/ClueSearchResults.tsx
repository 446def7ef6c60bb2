// Clues found by a search (the same shared full-text index as reports), for the search page:
// shown only to those who may read clues.
import { Link } from 'react-router-dom';
import { Table, Typography } from 'antd';
import { useAuth } from '../../auth/AuthContext';
import { useAsync } from '../../components/hooks';
import { ErrorState } from '../../components/PageState';
import { useI18n } from '../../i18n';
import { cluesApi, type ClueSummary } from './api';
import { ClueStateTag, MethodTag } from './tags';

export function ClueSearchResults({ q, orgId }: { q: string; orgId?: string }) {
  const { t, tk } = useI18n();
  const { can } = useAuth();
  const enabled = can('clues.read') && q.trim().length > 0;
  const found = useAsync(() => cluesApi.list({ q, orgId, pageSize: 10 }), [q, orgId], enabled);
  if (!enabled) return null;
  if (found.error) return <ErrorState error={found.error} onRetry={found.reload} />;
  const all = `/clues?tab=list&q=${encodeURIComponent(q)}${orgId ? `&orgId=${encodeURIComponent(orgId)}` : ''}`;
  return (
    <div style={{ marginTop: 24 }} data-testid="clue-search-results">
      <Typography.Title level={5}>
        {t('nav.clues')}（{t('clue.total', { n: found.data?.total ?? 0 })}）
        {(found.data?.total ?? 0) > 10 && <Link to={all} style={{ fontSize: 13, fontWeight: 'normal', marginLeft: 12 }}>{t('clue.list')} →</Link>}
      </Typography.Title>
      <Table<ClueSummary> rowKey="id" size="small" loading={found.loading} dataSource={found.data?.items ?? []} pagination={false} locale={{ emptyText: t('clue.empty') }}
        columns={[
          { title: t('clue.code'), dataIndex: 'code', width: 140, render: (v: string, c) => <Link to={`/clues/${c.id}`}>{v}</Link> },
          { title: t('clue.receivedDate'), dataIndex: 'receivedDate', width: 115 },
          { title: t('clue.summary'), dataIndex: 'summary', ellipsis: true },
          { title: t('clue.subjects'), dataIndex: 'subjects', width: 180, render: (s: ClueSummary['subjects']) => s.map((x) => x.name).join('、') || '—' },
          { title: t('clue.discipline'), dataIndex: 'discipline', width: 100, render: (v: string) => tk('clue.d', v) },
          { title: t('clue.state'), dataIndex: 'state', width: 160, render: (_, c) => <><ClueStateTag state={c.state} /><MethodTag method={c.method} /></> },
        ]} />
    </div>
  );
}
