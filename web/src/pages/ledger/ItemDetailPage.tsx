// One ledger item: its place in the tree, particulars, hand-downs, every report version with its
// evidence, the timeline; the report form for the lead unit, review for the reviewing body, and the owner's actions.
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import {
  App, Breadcrumb, Button, Card, Checkbox, Col, DatePicker, Descriptions, Empty, Form, Input, InputNumber, List, Modal, Popconfirm, Row, Space, Tag, Timeline, Typography, Upload,
} from 'antd';
import type { UploadFile } from 'antd';
import { PaperClipOutlined, SendOutlined, ShareAltOutlined, UploadOutlined } from '@ant-design/icons';
import { ledgerApi, type LedgerItemDetail, type LedgerReport } from '../../api';
import { useAuth } from '../../auth/AuthContext';
import { useI18n } from '../../i18n';
import { useApiError, useAsync } from '../../components/hooks';
import { ErrorState, Loading } from '../../components/PageState';
import { OrgPicker } from '../../components/OrgPicker';
import { StatusTag } from './common';
import { ItemModal } from './ItemForm';

const REPORT_COLOR: Record<string, string> = { submitted: 'processing', accepted: 'success', returned: 'error' };

export function ReviewButtons({ reportId, onDone }: { reportId: string; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const showError = useApiError();
  const [returning, setReturning] = useState(false);
  const [reason, setReason] = useState('');
  const act = async (decision: 'accept' | 'return') => {
    try {
      await ledgerApi.review(reportId, { decision, reason: decision === 'return' ? reason : null });
      void message.success(t('common.done'));
      setReturning(false);
      onDone();
    } catch (e) {
      showError(e);
    }
  };
  return (
    <Space>
      <Button size="small" type="primary" onClick={() => void act('accept')} data-testid={`accept-${reportId}`}>{t('ledger.accept')}</Button>
      <Button size="small" danger onClick={() => setReturning(true)} data-testid={`return-${reportId}`}>{t('ledger.return')}</Button>
      <Modal open={returning} title={t('ledger.returnReason')} onCancel={() => setReturning(false)} onOk={() => void act('return')} okButtonProps={{ disabled: !reason.trim() }}>
        <Input.TextArea rows={3} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={1000} data-testid="return-reason" />
      </Modal>
    </Space>
  );
}

function ReportCard({ r, canReview, onChanged }: { r: LedgerReport; canReview: boolean; onChanged: () => void }) {
  const { t, tk } = useI18n();
  const showError = useApiError();
  return (
    <List.Item data-testid={`report-v${r.version}`}>
      <List.Item.Meta
        title={<Space wrap><span>{t('ledger.version', { n: r.version })}</span><Tag color={REPORT_COLOR[r.state]}>{tk('ledger.reportState', r.state)}</Tag>
          <Typography.Text type="secondary">{r.orgName} · {r.reportedOn} · {r.progress}%</Typography.Text>{r.completes && <Tag color="green">{t('ledger.reportCompletes')}</Tag>}</Space>}
        description={
          <>
            <Typography.Paragraph style={{ marginBottom: 4 }}>{r.text}</Typography.Paragraph>
            {r.figures && <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>{r.figures}</Typography.Paragraph>}
            {r.attachments.map((a) => (
              <div key={a.id}><Button type="link" size="small" icon={<PaperClipOutlined />} onClick={() => ledgerApi.downloadAttachment(r.id, a).catch(showError)}>{a.filename}</Button>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>{Math.ceil(a.size / 1024)} KB · {a.hash.slice(0, 16)}…</Typography.Text></div>
            ))}
            {r.reviewNote && <Typography.Paragraph type={r.state === 'returned' ? 'danger' : 'secondary'}>{t('ledger.reviewNote')}：{r.reviewNote}</Typography.Paragraph>}
            {canReview && r.state === 'submitted' && <ReviewButtons reportId={r.id} onDone={onChanged} />}
          </>
        }
      />
    </List.Item>
  );
}

function ReportForm({ item, onSent }: { item: LedgerItemDetail; onSent: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const showError = useApiError();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const { id } = await ledgerApi.report(item.id, { text: v.text, progress: v.progress, figures: v.figures || null, completes: !!v.completes });
      for (const f of files) await ledgerApi.attach(id, f.originFileObj as File);
      void message.success(t('ledger.reportSent'));
      form.resetFields();
      setFiles([]);
      onSent();
    } catch (e) {
      showError(e, form);
      onSent();
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={t('ledger.report')} size="small" style={{ marginBottom: 16 }} data-testid="report-form">
      <Form form={form} layout="vertical" initialValues={{ progress: 50 }}>
        <Form.Item name="text" label={t('ledger.reportText')} rules={[{ required: true, message: t('common.required') }]}><Input.TextArea rows={3} maxLength={4000} data-testid="report-text" /></Form.Item>
        <Form.Item name="figures" label={t('ledger.reportFigures')}><Input maxLength={1000} /></Form.Item>
        <Space size={24} align="start">
          <Form.Item name="progress" label={t('ledger.reportProgress')}><InputNumber min={0} max={100} addonAfter="%" data-testid="report-progress" /></Form.Item>
          <Form.Item name="completes" valuePropName="checked" label=" "><Checkbox data-testid="report-completes">{t('ledger.reportCompletes')}</Checkbox></Form.Item>
        </Space>
        <Form.Item label={t('ledger.reportFiles')}>
          <Upload fileList={files} multiple beforeUpload={() => false} onChange={({ fileList }) => setFiles(fileList)} accept=".pdf,.doc,.docx,.xls,.xlsx,.jpg,.jpeg,.png,.ofd,.zip,.txt">
            <Button icon={<UploadOutlined />}>{t('ledger.addFile')}</Button>
          </Upload>
        </Form.Item>
        <Button type="primary" icon={<SendOutlined />} loading={busy} onClick={() => void submit()} data-testid="report-submit">{t('common.submit')}</Button>
      </Form>
    </Card>
  );
}

function AssignModal({ item, open, onClose, onDone }: { item: LedgerItemDetail; open: boolean; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm();
  const showError = useApiError();
  return (
    <Modal open={open} title={t('ledger.assignTitle')} onCancel={onClose} destroyOnHidden
      onOk={async () => {
        const v = await form.validateFields();
        try {
          await ledgerApi.assign(item.id, { orgIds: v.orgIds, note: v.note || null, deadline: v.deadline ? v.deadline.format('YYYY-MM-DD') : null });
          onDone();
        } catch (e) {
          showError(e, form);
        }
      }}>
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="orgIds" label={t('ledger.assignOrgs')} rules={[{ required: true, message: t('common.required') }]}><OrgPicker multiple id="assign-orgs" /></Form.Item>
        <Form.Item name="note" label={t('ledger.assignNote')}><Input.TextArea rows={2} maxLength={500} /></Form.Item>
        <Form.Item name="deadline" label={t('ledger.deadline')}><DatePicker /></Form.Item>
      </Form>
    </Modal>
  );
}

export default function ItemDetailPage() {
  const { id = '' } = useParams();
  const { t, tk } = useI18n();
  const { can } = useAuth();
  const navigate = useNavigate();
  const showError = useApiError();
  const item = useAsync(() => ledgerApi.item(id), [id]);
  const [assignOpen, setAssignOpen] = useState(false);
  const [childOpen, setChildOpen] = useState(false);
  if (item.error) return <ErrorState error={item.error} onRetry={item.reload} />;
  if (!item.data) return <Loading />;
  const d = item.data;
  const setState = async (state: string) => {
    try {
      await ledgerApi.updateItem(d.id, { state });
      item.reload();
    } catch (e) {
      showError(e);
    }
  };
  return (
    <>
      <Breadcrumb style={{ marginBottom: 12 }} items={[
        { title: <Link to={`/ledger?documentId=${d.documentId}`}>{d.documentTitle}</Link> },
        ...d.ancestors.map((a) => ({ title: <Link to={`/ledger/items/${a.id}`}>{a.code} {a.title}</Link> })),
        { title: d.code },
      ]} />
      <Card variant="borderless" style={{ marginBottom: 16 }}
        title={<Space wrap><Typography.Title level={4} style={{ margin: 0 }}>{d.code} {d.title}</Typography.Title><StatusTag status={d.status} /></Space>}
        extra={d.canEdit && (
          <Space wrap>
            {d.state === 'open' && <Button icon={<ShareAltOutlined />} onClick={() => setAssignOpen(true)} data-testid="assign-button">{t('ledger.assign')}</Button>}
            {d.state === 'open' && <Button onClick={() => setChildOpen(true)}>{t('ledger.addChild')}</Button>}
            {d.state === 'open' ? (
              <>
                <Button onClick={() => void setState('closed')}>{t('ledger.close')}</Button>
                <Button onClick={() => void setState('withdrawn')}>{t('ledger.withdraw')}</Button>
              </>
            ) : <Button onClick={() => void setState('open')}>{t('ledger.reopen')}</Button>}
            <Popconfirm title={t('ledger.deleteConfirm')} onConfirm={async () => {
              try {
                await ledgerApi.deleteItem(d.id);
                navigate(`/ledger?documentId=${d.documentId}`);
              } catch (e) {
                showError(e);
              }
            }}><Button danger>{t('ledger.deleteItem')}</Button></Popconfirm>
          </Space>
        )}>
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} bordered>
          <Descriptions.Item label={t('ledger.kind')}>{tk('ledger.kind', d.kind)}</Descriptions.Item>
          <Descriptions.Item label={t('ledger.lead')}>{d.leadOrgName}</Descriptions.Item>
          <Descriptions.Item label={t('ledger.coop')}>{d.cooperatingOrgs.map((o) => o.name).join('、') || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('ledger.owner')}>{d.ownerName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('ledger.deadline')}>{d.deadline ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('ledger.cycle')}>{tk('ledger.cycle', d.cycle)}</Descriptions.Item>
          <Descriptions.Item label={t('ledger.progress')}>{d.childCount ? t('ledger.leavesDone', { done: d.leavesDone, total: d.leaves }) : <StatusTag status={d.status} />}</Descriptions.Item>
          <Descriptions.Item label={t('ledger.lastReport')}>{d.lastReportOn ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('ledger.handedFrom')}>{d.handedDownFrom ? `${d.handedDownFrom.orgName}：${d.handedDownFrom.code} ${d.handedDownFrom.title}` : '—'}</Descriptions.Item>
          <Descriptions.Item label={t('ledger.content')} span={3}>{d.content ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('ledger.outcome')}>{d.outcome ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('ledger.measureBy')}>{d.measureBy ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('ledger.evidence')}>{d.evidence ?? '—'}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Row gutter={16}>
        <Col xs={24} lg={15}>
          {d.canReport && <ReportForm item={d} onSent={item.reload} />}
          <Card title={t('ledger.reports')} size="small" style={{ marginBottom: 16 }}>
            {d.reports.length ? (
              <List dataSource={d.reports} renderItem={(r) => <ReportCard r={r} canReview={can('ledger.review')} onChanged={item.reload} />} />
            ) : <Empty description={t('common.noData')} />}
          </Card>
          {d.assignments.length > 0 && (
            <Card title={t('ledger.assignments')} size="small" style={{ marginBottom: 16 }}>
              <List size="small" dataSource={d.assignments} renderItem={(a) => (
                <List.Item><Link to={`/ledger/items/${a.childItemId}`}>{a.orgName}</Link><Typography.Text type="secondary">{a.assignedAt.slice(0, 10)} {a.note ?? ''}</Typography.Text></List.Item>
              )} />
            </Card>
          )}
        </Col>
        <Col xs={24} lg={9}>
          <Card title={t('ledger.timeline')} size="small">
            <Timeline items={d.timeline.map((e) => ({
              color: e.kind === 'returned' ? 'red' : e.kind === 'accepted' ? 'green' : 'blue',
              children: <><Typography.Text type="secondary">{e.at.slice(0, 10)}</Typography.Text> {e.text}</>,
            }))} />
          </Card>
        </Col>
      </Row>
      <AssignModal item={d} open={assignOpen} onClose={() => setAssignOpen(false)} onDone={() => { setAssignOpen(false); item.reload(); }} />
      {childOpen && <ItemModal open documentId={d.documentId} parent={d} onClose={() => setChildOpen(false)} onSaved={(cid) => { setChildOpen(false); navigate(`/ledger/items/${cid}`); }} />}
    </>
  );
}
