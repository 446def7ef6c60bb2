// Admonishments (诫勉): list with export, and the form that records one with its basis.
import { useState } from 'react';
import { Button, DatePicker, Form, Input, InputNumber, Modal, Radio, Space, Table, Tag } from 'antd';
import { ExportOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { talksApi, type Admonishment } from '../../api/talks';
import { useAuth } from '../../auth/AuthContext';
import { useI18n } from '../../i18n';
import { useApiError, useAsync, useExport } from '../../components/hooks';
import { ErrorState } from '../../components/PageState';
import { OrgPicker } from '../../components/OrgPicker';
import { OfficialSelect } from './OfficialSelect';

interface Values { orgId: string; officialId: string; form: 'talk' | 'written'; decidedOn: Dayjs; basis: string; reason: string; effectMonths: number }

export function AdmonishmentsTab() {
  const { t, tk } = useI18n();
  const { can, me } = useAuth();
  const showError = useApiError();
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<Values>();
  const list = useAsync(() => talksApi.admonishments(page), [page.page, page.pageSize]);
  const { exporting, doExport } = useExport(() => talksApi.exportAdmonishments({}));

  const submit = async (v: Values) => {
    setBusy(true);
    try {
      await talksApi.createAdmonishment({ ...v, decidedOn: v.decidedOn.format('YYYY-MM-DD') });
      setOpen(false);
      form.resetFields();
      list.reload();
    } catch (e) {
      showError(e, form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Space style={{ marginBottom: 16 }}>
        {can('talks.write') && <Button icon={<PlusOutlined />} onClick={() => setOpen(true)}>{t('adm.new')}</Button>}
        <Button icon={<ExportOutlined />} onClick={doExport} loading={exporting}>{t('common.export')}</Button>
      </Space>
      {list.error ? <ErrorState error={list.error} onRetry={list.reload} /> : (
        <Table<Admonishment>
          rowKey="id"
          dataSource={list.data?.items ?? []}
          loading={list.loading}
          pagination={{ current: page.page, pageSize: page.pageSize, total: list.data?.total ?? 0, onChange: (p, s) => setPage({ page: p, pageSize: s }), showTotal: (n) => t('common.total', { n }) }}
          columns={[
            { title: t('adm.decidedOn'), dataIndex: 'decidedOn', width: 110 },
            { title: t('adm.official'), dataIndex: 'officialName', width: 100 },
            { title: t('adm.form'), dataIndex: 'form', width: 110, render: (v: string) => tk('adm.form', v) },
            { title: t('adm.org'), dataIndex: 'orgName', ellipsis: true },
            { title: t('adm.basis'), dataIndex: 'basis', ellipsis: true },
            { title: t('adm.reason'), dataIndex: 'reason', ellipsis: true },
            { title: t('adm.effectUntil'), dataIndex: 'effectUntil', width: 130, render: (v: string, a) => (a.inEffect ? <Tag color="orange">{v} {t('adm.inEffect')}</Tag> : v) },
          ]}
        />
      )}
      <Modal open={open} title={t('adm.new')} onCancel={() => setOpen(false)} onOk={() => form.submit()} confirmLoading={busy} okText={t('common.save')} cancelText={t('common.cancel')} destroyOnHidden>
        <Form<Values> form={form} layout="vertical" onFinish={submit} initialValues={{ orgId: me?.orgId, form: 'talk', decidedOn: dayjs(), effectMonths: 6 }}>
          <Form.Item name="officialId" label={t('adm.official')} rules={[{ required: true }]}><OfficialSelect /></Form.Item>
          <Form.Item name="orgId" label={t('adm.org')} rules={[{ required: true }]}><OrgPicker labels={me ? { [me.orgId]: me.orgName } : undefined} /></Form.Item>
          <Form.Item name="form" label={t('adm.form')}><Radio.Group options={['talk', 'written'].map((f) => ({ value: f, label: tk('adm.form', f) }))} /></Form.Item>
          <Form.Item name="decidedOn" label={t('adm.decidedOn')} rules={[{ required: true }]}><DatePicker /></Form.Item>
          <Form.Item name="basis" label={t('adm.basis')} rules={[{ required: true, whitespace: true }]}><Input maxLength={500} /></Form.Item>
          <Form.Item name="reason" label={t('adm.reason')} rules={[{ required: true, whitespace: true }]}><Input.TextArea rows={3} maxLength={2000} /></Form.Item>
          <Form.Item name="effectMonths" label={t('adm.effectMonths')}><InputNumber min={1} max={24} /></Form.Item>
        </Form>
      </Modal>
    </>
  );
}
