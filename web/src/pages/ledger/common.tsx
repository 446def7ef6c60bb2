// Shared bits of the ledger pages: status tag, completion bar, the document picker.
import { Progress, Select, Tag, Tooltip } from 'antd';
import { ledgerApi, type ItemStatus, type LedgerItem } from '../../api';
import { useI18n } from '../../i18n';
import { useAsync } from '../../components/hooks';

export const STATUS_COLOR: Record<ItemStatus, string> = {
  not_started: '#8c8c8c', in_progress: '#1677ff', done: '#389e0d', overdue: '#cf1322', stalled: '#d48806', withdrawn: '#bfbfbf',
};

export function StatusTag({ status }: { status: ItemStatus }) {
  const { tk } = useI18n();
  return <Tag color={STATUS_COLOR[status]} data-status={status}>{tk('ledger.status', status)}</Tag>;
}

/** A parent's completion is its leaves' completion; a leaf shows its own status. */
export function Completion({ item }: { item: LedgerItem }) {
  const { t } = useI18n();
  if (item.childCount === 0) return <StatusTag status={item.status} />;
  const pct = item.leaves ? Math.round((item.leavesDone / item.leaves) * 100) : 0;
  return (
    <Tooltip title={t('ledger.leavesDone', { done: item.leavesDone, total: item.leaves })}>
      <Progress percent={pct} size="small" style={{ width: 120, margin: 0 }} />
    </Tooltip>
  );
}

export function DocumentSelect({ value, onChange, style, allowAll = true }: { value?: string; onChange: (v: string | undefined) => void; style?: React.CSSProperties; allowAll?: boolean }) {
  const { t } = useI18n();
  const docs = useAsync(() => ledgerApi.documents({ pageSize: 200 }), []);
  return (
    <Select
      allowClear={allowAll}
      placeholder={t('ledger.documentAll')}
      value={value}
      onChange={(v) => onChange(v || undefined)}
      loading={docs.loading}
      style={{ width: 320, ...style }}
      options={(docs.data?.items ?? []).map((d) => ({ value: d.id, label: `${d.title}（${d.orgName}）` }))}
      data-testid="ledger-document"
    />
  );
}
