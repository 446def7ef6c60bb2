// Import a measures document from .xlsx: the template, the target organization and title, and the per-row error report.
import { useState } from 'react';
import { Alert, Button, Form, Input, Modal, Select, Space, Table, Typography, Upload } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { ApiError, ledgerApi, type ImportRowError } from '../../api';
import { useI18n } from '../../i18n';
import { useApiError, useErrorText } from '../../components/hooks';
import { OrgPicker } from '../../components/OrgPicker';

export function LedgerImportModal({ open, onClose, onImported }: { open: boolean; onClose: () => void; onImported: (documentId: string) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm();
  const showError = useApiError();
  const errorText = useErrorText();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<number | null>(null);
  const [rows, setRows] = useState<ImportRowError[] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const reset = () => {
    setDone(null);
    setRows(null);
    setFailure(null);
  };
  const upload = async (file: File) => {
    reset();
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    try {
      const r = await ledgerApi.import(v, file);
      setDone(r.created.items);
      onImported(r.documentId);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'import_failed') {
        setRows((e.details as { rows?: ImportRowError[] } | undefined)?.rows ?? []);
        setFailure(e.message);
      } else if (e instanceof ApiError && e.status !== 401) {
        setFailure(errorText(e));
        showError(e, form);
      } else showError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={open} title={t('ledger.import')} width={780} destroyOnHidden onCancel={() => { reset(); onClose(); }}
      footer={<Button onClick={() => { reset(); onClose(); }}>{t('common.close')}</Button>}>
      <Typography.Paragraph type="secondary">{t('ledger.importIntro')}</Typography.Paragraph>
      <Form form={form} layout="inline" initialValues={{ kind: 'measures' }} style={{ marginBottom: 12, rowGap: 8 }}>
        <Form.Item name="title" label={t('ledger.docTitle')} rules={[{ required: true, message: t('common.required') }]}><Input style={{ width: 260 }} data-testid="import-title" /></Form.Item>
        <Form.Item name="orgId" label={t('ledger.docOrg')} rules={[{ required: true, message: t('common.required') }]}><OrgPicker style={{ width: 240 }} id="import-org" /></Form.Item>
        <Form.Item name="kind" label={t('ledger.docKind')}>
          <Select style={{ width: 120 }} options={['measures', 'annual_plan'].map((k) => ({ value: k, label: t(`ledger.docKind.${k}` as 'ledger.docKind.measures') }))} />
        </Form.Item>
      </Form>
      <Space style={{ marginBottom: 16 }}>
        <Button icon={<DownloadOutlined />} onClick={() => ledgerApi.template().catch(showError)}>{t('ledger.template')}</Button>
        <Upload accept=".xlsx" showUploadList={false} maxCount={1} beforeUpload={(file) => { void upload(file); return false; }}>
          <Button type="primary" icon={<UploadOutlined />} loading={busy} data-testid="ledger-import-upload">{t('ledger.upload')}</Button>
        </Upload>
      </Space>
      {done !== null && <Alert type="success" showIcon title={t('ledger.importDone', { n: done })} data-testid="import-success" />}
      {failure && <Alert type="error" showIcon title={failure} style={{ marginBottom: 12 }} />}
      {rows && rows.length > 0 && (
        <Table<ImportRowError> size="small" rowKey={(r, i) => `${r.row}:${r.field ?? ''}:${i}`} dataSource={rows} pagination={{ pageSize: 10 }} data-testid="import-errors"
          columns={[
            { title: t('official.row'), dataIndex: 'row', width: 80 },
            { title: t('official.field'), dataIndex: 'field', width: 140 },
            { title: t('official.message'), dataIndex: 'message' },
          ]} />
      )}
    </Modal>
  );
}
