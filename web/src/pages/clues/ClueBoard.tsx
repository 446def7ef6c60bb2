// The clue board: a column per disposal state (clues under disposal split by method), each counted.
import { Badge, Card, Empty, Space, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useI18n } from '../../i18n';
import type { BoardColumn, ClueSummary } from './api';
import { FormTag, OverdueTag } from './tags';

const HEAD: Record<BoardColumn, string> = {
  registered: '#8c8c8c', proposed: '#d4b106', talk_inquiry: '#13c2c2', preliminary_check: '#2f54eb', hold: '#722ed1', close: '#595959', concluded: '#389e0d',
};

function ClueCard({ c }: { c: ClueSummary }) {
  const { t, tk } = useI18n();
  return (
    <Card size="small" style={{ marginBottom: 8 }} styles={{ body: { padding: 10 } }} data-testid="board-card">
      <Space orientation="vertical" size={2} style={{ width: '100%' }}>
        <Space size={4} wrap>
          <Link to={`/clues/${c.id}`} style={{ fontWeight: 600 }}>{c.code}</Link>
          {c.overdue && <OverdueTag />}
          <FormTag form={c.form} />
        </Space>
        <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ margin: 0, fontSize: 13 }}>{c.summary}</Typography.Paragraph>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {c.subjects.map((s) => s.name).join('、') || '—'} · {tk('clue.d', c.discipline)}
        </Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {c.orgName} · {c.deadline ? `${t('clue.deadline')} ${c.deadline}` : c.receivedDate}
        </Typography.Text>
      </Space>
    </Card>
  );
}

export function ClueBoard({ columns }: { columns: { key: BoardColumn; total: number; items: ClueSummary[] }[] }) {
  const { t, tk } = useI18n();
  return (
    <div style={{ display: 'flex', gap: 12, overflowX: 'auto', paddingBottom: 8 }} data-testid="clue-board">
      {columns.map((col) => (
        <div key={col.key} style={{ flex: '0 0 236px', background: '#f5f5f5', borderRadius: 8, padding: 8, borderTop: `3px solid ${HEAD[col.key]}` }} data-column={col.key}>
          <Space style={{ marginBottom: 8, justifyContent: 'space-between', width: '100%' }}>
            <Typography.Text strong>{tk('clue.col', col.key)}</Typography.Text>
            <Badge count={col.total} showZero overflowCount={9999} color={HEAD[col.key]} />
          </Space>
          {col.items.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('clue.empty')} /> : col.items.map((c) => <ClueCard key={c.id} c={c} />)}
          {col.total > col.items.length && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('clue.more', { n: col.total - col.items.length })}</Typography.Text>
          )}
        </div>
      ))}
    </div>
  );
}
