// Bulk import of officials from .xlsx: template download, upload, and the per-row error report.
import { useState } from 'react';
import { Alert, Button, Modal, Space, Table, Typography, Upload } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { ApiError, officialsApi, type ImportResult, type ImportRowError } from '../../api';
import { useI18n } from '../../i18n';
import { useApiError, useErrorText } from '../../components/hooks';

export function ImportModal({ open, onClose, onImported }: { open: boolean; onClose: () => void; onImported: () => void }) {
  const { t } = useI18n();
  const showError = useApiError();
  const errorText = useErrorText();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [rows, setRows] = useState<ImportRowError[] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const reset = () => {
    setResult(null);
    setRows(null);
    setFailure(null);
  };

  const upload = async (file: File) => {
    reset();
    setBusy(true);
    try {
      const r = await officialsApi.import(file);
      setResult(r);
      onImported();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'import_failed') {
        const d = e.details as { rows?: ImportRowError[] } | undefined;
        setRows(d?.rows ?? []);
        setFailure(e.message);
      } else if (e instanceof ApiError && e.status !== 401) {
        setFailure(errorText(e));
      } else showError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('official.importTitle')}
      onCancel={() => {
        reset();
        onClose();
      }}
      footer={<Button onClick={() => { reset(); onClose(); }}>{t('common.close')}</Button>}
      width={760}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('official.importIntro')}</Typography.Paragraph>
      <Space style={{ marginBottom: 16 }}>
        <Button icon={<DownloadOutlined />} onClick={() => officialsApi.template().catch(showError)}>
          {t('official.template')}
        </Button>
        <Upload
          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          showUploadList={false}
          maxCount={1}
          beforeUpload={(file) => {
            void upload(file);
            return false;
          }}
        >
          <Button type="primary" icon={<UploadOutlined />} loading={busy} data-testid="import-upload">
            {t('official.upload')}
          </Button>
        </Upload>
      </Space>
      {result && (
        <Alert type="success" showIcon title={t('official.importCreated', { officials: result.created.officials, posts: result.created.posts })} data-testid="import-success" />
      )}
      {failure && (
        <Alert
          type="error"
          showIcon
          title={rows && rows.length ? t('official.importErrors', { n: rows.length }) : failure}
          description={rows && rows.length ? failure : undefined}
          style={{ marginBottom: 12 }}
        />
      )}
      {rows && rows.length > 0 && (
        <Table<ImportRowError>
          size="small"
          rowKey={(r, i) => `${r.row}:${r.field ?? ''}:${i}`}
          dataSource={rows}
          pagination={{ pageSize: 10, showTotal: (n) => t('common.total', { n }) }}
          columns={[
            { title: t('official.row'), dataIndex: 'row', width: 80 },
            { title: t('official.field'), dataIndex: 'field', width: 160, render: (v?: string) => v || '—' },
            { title: t('official.message'), dataIndex: 'message' },
          ]}
          data-testid="import-errors"
        />
      )}
    </Modal>
  );
}
