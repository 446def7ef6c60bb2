// Written inquiries: counts by state, filters, paging, sorting, export, and issuing a new inquiry.
import { useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { Badge, Button, Card, Checkbox, DatePicker, Form, Input, InputNumber, Modal, Segmented, Space, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { ExportOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { INQUIRY_STATUSES, inquiriesApi, type InquiryQuery, type InquiryStatus, type InquirySummary } from '../../api/talks';
import { useAuth } from '../../auth/AuthContext';
import { useI18n } from '../../i18n';
import { useApiError, useAsync, useExport } from '../../components/hooks';
import { ErrorState } from '../../components/PageState';
import { OrgPicker } from '../../components/OrgPicker';
import { OfficialSelect } from '../talks/OfficialSelect';

export const STATUS_COLOR: Record<string, string> = { issued: 'blue', replied: 'cyan', signed: 'geekblue', accepted: 'green', not_accepted: 'orange', escalated: 'red' };

export function InquiryStatusTag({ status, overdue }: { status: string; overdue?: boolean }) {
  const { t, tk } = useI18n();
  return overdue ? <Tag color="red">{t('inq.overdue')}</Tag> : <Tag color={STATUS_COLOR[status]}>{tk('inq.status', status)}</Tag>;
}

interface IssueValues { orgId: string; officialId: string; matter: string; issuedOn: Dayjs; replyWorkingDays: number; sourceType?: string; sourceId?: string }

export default function InquiriesPage() {
  const { t, tk } = useI18n();
  const { can, me } = useAuth();
  const navigate = useNavigate();
  const showError = useApiError();
  const [params, setParams] = useSearchParams();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<IssueValues>();
  const query = useMemo<InquiryQuery>(() => ({
    orgId: params.get('orgId') || undefined,
    status: (params.get('status') as InquiryStatus) || undefined,
    overdue: params.get('overdue') === '1' ? '1' : undefined,
    sort: (params.get('sort') as InquiryQuery['sort']) || undefined,
    order: (params.get('order') as InquiryQuery['order']) || undefined,
    page: Number(params.get('page')) || 1,
    pageSize: Number(params.get('pageSize')) || 20,
  }), [params]);
  const update = (patch: Record<string, string | undefined>, resetPage = true) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === '') next.delete(k);
      else next.set(k, v);
    }
    if (resetPage) next.delete('page');
    setParams(next, { replace: true });
  };
  const list = useAsync(() => inquiriesApi.list(query), [JSON.stringify(query)]);
  const { exporting, doExport } = useExport(() => inquiriesApi.export(query));
  const counts = list.data?.byStatus ?? {};

  const issue = async (v: IssueValues) => {
    setBusy(true);
    try {
      const { id } = await inquiriesApi.issue({
        orgId: v.orgId, officialId: v.officialId, matter: v.matter, issuedOn: v.issuedOn.format('YYYY-MM-DD'), replyWorkingDays: v.replyWorkingDays,
        sourceType: v.sourceType || null, sourceId: v.sourceId || null,
      });
      setOpen(false);
      navigate(`/inquiries/${id}`);
    } catch (e) {
      showError(e, form);
    } finally {
      setBusy(false);
    }
  };

  const sortOrder = (key: string) => ((query.sort ?? 'issuedOn') === key ? (query.order === 'asc' ? 'ascend' : 'descend') : null);
  const columns: TableProps<InquirySummary>['columns'] = [
    { title: t('inq.issuedOn'), dataIndex: 'issuedOn', key: 'issuedOn', width: 120, sorter: true, sortOrder: sortOrder('issuedOn') },
    { title: t('inq.official'), dataIndex: 'officialName', width: 110, render: (v: string, x) => <Link to={`/inquiries/${x.id}`}>{v}</Link> },
    { title: t('official.currentTitle'), dataIndex: 'officialTitle', ellipsis: true },
    { title: t('inq.matter'), dataIndex: 'matter', ellipsis: true },
    { title: t('inq.org'), dataIndex: 'orgName', ellipsis: true },
    { title: t('inq.replyDue'), dataIndex: 'replyDue', key: 'replyDue', width: 120, sorter: true, sortOrder: sortOrder('replyDue') },
    { title: t('inq.status'), dataIndex: 'status', width: 150, render: (v: string, x) => <InquiryStatusTag status={v} overdue={x.overdue} /> },
  ];

  return (
    <Card
      variant="borderless"
      title={<Typography.Title level={4} style={{ margin: 0 }}>{t('inq.list')}</Typography.Title>}
      extra={
        <Space>
          {can('inquiries.write') && <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid="new-inquiry">{t('inq.new')}</Button>}
          <Button icon={<ExportOutlined />} onClick={doExport} loading={exporting}>{t('common.export')}</Button>
        </Space>
      }
    >
      <Space wrap style={{ marginBottom: 16 }} size={[12, 12]}>
        <Segmented
          value={query.status ?? 'all'}
          onChange={(v) => update({ status: v === 'all' ? undefined : String(v) })}
          options={[{ value: 'all', label: t('common.all') }, ...INQUIRY_STATUSES.map((s) => ({ value: s, label: <Space size={4}>{tk('inq.status', s)}<Badge count={counts[s] ?? 0} showZero color="#8c8c8c" size="small" /></Space> }))]}
        />
        <OrgPicker value={query.orgId} onChange={(v) => update({ orgId: v as string | undefined })} style={{ width: 240 }} />
        <Checkbox checked={query.overdue === '1'} onChange={(e) => update({ overdue: e.target.checked ? '1' : undefined })}>{t('inq.overdueOnly')}</Checkbox>
      </Space>
      {list.error ? <ErrorState error={list.error} onRetry={list.reload} /> : (
        <Table<InquirySummary>
          rowKey="id"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.loading}
          onRow={(x) => ({ onDoubleClick: () => navigate(`/inquiries/${x.id}`) })}
          onChange={(pg, _f, sorter, extra) => {
            if (extra.action === 'sort') {
              const s = Array.isArray(sorter) ? sorter[0] : sorter;
              update({ sort: s?.order ? String(s.columnKey) : undefined, order: s?.order ? (s.order === 'descend' ? 'desc' : 'asc') : undefined });
            } else if (extra.action === 'paginate') update({ page: String(pg.current ?? 1), pageSize: String(pg.pageSize ?? 20) }, false);
          }}
          pagination={{ current: query.page, pageSize: query.pageSize, total: list.data?.total ?? 0, showSizeChanger: true, showTotal: (n) => t('common.total', { n }) }}
          data-testid="inquiries-table"
        />
      )}
      <Modal open={open} title={t('inq.new')} onCancel={() => setOpen(false)} onOk={() => form.submit()} confirmLoading={busy} okText={t('common.save')} cancelText={t('common.cancel')} width={640} destroyOnHidden>
        <Form<IssueValues> form={form} layout="vertical" onFinish={issue} initialValues={{ orgId: me?.orgId, issuedOn: dayjs(), replyWorkingDays: 15 }} data-testid="inquiry-form">
          <Form.Item name="officialId" label={t('inq.official')} rules={[{ required: true }]}><OfficialSelect /></Form.Item>
          <Form.Item name="orgId" label={t('inq.org')} rules={[{ required: true }]}><OrgPicker labels={me ? { [me.orgId]: me.orgName } : undefined} /></Form.Item>
          <Form.Item name="matter" label={t('inq.matter')} rules={[{ required: true, whitespace: true }]}><Input.TextArea rows={3} maxLength={2000} data-testid="inquiry-matter" /></Form.Item>
          <Space>
            <Form.Item name="issuedOn" label={t('inq.issuedOn')} rules={[{ required: true }]}><DatePicker /></Form.Item>
            <Form.Item name="replyWorkingDays" label={t('inq.workingDays')}><InputNumber min={1} max={60} /></Form.Item>
          </Space>
          <Space>
            <Form.Item name="sourceType" label={t('inq.sourceType')}><Input placeholder="petition / clue" maxLength={32} /></Form.Item>
            <Form.Item name="sourceId" label={t('inq.sourceId')}><Input maxLength={64} /></Form.Item>
          </Space>
        </Form>
      </Modal>
    </Card>
  );
}
