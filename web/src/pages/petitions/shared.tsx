// Small pieces the petitions pages share: tags, subject list, an official picker, the import modal.
import { useEffect, useState } from 'react';
import { Alert, Button, Modal, Select, Space, Table, Tag, Upload } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { ApiError, officialsApi } from '../../api';
import { petitionsApi, type PetitionStatus, type PetitionSubject } from '../../api/petitions';
import { useApiError, useDebounced } from '../../components/hooks';
import { useI18n } from '../../i18n';

const STATUS_COLOR: Record<PetitionStatus, string> = { registered: 'blue', processing: 'gold', to_clue: 'purple', closed: 'green' };

export function PetitionStatusTag({ status }: { status: PetitionStatus }) {
  const { tk } = useI18n();
  return <Tag color={STATUS_COLOR[status]}>{tk('pstatus', status)}</Tag>;
}

export function SubjectTags({ subjects }: { subjects: PetitionSubject[] }) {
  const { tk } = useI18n();
  return (
    <Space size={[4, 4]} wrap>
      {subjects.map((s) => (
        <Tag key={s.type + s.id} color={s.role === 'principal' ? 'red' : s.role === 'team_member' ? 'orange' : undefined}>
          {s.name}
          {s.type === 'official' && s.role !== 'official' ? `（${tk('petition.role', s.role)}）` : ''}
        </Tag>
      ))}
    </Space>
  );
}

/** Picks officials by name (server-side search within the user's scope). */
export function OfficialSelect({ value, onChange, id }: { value?: string[]; onChange?: (v: string[]) => void; id?: string }) {
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 300);
  const [options, setOptions] = useState<{ value: string; label: string }[]>([]);
  const [known, setKnown] = useState<Record<string, string>>({});
  useEffect(() => {
    let live = true;
    officialsApi.list({ q: q || undefined, pageSize: 20 }).then((r) => {
      if (!live) return;
      const opts = r.items.map((o) => ({ value: o.id, label: `${o.name}（${o.orgName}${o.currentTitle ? ' ' + o.currentTitle : ''}）` }));
      setOptions(opts);
      setKnown((k) => ({ ...k, ...Object.fromEntries(opts.map((o) => [o.value, o.label])) }));
    }).catch(() => setOptions([]));
    return () => {
      live = false;
    };
  }, [q]);
  const merged = [...options, ...(value ?? []).filter((v) => !options.some((o) => o.value === v)).map((v) => ({ value: v, label: known[v] ?? v }))];
  return (
    <Select
      id={id}
      mode="multiple"
      showSearch={{ filterOption: false, onSearch: setSearch }}
      value={value}
      onChange={onChange}
      options={merged}
      style={{ width: '100%' }}
      data-testid="official-select"
    />
  );
}

interface RowError { row: number; field: string; message: string }

export function PetitionImportModal({ open, onClose, onImported }: { open: boolean; onClose: () => void; onImported: () => void }) {
  const { t } = useI18n();
  const showError = useApiError();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ petitions: number; matters: number } | null>(null);
  const [rows, setRows] = useState<RowError[] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const upload = async (file: File) => {
    setDone(null);
    setRows(null);
    setFailure(null);
    setBusy(true);
    try {
      setDone((await petitionsApi.import(file)).created);
      onImported();
    } catch (e) {
      if (e instanceof ApiError && e.status === 400) {
        setRows((e.details as { rows?: RowError[] } | undefined)?.rows ?? []);
        setFailure(e.message);
      } else showError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={open} title={t('petition.importTitle')} onCancel={onClose} footer={<Button onClick={onClose}>{t('common.close')}</Button>} width={760} destroyOnHidden>
      <Space style={{ marginBottom: 16 }}>
        <Button icon={<DownloadOutlined />} onClick={() => petitionsApi.template().catch(showError)}>{t('petition.template')}</Button>
        <Upload accept=".xlsx" showUploadList={false} maxCount={1} beforeUpload={(f) => { void upload(f); return false; }}>
          <Button type="primary" icon={<UploadOutlined />} loading={busy}>{t('petition.chooseFile')}</Button>
        </Upload>
      </Space>
      {done && <Alert type="success" showIcon title={t('petition.importDone', done)} />}
      {failure && <Alert type="error" showIcon title={failure} style={{ marginBottom: 12 }} />}
      {rows && rows.length > 0 && (
        <Table<RowError>
          size="small"
          rowKey={(r, i) => `${r.row}:${r.field}:${i}`}
          dataSource={rows}
          pagination={{ pageSize: 10 }}
          columns={[
            { title: t('petition.row'), dataIndex: 'row', width: 80 },
            { title: t('petition.field'), dataIndex: 'field', width: 140 },
            { title: t('petition.message'), dataIndex: 'message' },
          ]}
        />
      )}
    </Modal>
  );
}
