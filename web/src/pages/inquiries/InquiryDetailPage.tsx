// One written inquiry and its workflow: issue → written reply (with files) → the 一把手's opinion
// (team members only; a bare "同意" is refused) → assessment; the history of every step.
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { Alert, Button, Card, DatePicker, Descriptions, Form, Input, List, Radio, Space, Steps, Timeline, Typography, Upload } from 'antd';
import { PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { ApiError } from '../../api';
import { inquiriesApi, type InquiryDetail } from '../../api/talks';
import { useAuth } from '../../auth/AuthContext';
import { useI18n } from '../../i18n';
import { useApiError, useAsync } from '../../components/hooks';
import { ErrorState, Loading } from '../../components/PageState';
import { InquiryStatusTag } from './InquiriesPage';

const ASSESSED = ['accepted', 'not_accepted', 'escalated'];

/** The step in progress: the ones before it are done. */
function stepOf(d: InquiryDetail, stepCount: number): number {
  if (ASSESSED.includes(d.status)) return stepCount;
  return ({ issued: 1, replied: 2, signed: 3 } as Record<string, number>)[d.status] ?? 0;
}

function StepForm({ d, onDone }: { d: InquiryDetail; onDone: () => void }) {
  const { t, tk } = useI18n();
  const showError = useApiError();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    try {
      await fn();
      form.resetFields();
      onDone();
    } catch (e) {
      // The server names body fields as "body.<name>": show the message under that field as well.
      if (e instanceof ApiError && e.field?.startsWith('body.')) form.setFields([{ name: e.field.slice(5), errors: [e.message] }]);
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  const day = (v: Dayjs) => v.format('YYYY-MM-DD');
  if (d.status === 'issued') {
    return (
      <Form form={form} layout="vertical" initialValues={{ repliedOn: dayjs() }} onFinish={(v: { text: string; repliedOn: Dayjs }) => run(() => inquiriesApi.reply(d.id, { text: v.text, repliedOn: day(v.repliedOn) }))} data-testid="reply-form">
        <Form.Item name="text" label={t('inq.replyText')} rules={[{ required: true, whitespace: true }]}><Input.TextArea rows={5} maxLength={20000} /></Form.Item>
        <Form.Item name="repliedOn" label={t('inq.repliedOn')} rules={[{ required: true }]}><DatePicker /></Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>{t('inq.reply')}</Button>
      </Form>
    );
  }
  if (d.status === 'replied' && d.needsSignature) {
    return (
      <Form form={form} layout="vertical" initialValues={{ signedOn: dayjs() }} onFinish={(v: { signerName: string; opinion: string; signedOn: Dayjs }) => run(() => inquiriesApi.sign(d.id, { ...v, signedOn: day(v.signedOn) }))} data-testid="sign-form">
        <Alert type="warning" showIcon title={t('inq.opinionHint')} style={{ marginBottom: 12 }} />
        <Form.Item name="signerName" label={t('inq.signerName')} rules={[{ required: true, whitespace: true }]}><Input maxLength={40} /></Form.Item>
        <Form.Item name="opinion" label={t('inq.opinion')} rules={[{ required: true, whitespace: true }]}><Input.TextArea rows={4} maxLength={5000} /></Form.Item>
        <Form.Item name="signedOn" label={t('inq.signedOn')} rules={[{ required: true }]}><DatePicker /></Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>{t('inq.sign')}</Button>
      </Form>
    );
  }
  if (d.status === 'replied' || d.status === 'signed') {
    return (
      <Form form={form} layout="vertical" initialValues={{ assessedOn: dayjs(), result: 'accepted' }} onFinish={(v: { result: 'accepted'; reason: string; assessedOn: Dayjs }) => run(() => inquiriesApi.assess(d.id, { ...v, assessedOn: day(v.assessedOn) }))} data-testid="assess-form">
        <Form.Item name="result" label={t('inq.result')} rules={[{ required: true }]}>
          <Radio.Group optionType="button" options={ASSESSED.map((s) => ({ value: s, label: tk('inq.status', s) }))} />
        </Form.Item>
        <Form.Item name="reason" label={t('inq.reason')} rules={[{ required: true, whitespace: true }]}><Input.TextArea rows={3} maxLength={5000} /></Form.Item>
        <Form.Item name="assessedOn" label={t('inq.assessedOn')} rules={[{ required: true }]}><DatePicker /></Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>{t('inq.assess')}</Button>
      </Form>
    );
  }
  return null;
}

export default function InquiryDetailPage() {
  const { id = '' } = useParams();
  const { t, tk } = useI18n();
  const { can } = useAuth();
  const showError = useApiError();
  const inq = useAsync(() => inquiriesApi.get(id), [id]);
  const [uploading, setUploading] = useState(false);
  if (inq.error) return <ErrorState error={inq.error} onRetry={inq.reload} />;
  if (!inq.data) return <Loading />;
  const d = inq.data;
  const writable = can('inquiries.write');
  const steps = [
    { title: t('inq.step.issue'), description: d.issuedOn },
    { title: t('inq.step.reply'), description: d.repliedOn ?? `${t('inq.replyDue')} ${d.replyDue}` },
    ...(d.needsSignature ? [{ title: t('inq.step.sign'), description: d.signedOn ?? '' }] : []),
    { title: t('inq.step.assess'), description: d.assessedOn ? tk('inq.status', d.status) : '' },
  ];

  return (
    <Space direction="vertical" style={{ width: '100%' }} size={16}>
      <Card variant="borderless" title={<Space><Typography.Title level={4} style={{ margin: 0 }}>{t('inq.detail')}：{d.officialName}</Typography.Title><InquiryStatusTag status={d.status} overdue={d.overdue} /></Space>}>
        <Steps current={stepOf(d, steps.length)} items={steps} style={{ marginBottom: 24 }} data-testid="inquiry-steps" />
        <Descriptions column={2} size="small" bordered>
          <Descriptions.Item label={t('inq.official')}>{d.officialName} {d.officialTitle ?? ''}</Descriptions.Item>
          <Descriptions.Item label={t('inq.org')}>{d.orgName}</Descriptions.Item>
          <Descriptions.Item label={t('inq.matter')} span={2}>{d.matter}</Descriptions.Item>
          <Descriptions.Item label={t('inq.issuedOn')}>{d.issuedOn}</Descriptions.Item>
          <Descriptions.Item label={t('inq.replyDue')}>{d.replyDue}</Descriptions.Item>
          <Descriptions.Item label={t('inq.source')}>{d.sourceType ? `${d.sourceType} ${d.sourceId}` : '—'}</Descriptions.Item>
          <Descriptions.Item label={t('inq.needsSignature')}>{d.needsSignature ? t('common.yes') : t('common.no')}</Descriptions.Item>
          {d.replyText && <Descriptions.Item label={t('inq.replyText')} span={2}>{d.replyText}</Descriptions.Item>}
          {d.signerOpinion && <Descriptions.Item label={t('inq.opinion')} span={2}>{d.signerOpinion}（{d.signerName}，{d.signedOn}）</Descriptions.Item>}
          {d.assessmentReason && <Descriptions.Item label={t('inq.result')} span={2}>{tk('inq.status', d.status)}：{d.assessmentReason}（{d.assessedOn}）</Descriptions.Item>}
        </Descriptions>
      </Card>
      {writable && !ASSESSED.includes(d.status) && <Card variant="borderless"><StepForm key={d.status} d={d} onDone={inq.reload} /></Card>}
      <Card variant="borderless" title={t('inq.attachments')}
        extra={writable && !ASSESSED.includes(d.status) && (
          <Upload showUploadList={false} beforeUpload={(f) => {
            setUploading(true);
            inquiriesApi.attach(id, f).then(inq.reload, showError).finally(() => setUploading(false));
            return false;
          }}>
            <Button icon={<UploadOutlined />} loading={uploading} data-testid="inquiry-attach">{t('inq.attach')}</Button>
          </Upload>
        )}>
        <List dataSource={d.attachments} locale={{ emptyText: t('talk.none') }}
          renderItem={(a) => (
            <List.Item>
              <Button type="link" icon={<PaperClipOutlined />} onClick={() => inquiriesApi.download(id, a.id, a.filename).catch(showError)}>{a.filename}</Button>
              <Typography.Text type="secondary">{Math.ceil(a.size / 1024)} KB · {a.createdAt.slice(0, 10)}</Typography.Text>
            </List.Item>
          )} />
      </Card>
      <Card variant="borderless" title={t('inq.history')}>
        <Timeline items={d.history.map((h) => ({ children: <>{h.at.slice(0, 16).replace('T', ' ')} {h.actorName}：{tk('inq.status', h.toStatus)}{h.note ? `（${h.note}）` : ''}</> }))} data-testid="inquiry-history" />
      </Card>
    </Space>
  );
}
