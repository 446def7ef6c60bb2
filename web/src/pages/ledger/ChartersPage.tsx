// 一单一书: the 主体责任清单 and 监督任务书 issued to organizations' 一把手 — issue, download as a
// formal Word document, sign for (签收), and track the duties' progress.
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { App, Button, Card, Drawer, Form, Input, InputNumber, Modal, Progress, Select, Space, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, FileDoneOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { ledgerApi, type Charter, type LedgerItem } from '../../api';
import { useAuth } from '../../auth/AuthContext';
import { useI18n } from '../../i18n';
import { useApiError, useAsync } from '../../components/hooks';
import { ErrorState } from '../../components/PageState';
import { OrgPicker } from '../../components/OrgPicker';
import { DocumentSelect, StatusTag } from './common';

function IssueModal({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm();
  const showError = useApiError();
  return (
    <Modal open={open} title={t('ledger.issue')} onCancel={onClose} destroyOnHidden onOk={async () => {
      const v = await form.validateFields();
      try {
        await ledgerApi.issueCharter({ ...v, docNumber: v.docNumber || null });
        onDone();
      } catch (e) {
        showError(e, form);
      }
    }}>
      <Form form={form} layout="vertical" initialValues={{ kind: 'duty_list', year: dayjs().year() }} preserve={false}>
        <Form.Item name="orgId" label={t('ledger.charterOrg')} rules={[{ required: true, message: t('common.required') }]}><OrgPicker id="charter-org" /></Form.Item>
        <Form.Item name="kind" label={t('ledger.docKind')}>
          <Select options={['duty_list', 'task_book'].map((k) => ({ value: k, label: t(`ledger.charterKind.${k}` as 'ledger.charterKind.duty_list') }))} />
        </Form.Item>
        <Form.Item name="year" label={t('ledger.year')}><InputNumber min={2000} max={2100} /></Form.Item>
        <Form.Item name="docNumber" label={t('ledger.docNumber')}><Input maxLength={60} /></Form.Item>
        <Form.Item name="documentId" label={t('ledger.document')}><DocumentSelect onChange={(v) => form.setFieldValue('documentId', v)} /></Form.Item>
      </Form>
    </Modal>
  );
}

export default function ChartersPage() {
  const { t, tk } = useI18n();
  const { can } = useAuth();
  const { message } = App.useApp();
  const showError = useApiError();
  const [state, setState] = useState<string | undefined>();
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [issueOpen, setIssueOpen] = useState(false);
  const [signing, setSigning] = useState<Charter | null>(null);
  const [signName, setSignName] = useState('');
  const [viewing, setViewing] = useState<string | null>(null);
  const list = useAsync(() => ledgerApi.charters({ state, ...page }), [state, page.page, page.pageSize]);
  const detail = useAsync(() => ledgerApi.charter(viewing!), [viewing], Boolean(viewing));
  const sign = async () => {
    try {
      await ledgerApi.sign(signing!.id, signName);
      void message.success(t('common.done'));
      setSigning(null);
      list.reload();
    } catch (e) {
      showError(e);
    }
  };
  return (
    <Card variant="borderless" title={<Typography.Title level={4} style={{ margin: 0 }}>{t('ledger.charters')}</Typography.Title>}
      extra={can('ledger.write') && <Button type="primary" icon={<FileDoneOutlined />} onClick={() => setIssueOpen(true)} data-testid="issue-charter">{t('ledger.issue')}</Button>}>
      <Space style={{ marginBottom: 16 }}>
        <Select allowClear placeholder={t('ledger.status')} value={state} onChange={setState} style={{ width: 140 }}
          options={['issued', 'signed'].map((s) => ({ value: s, label: tk('ledger.charterState', s) }))} />
      </Space>
      {list.error ? <ErrorState error={list.error} onRetry={list.reload} /> : (
        <Table<Charter> rowKey="id" loading={list.loading} dataSource={list.data?.items ?? []} data-testid="charter-table"
          pagination={{ current: page.page, pageSize: page.pageSize, total: list.data?.total ?? 0, showTotal: (n) => t('common.total', { n }), onChange: (p, s) => setPage({ page: p, pageSize: s }) }}
          columns={[
            { title: t('ledger.docTitle'), dataIndex: 'title', render: (v: string, c) => <Button type="link" style={{ padding: 0, whiteSpace: 'normal', textAlign: 'left' }} onClick={() => setViewing(c.id)}>{v}</Button> },
            { title: t('ledger.docKind'), dataIndex: 'kind', width: 130, render: (v: string) => tk('ledger.charterKind', v) },
            { title: t('ledger.principal'), dataIndex: 'principalName', width: 90, render: (v: string | null) => v ?? '—' },
            { title: t('ledger.issuer'), dataIndex: 'issuerOrgName', width: 160 },
            { title: t('ledger.issuedAt'), dataIndex: 'issuedAt', width: 110, render: (v: string) => v.slice(0, 10) },
            { title: t('ledger.status'), dataIndex: 'state', width: 150, render: (v: string, c) => <Tag color={v === 'signed' ? 'green' : 'orange'}>{tk('ledger.charterState', v)}{c.signedName ? ` · ${c.signedName}` : ''}</Tag> },
            { title: t('ledger.tracking'), key: 'track', width: 200, render: (_: unknown, c) => <Progress size="small" percent={c.items ? Math.round((c.done / c.items) * 100) : 0} format={() => `${c.done}/${c.items}`} status={c.overdue ? 'exception' : undefined} /> },
            {
              title: t('common.actions'), key: 'a', width: 190, render: (_: unknown, c) => (
                <Space>
                  <Button size="small" icon={<DownloadOutlined />} onClick={() => ledgerApi.charterDocx(c).catch(showError)}>{t('ledger.download')}</Button>
                  {c.state === 'issued' && can('ledger.report') && <Button size="small" type="primary" onClick={() => { setSigning(c); setSignName(c.principalName ?? ''); }} data-testid={`sign-${c.id}`}>{t('ledger.sign')}</Button>}
                </Space>
              ),
            },
          ]} />
      )}
      <IssueModal open={issueOpen} onClose={() => setIssueOpen(false)} onDone={() => { setIssueOpen(false); list.reload(); }} />
      <Modal open={!!signing} title={`${t('ledger.sign')}：${signing?.title ?? ''}`} onCancel={() => setSigning(null)} onOk={() => void sign()} okButtonProps={{ disabled: !signName.trim() }}>
        <Input addonBefore={t('ledger.signedName')} value={signName} onChange={(e) => setSignName(e.target.value)} maxLength={40} data-testid="signed-name" />
      </Modal>
      <Drawer open={!!viewing} width={720} onClose={() => setViewing(null)} title={detail.data?.title}>
        {detail.error ? <ErrorState error={detail.error} /> : detail.data && (
          <>
            <Typography.Paragraph>{t('ledger.trackingText', { items: detail.data.items, done: detail.data.done, overdue: detail.data.overdue })}</Typography.Paragraph>
            <Table<LedgerItem> size="small" rowKey="id" dataSource={detail.data.duties} pagination={false} columns={[
              { title: t('ledger.code'), dataIndex: 'code', width: 110 },
              { title: t('ledger.duties'), dataIndex: 'title', render: (v: string, r) => <Link to={`/ledger/items/${r.id}`}>{v}</Link> },
              { title: t('ledger.deadline'), dataIndex: 'deadline', width: 100, render: (v: string | null) => v ?? '—' },
              { title: t('ledger.status'), dataIndex: 'status', width: 90, render: (_: unknown, r) => <StatusTag status={r.status} /> },
            ]} />
          </>
        )}
      </Drawer>
    </Card>
  );
}
