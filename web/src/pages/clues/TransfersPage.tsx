// Clue transfers (移送): the inbox of transfers addressed to bodies in scope (sign for them, feed back
// the result) and the outbox of those sent, with overdue feedback marked.
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { App, Button, Card, Checkbox, Form, Input, Modal, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { ExportOutlined } from '@ant-design/icons';
import { useI18n } from '../../i18n';
import { useApiError, useAsync, useExport } from '../../components/hooks';
import { ErrorState } from '../../components/PageState';
import { useAuth } from '../../auth/AuthContext';
import { cluesApi, type Transfer, type TransferQuery } from './api';
import { OverdueTag } from './tags';

const STATUS_COLOR: Record<Transfer['status'], string> = { sent: 'gold', received: 'processing', fed_back: 'success' };

function ActModal({ transfer, kind, onClose, onDone }: { transfer: Transfer; kind: 'receive' | 'feedback'; onClose: () => void; onDone: (newClueId?: string) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const showError = useApiError();
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      if (kind === 'receive') onDone((await cluesApi.receive(transfer.id, v.text?.trim())).id);
      else {
        await cluesApi.feedback(transfer.id, v.text.trim());
        onDone();
      }
    } catch (e) {
      showError(e, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={`${t(kind === 'receive' ? 'transfer.receive' : 'transfer.feedback')} · ${transfer.clueCode}`} onCancel={onClose} onOk={submit}
      confirmLoading={busy} destroyOnHidden okText={t('common.save')} cancelText={t('common.cancel')} okButtonProps={{ 'data-testid': 'transfer-act-ok' }}>
      <p>{transfer.fromOrgName} → {transfer.toOrgName}（{transfer.sentDate}）</p>
      <p style={{ color: '#595959' }}>{transfer.note}</p>
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="text" label={t(kind === 'receive' ? 'transfer.receiptNote' : 'transfer.result')}
          rules={kind === 'feedback' ? [{ required: true, whitespace: true, message: t('common.required') }, { max: 4000 }] : [{ max: 2000 }]}>
          <Input.TextArea rows={3} data-testid="transfer-act-text" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function TransfersPage() {
  const { t, tk } = useI18n();
  const { can } = useAuth();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const box = (params.get('box') as 'inbox' | 'outbox') ?? 'inbox';
  const status = params.get('status') ?? undefined;
  const overdue = params.get('overdue') === '1' ? true : undefined;
  const page = Number(params.get('page') ?? 1);
  const sort = (params.get('sort') as TransferQuery['sort']) ?? 'sentDate';
  const order = (params.get('order') as 'asc' | 'desc') ?? 'desc';
  const query: TransferQuery = { box, status, overdue, sort, order, page, pageSize: 20 };
  const list = useAsync(() => cluesApi.transfers(query), [params.toString()]);
  const { exporting, doExport } = useExport(() => cluesApi.exportTransfers(query));
  const sortOrder = (key: string) => (sort === key ? (order === 'desc' ? 'descend' : 'ascend') : null);
  const [acting, setActing] = useState<{ transfer: Transfer; kind: 'receive' | 'feedback' } | null>(null);
  const set = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined) next.delete(k);
      else next.set(k, v);
    }
    if (!('page' in patch)) next.delete('page');
    setParams(next, { replace: true });
  };

  const columns: TableProps<Transfer>['columns'] = [
    { title: t('clue.code'), dataIndex: 'clueCode', width: 130, render: (v: string, x) => (box === 'outbox' ? <Link to={`/clues/${x.clueId}`}>{v}</Link> : v) },
    { title: t('clue.summary'), dataIndex: 'clueSummary', width: 240, ellipsis: true },
    { title: box === 'inbox' ? t('transfer.from') : t('transfer.to'), key: 'other', width: 170, ellipsis: true, render: (_, x) => (box === 'inbox' ? x.fromOrgName : x.toOrgName) },
    { title: t('transfer.note'), dataIndex: 'note', width: 180, ellipsis: true },
    { title: t('transfer.sentDate'), dataIndex: 'sentDate', key: 'sentDate', width: 120, sorter: true, sortOrder: sortOrder('sentDate') },
    { title: t('transfer.feedbackDue'), dataIndex: 'feedbackDue', key: 'feedbackDue', width: 170, sorter: true, sortOrder: sortOrder('feedbackDue'), render: (v: string, x) => <Space size={2} style={{ whiteSpace: 'nowrap' }}>{v}{x.overdue && <OverdueTag />}</Space> },
    { title: t('transfer.status'), dataIndex: 'status', width: 130, render: (s: Transfer['status']) => <Tag color={STATUS_COLOR[s]}>{tk('transfer.st', s)}</Tag> },
    { title: t('transfer.result'), dataIndex: 'result', width: 220, ellipsis: true, render: (v: string | null) => v ?? '—' },
    {
      title: '', key: 'act', width: 150, fixed: 'right',
      render: (_, x) => (
        <Space size={4}>
          {box === 'inbox' && can('clues.write') && x.status === 'sent' && <Button size="small" type="primary" onClick={() => setActing({ transfer: x, kind: 'receive' })} data-testid="receive-button">{t('transfer.receive')}</Button>}
          {box === 'inbox' && can('clues.write') && x.status === 'received' && <Button size="small" onClick={() => setActing({ transfer: x, kind: 'feedback' })} data-testid="feedback-button">{t('transfer.feedback')}</Button>}
          {x.receivedClueId && <Link to={`/clues/${x.receivedClueId}`}>{t('transfer.openReceived')}</Link>}
        </Space>
      ),
    },
  ];

  return (
    <Card variant="borderless" title={<Typography.Title level={4} style={{ margin: 0 }}>{t('nav.clueTransfers')}</Typography.Title>}
      extra={<Button icon={<ExportOutlined />} onClick={doExport} loading={exporting} data-testid="export-button">{t('common.export')}</Button>}>
      <Tabs activeKey={box} onChange={(k) => setParams({ box: k }, { replace: true })} items={[{ key: 'inbox', label: t('transfer.inbox') }, { key: 'outbox', label: t('transfer.outbox') }]} />
      <Space style={{ marginBottom: 16 }} wrap>
        <Select allowClear placeholder={t('transfer.status')} value={status} style={{ width: 160 }} onChange={(v) => set({ status: v })}
          options={(['sent', 'received', 'fed_back'] as const).map((s) => ({ value: s, label: tk('transfer.st', s) }))} />
        <Checkbox checked={!!overdue} onChange={(e) => set({ overdue: e.target.checked ? '1' : undefined })}>{t('clue.overdueOnly')}</Checkbox>
      </Space>
      {list.error ? <ErrorState error={list.error} onRetry={list.reload} /> : (
        <Table<Transfer> rowKey="id" columns={columns} dataSource={list.data?.items ?? []} loading={list.loading} size="middle" scroll={{ x: 1500 }} data-testid="transfers-table"
          locale={{ emptyText: t('common.noData') }}
          onChange={(_p, _f, sorter, extra) => {
            if (extra.action !== 'sort') return;
            const s = Array.isArray(sorter) ? sorter[0] : sorter;
            set({ sort: s?.order ? String(s.columnKey) : undefined, order: s?.order ? (s.order === 'descend' ? 'desc' : 'asc') : undefined });
          }}
          pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, showTotal: (n) => t('clue.total', { n }), onChange: (p) => set({ page: String(p) }) }} />
      )}
      {acting && (
        <ActModal transfer={acting.transfer} kind={acting.kind} onClose={() => setActing(null)}
          onDone={(newClueId) => {
            setActing(null);
            list.reload();
            if (newClueId) {
              void message.success(t('transfer.received'));
              navigate(`/clues/${newClueId}`);
            } else void message.success(t('clue.saved'));
          }} />
      )}
    </Card>
  );
}
