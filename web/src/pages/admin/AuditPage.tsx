// Audit log (audit admin): filters, keyset paging by seq, export of the filtered log, chain verification and signed checkpoints.
import { useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Descriptions, Form, Input, Select, Space, Table, Tag, Tooltip, Typography, Upload } from 'antd';
import type { TableProps } from 'antd';
import { DownloadOutlined, ExportOutlined, LeftOutlined, RightOutlined, SafetyCertificateOutlined, UploadOutlined, VerticalRightOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { auditApi, saveBlob, type AuditCheckpoint, type AuditEntry, type AuditQuery, type AuditVerify, type CheckpointVerify } from '../../api';
import { useAuth } from '../../auth/AuthContext';
import { useI18n } from '../../i18n';
import { useApiError, useAsync, useExport } from '../../components/hooks';
import { ErrorState } from '../../components/PageState';

interface Filters { actor?: string; action?: string; targetId?: string; range?: [Dayjs | null, Dayjs | null] | null }

function outcomeColor(o: string): string {
  const s = o.toLowerCase();
  if (s === 'success' || s === 'ok') return 'success';
  if (s === 'denied' || s === 'failure' || s === 'failed' || s === 'error') return 'error';
  return 'default';
}

export default function AuditPage() {
  const { t, tk } = useI18n();
  const { can } = useAuth();
  const showError = useApiError();
  const { message } = App.useApp();
  const [form] = Form.useForm<Filters>();
  const [filters, setFilters] = useState<AuditQuery>({});
  const [limit, setLimit] = useState(50);
  // Keyset paging: the stack of `before` cursors that led to the current page.
  const [cursors, setCursors] = useState<(number | undefined)[]>([undefined]);
  const before = cursors[cursors.length - 1];
  const page = useAsync(() => auditApi.list({ ...filters, before, limit }), [JSON.stringify(filters), before, limit]);

  const [verify, setVerify] = useState<AuditVerify | null>(null);
  const [verifying, setVerifying] = useState(false);
  const [cpResult, setCpResult] = useState<(CheckpointVerify & { seq: number }) | null>(null);

  const apply = (v: Filters) => {
    setFilters({
      actor: v.actor?.trim() || undefined,
      action: v.action?.trim() || undefined,
      targetId: v.targetId?.trim() || undefined,
      from: v.range?.[0] ? v.range[0].startOf('day').toISOString() : undefined,
      to: v.range?.[1] ? v.range[1].endOf('day').toISOString() : undefined,
    });
    setCursors([undefined]);
  };

  const runVerify = async () => {
    setVerifying(true);
    setVerify(null);
    try {
      setVerify(await auditApi.verify());
    } catch (e) {
      showError(e);
    } finally {
      setVerifying(false);
    }
  };

  /** Exports the rows matching the applied filters (not the page cursor), newest first. */
  const { exporting, doExport } = useExport(() => auditApi.export(filters));

  const exportCheckpoint = async () => {
    try {
      const cp = await auditApi.checkpoint();
      saveBlob(new Blob([JSON.stringify(cp, null, 2)], { type: 'application/json' }), `jiandu-audit-checkpoint-${cp.seq}.json`);
    } catch (e) {
      showError(e);
    }
  };

  const verifyCheckpoint = async (file: File) => {
    setCpResult(null);
    let cp: AuditCheckpoint;
    try {
      cp = JSON.parse(await file.text()) as AuditCheckpoint;
      if (typeof cp !== 'object' || cp === null || typeof cp.seq !== 'number' || typeof cp.hash !== 'string') throw new Error('shape');
    } catch {
      void message.error(t('audit.cpBadFile'));
      return;
    }
    try {
      const r = await auditApi.verifyCheckpoint({ seq: cp.seq, hash: cp.hash, at: cp.at, signature: cp.signature });
      setCpResult({ ...r, seq: cp.seq });
    } catch (e) {
      showError(e);
    }
  };

  const columns: TableProps<AuditEntry>['columns'] = [
    { title: t('audit.seq'), dataIndex: 'seq', width: 80 },
    { title: t('audit.at'), dataIndex: 'at', width: 170, render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm:ss') },
    { title: t('audit.actor'), dataIndex: 'actorName', width: 130, render: (v: string | null, e) => v ?? e.actorId ?? '—' },
    { title: t('audit.action'), dataIndex: 'action', width: 200, render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
    {
      title: t('audit.target'),
      key: 'target',
      ellipsis: true,
      render: (_, e) => (e.targetType || e.targetId ? `${e.targetType ?? ''}${e.targetType && e.targetId ? ' · ' : ''}${e.targetId ?? ''}` : '—'),
    },
    { title: t('audit.outcome'), dataIndex: 'outcome', width: 90, render: (v: string) => <Tag color={outcomeColor(v)}>{tk('audit.outcome', v)}</Tag> },
    { title: t('audit.ip'), dataIndex: 'ip', width: 130, render: (v: string | null) => v ?? '—' },
  ];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        variant="borderless"
        title={<Typography.Title level={4} style={{ margin: 0 }}>{t('audit.title')}</Typography.Title>}
        extra={
          can('audit.verify') ? (
            <Space wrap>
              <Button type="primary" icon={<SafetyCertificateOutlined />} loading={verifying} onClick={runVerify} data-testid="verify-chain">
                {t('audit.verify')}
              </Button>
              <Button icon={<DownloadOutlined />} onClick={exportCheckpoint}>
                {t('audit.checkpointExport')}
              </Button>
              <Upload accept=".json,application/json" showUploadList={false} beforeUpload={(f) => { void verifyCheckpoint(f); return false; }}>
                <Button icon={<UploadOutlined />}>{t('audit.checkpointVerify')}</Button>
              </Upload>
            </Space>
          ) : null
        }
      >
        {verify && (
          <Alert
            closable={{ onClose: () => setVerify(null) }}
            showIcon
            type={verify.ok ? 'success' : 'error'}
            style={{ marginBottom: 16 }}
            title={verify.ok || !verify.broken ? t('audit.verifyOk', { checked: verify.checked, seq: verify.headSeq }) : t('audit.verifyBroken', { seq: verify.broken.seq, reason: verify.broken.reason })}
            description={
              <Typography.Text type="secondary" style={{ wordBreak: 'break-all' }}>
                {t('audit.headHash')}: <Typography.Text code>{verify.headHash}</Typography.Text>
              </Typography.Text>
            }
            data-testid="verify-result"
          />
        )}
        {cpResult && (
          <Alert
            closable={{ onClose: () => setCpResult(null) }}
            showIcon
            type={cpResult.signatureValid && cpResult.holds ? 'success' : 'error'}
            style={{ marginBottom: 16 }}
            title={`${t('audit.cpResult')} (#${cpResult.seq})`}
            description={
              <Descriptions size="small" column={3}>
                <Descriptions.Item label={t('audit.cpSignature')}>{cpResult.signatureValid ? t('common.yes') : t('common.no')}</Descriptions.Item>
                <Descriptions.Item label={t('audit.cpHolds')}>{cpResult.holds ? t('common.yes') : t('common.no')}</Descriptions.Item>
                <Descriptions.Item label={t('audit.cpHead')}>{cpResult.headSeq}</Descriptions.Item>
              </Descriptions>
            }
          />
        )}
        <Form form={form} layout="inline" onFinish={apply} style={{ marginBottom: 16, rowGap: 12 }}>
          <Form.Item name="actor" label={t('audit.actor')}>
            <Input allowClear style={{ width: 150 }} />
          </Form.Item>
          <Form.Item name="action" label={t('audit.action')}>
            <Input allowClear style={{ width: 170 }} placeholder="auth.login" />
          </Form.Item>
          <Form.Item name="targetId" label={t('audit.targetId')}>
            <Input allowClear style={{ width: 170 }} />
          </Form.Item>
          <Form.Item name="range" label={t('audit.range')}>
            <DatePicker.RangePicker disabledDate={(d) => d.isAfter(dayjs().endOf('day'))} />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit">
              {t('common.search')}
            </Button>
            <Button
              onClick={() => {
                form.resetFields();
                apply({});
              }}
            >
              {t('common.reset')}
            </Button>
            {can('audit.read') && (
              <Tooltip title={t('audit.exportHint')}>
                <Button icon={<ExportOutlined />} onClick={doExport} loading={exporting} data-testid="audit-export">
                  {t('common.export')}
                </Button>
              </Tooltip>
            )}
          </Space>
        </Form>
        {page.error ? (
          <ErrorState error={page.error} onRetry={page.reload} />
        ) : (
          <Table<AuditEntry>
            rowKey="seq"
            size="small"
            columns={columns}
            dataSource={page.data?.items ?? []}
            loading={page.loading}
            pagination={false}
            locale={{ emptyText: t('common.noData') }}
            scroll={{ x: 1000 }}
            expandable={{
              expandedRowRender: (e) => (
                <div>
                  <Typography.Text type="secondary">{t('audit.detail')}</Typography.Text>
                  <pre style={{ margin: '4px 0 8px', background: '#fafafa', padding: 8, border: '1px solid #f0f0f0', maxHeight: 320, overflow: 'auto', fontSize: 12 }}>
                    {JSON.stringify(e.detail ?? null, null, 2)}
                  </pre>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    row_hash: <Typography.Text code style={{ fontSize: 12 }}>{e.rowHash}</Typography.Text>
                    {e.orgId ? ` · org ${e.orgId}` : ''}
                  </Typography.Text>
                </div>
              ),
            }}
            data-testid="audit-table"
          />
        )}
        <Space style={{ marginTop: 16, width: '100%', justifyContent: 'flex-end' }} wrap>
          <Typography.Text type="secondary">{t('audit.pageInfo', { n: cursors.length })}</Typography.Text>
          <Button icon={<VerticalRightOutlined />} disabled={cursors.length === 1} onClick={() => setCursors([undefined])}>
            {t('audit.firstPage')}
          </Button>
          <Button icon={<LeftOutlined />} disabled={cursors.length === 1} onClick={() => setCursors((c) => c.slice(0, -1))} aria-label="prev" />
          <Button
            icon={<RightOutlined />}
            iconPlacement="end"
            disabled={!page.data?.nextBefore}
            onClick={() => page.data?.nextBefore && setCursors((c) => [...c, page.data!.nextBefore!])}
            data-testid="audit-next"
          >
            {t('audit.nextPage')}
          </Button>
          <Select
            value={limit}
            onChange={(v) => {
              setLimit(v);
              setCursors([undefined]);
            }}
            options={[20, 50, 100, 200].map((n) => ({ value: n, label: t('audit.perPage', { n }) }))}
            style={{ width: 120 }}
          />
        </Space>
      </Card>
    </Space>
  );
}
