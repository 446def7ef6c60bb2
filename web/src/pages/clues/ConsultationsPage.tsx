// Consultation meetings (会商研判): the meetings held by bodies in scope, a form to record one (bodies,
// clues discussed with an opinion each, conclusions, assignments) and a drawer with a meeting's record.
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { App, Button, Card, DatePicker, Descriptions, Drawer, Form, Input, Modal, Select, Space, Table, Typography } from 'antd';
import { ExportOutlined, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useI18n } from '../../i18n';
import { useApiError, useAsync, useDebounced, useExport } from '../../components/hooks';
import { ErrorState, Loading } from '../../components/PageState';
import { OrgPicker } from '../../components/OrgPicker';
import { useAuth } from '../../auth/AuthContext';
import { cluesApi, type ConsultationSummary } from './api';
import { fromDay } from './ClueForms';
import { ClueStateTag } from './tags';

function ClueSearchSelect({ value, onChange }: { value?: string; onChange?: (v: string) => void }) {
  const { t } = useI18n();
  const [search, setSearch] = useState('');
  const q = useDebounced(search);
  const found = useAsync(() => cluesApi.list(q ? { q, pageSize: 20 } : { pageSize: 20, state: 'registered' }), [q]);
  return (
    <Select showSearch={{ filterOption: false, onSearch: setSearch }} value={value} onChange={onChange} placeholder={t('consult.pickClue')} style={{ width: 320 }}
      loading={found.loading} options={(found.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.code} ${c.summary.slice(0, 24)}` }))} data-testid="consult-clue" />
  );
}

function CreateConsultationModal({ onClose, onSaved }: { onClose: () => void; onSaved: (id: string) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const showError = useApiError();
  const required = { required: true, message: t('common.required') };
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const r = await cluesApi.createConsultation({
        orgId: v.orgId, meetingDate: fromDay(v.meetingDate)!, title: v.title.trim(), participantOrgIds: [v.participantOrgIds ?? []].flat(),
        otherParticipants: v.otherParticipants?.trim() || null, conclusions: v.conclusions.trim(),
        clues: (v.clues ?? []).map((c: { clueId: string; opinion?: string }) => ({ clueId: c.clueId, opinion: c.opinion?.trim() || null })),
        assignments: (v.assignments ?? []).map((a: { task: string; assigneeOrgId: string; dueDate?: dayjs.Dayjs }) => ({ task: a.task.trim(), assigneeOrgId: a.assigneeOrgId, dueDate: fromDay(a.dueDate) ?? null })),
      });
      onSaved(r.id);
    } catch (e) {
      showError(e, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={t('consult.create')} onCancel={onClose} onOk={submit} confirmLoading={busy} destroyOnHidden width={760} okText={t('common.save')} cancelText={t('common.cancel')}>
      <Form form={form} layout="vertical" preserve={false} initialValues={{ meetingDate: dayjs(), clues: [{}], assignments: [] }}>
        <Space wrap size={16}>
          <Form.Item name="orgId" label={t('consult.host')} rules={[required]}><OrgPicker allowClear={false} style={{ width: 280 }} /></Form.Item>
          <Form.Item name="meetingDate" label={t('consult.date')} rules={[required]}><DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} /></Form.Item>
        </Space>
        <Form.Item name="title" label={t('consult.title')} rules={[required, { max: 200 }]}><Input /></Form.Item>
        <Form.Item name="participantOrgIds" label={t('consult.participants')}><OrgPicker multiple style={{ width: '100%' }} /></Form.Item>
        <Form.Item name="otherParticipants" label={t('consult.otherParticipants')} rules={[{ max: 500 }]}><Input placeholder={t('consult.otherHint')} /></Form.Item>
        <Typography.Text strong>{t('consult.clues')}</Typography.Text>
        <Form.List name="clues">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f, i) => (
                <Space key={f.key} align="baseline" wrap>
                  <Form.Item name={[f.name, 'clueId']} rules={[required]}><ClueSearchSelect /></Form.Item>
                  <Form.Item name={[f.name, 'opinion']} rules={[{ max: 2000 }]}><Input placeholder={t('consult.opinion')} style={{ width: 300 }} /></Form.Item>
                  {i > 0 && <MinusCircleOutlined onClick={() => remove(f.name)} />}
                </Space>
              ))}
              <Button type="dashed" size="small" icon={<PlusOutlined />} onClick={() => add({})} style={{ marginBottom: 16 }}>{t('consult.addClue')}</Button>
            </>
          )}
        </Form.List>
        <Form.Item name="conclusions" label={t('consult.conclusions')} rules={[required, { max: 8000 }]}><Input.TextArea rows={3} /></Form.Item>
        <Typography.Text strong>{t('consult.assignments')}</Typography.Text>
        <Form.List name="assignments">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="baseline" wrap>
                  <Form.Item name={[f.name, 'task']} rules={[required, { max: 1000 }]}><Input placeholder={t('consult.task')} style={{ width: 260 }} /></Form.Item>
                  <Form.Item name={[f.name, 'assigneeOrgId']} rules={[required]}><OrgPicker allowClear={false} placeholder={t('consult.assignee')} style={{ width: 220 }} /></Form.Item>
                  <Form.Item name={[f.name, 'dueDate']}><DatePicker placeholder={t('consult.dueDate')} /></Form.Item>
                  <MinusCircleOutlined onClick={() => remove(f.name)} />
                </Space>
              ))}
              <div><Button type="dashed" size="small" icon={<PlusOutlined />} onClick={() => add({})}>{t('consult.addTask')}</Button></div>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}

function ConsultationDrawer({ id, onClose }: { id: string; onClose: () => void }) {
  const { t } = useI18n();
  const m = useAsync(() => cluesApi.consultation(id), [id]);
  return (
    <Drawer open width={720} onClose={onClose} title={m.data ? `${m.data.meetingDate} ${m.data.title}` : t('nav.consultations')}>
      {m.error ? <ErrorState error={m.error} onRetry={m.reload} /> : !m.data ? <Loading /> : (
        <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="consultation-detail">
          <Descriptions bordered size="small" column={1}>
            <Descriptions.Item label={t('consult.host')}>{m.data.orgName}</Descriptions.Item>
            <Descriptions.Item label={t('consult.participants')}>{[...m.data.participants, m.data.otherParticipants].filter(Boolean).join('、') || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('consult.conclusions')}><span style={{ whiteSpace: 'pre-wrap' }}>{m.data.conclusions}</span></Descriptions.Item>
          </Descriptions>
          <Table rowKey="id" size="small" pagination={false} dataSource={m.data.clues} title={() => t('consult.clues')} columns={[
            { title: t('clue.code'), dataIndex: 'code', width: 130, render: (v: string, c) => <Link to={`/clues/${c.id}`}>{v}</Link> },
            { title: t('clue.summary'), dataIndex: 'summary', ellipsis: true },
            { title: t('clue.state'), dataIndex: 'state', width: 100, render: (s) => <ClueStateTag state={s} /> },
            { title: t('consult.opinion'), dataIndex: 'opinion', render: (v: string | null) => v ?? '—' },
          ]} />
          <Table rowKey="id" size="small" pagination={false} dataSource={m.data.assignments} title={() => t('consult.assignments')} locale={{ emptyText: '—' }} columns={[
            { title: t('consult.task'), dataIndex: 'task' },
            { title: t('consult.assignee'), dataIndex: 'assigneeOrgName', width: 180 },
            { title: t('consult.dueDate'), dataIndex: 'dueDate', width: 110, render: (v: string | null) => v ?? '—' },
          ]} />
        </Space>
      )}
    </Drawer>
  );
}

export default function ConsultationsPage() {
  const { t } = useI18n();
  const { can } = useAuth();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const list = useAsync(() => cluesApi.consultations({ page, pageSize: 20 }), [page]);
  const { exporting, doExport } = useExport(() => cluesApi.exportConsultations());
  const open = params.get('id');
  return (
    <Card variant="borderless" title={<Typography.Title level={4} style={{ margin: 0 }}>{t('nav.consultations')}</Typography.Title>}
      extra={
        <Space>
          {can('clues.write') && <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>{t('consult.create')}</Button>}
          <Button icon={<ExportOutlined />} onClick={doExport} loading={exporting} data-testid="export-button">{t('common.export')}</Button>
        </Space>
      }>
      {list.error ? <ErrorState error={list.error} onRetry={list.reload} /> : (
        <Table<ConsultationSummary> rowKey="id" loading={list.loading} dataSource={list.data?.items ?? []} data-testid="consultations-table"
          locale={{ emptyText: t('common.noData') }}
          pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showTotal: (n) => t('clue.total', { n }) }}
          columns={[
            { title: t('consult.date'), dataIndex: 'meetingDate', width: 120 },
            { title: t('consult.title'), dataIndex: 'title', render: (v: string, m) => <a onClick={() => setParams({ id: m.id }, { replace: true })}>{v}</a> },
            { title: t('consult.host'), dataIndex: 'orgName', width: 200, ellipsis: true },
            { title: t('consult.participants'), dataIndex: 'participants', ellipsis: true, render: (p: string[]) => p.join('、') || '—' },
            { title: t('consult.clueCount'), dataIndex: 'clueCount', width: 90 },
          ]} />
      )}
      {creating && <CreateConsultationModal onClose={() => setCreating(false)} onSaved={(id) => {
        setCreating(false);
        void message.success(t('clue.saved'));
        list.reload();
        setParams({ id }, { replace: true });
      }} />}
      {open && <ConsultationDrawer id={open} onClose={() => setParams({}, { replace: true })} />}
    </Card>
  );
}
