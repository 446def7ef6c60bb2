// One report: particulars, subjects, masked reporter with the two-person reveal, the matter and its
// repeats, status changes, attachments. Reading it is audited on the server.
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { Alert, App, Button, Card, Descriptions, Input, Modal, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import { ArrowLeftOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { http } from '../../api/client';
import { petitionsApi, type PetitionStatus, type RepeatCandidate, type RevealView } from '../../api/petitions';
import { useAuth } from '../../auth/AuthContext';
import { useApiError, useAsync } from '../../components/hooks';
import { ErrorState, Loading } from '../../components/PageState';
import { useI18n } from '../../i18n';
import { PetitionStatusTag, SubjectTags } from './shared';

const NEXT: Record<PetitionStatus, PetitionStatus[]> = {
  registered: ['processing', 'to_clue', 'closed'], processing: ['to_clue', 'closed'], to_clue: ['processing', 'closed'], closed: ['processing'],
};

export default function PetitionDetailPage() {
  const { id = '' } = useParams();
  const { t, tk } = useI18n();
  const { can } = useAuth();
  const navigate = useNavigate();
  const { modal, message } = App.useApp();
  const showError = useApiError();
  const detail = useAsync(() => petitionsApi.get(id), [id]);
  const repeats = useAsync(() => petitionsApi.repeats(id), [id]);
  const [reason, setReason] = useState('');
  const [askOpen, setAskOpen] = useState(false);
  const [next, setNext] = useState<PetitionStatus | undefined>();
  const [result, setResult] = useState('');
  const write = can('petitions.write');

  if (detail.loading && !detail.data) return <Loading />;
  if (detail.error || !detail.data) return <ErrorState error={detail.error} onRetry={detail.reload} />;
  const p = detail.data;
  const run = async (fn: () => Promise<unknown>, ok?: string) => {
    try {
      await fn();
      if (ok) void message.success(ok);
      detail.reload();
      repeats.reload();
    } catch (e) {
      showError(e);
    }
  };
  // 转为问题线索: the clues module takes subjects and classification from the report.
  const makeClue = async () => {
    try {
      const clue = await http.post<{ id: string }>('/api/clues/from-petition', { petitionId: p.id });
      if (p.status === 'registered' || p.status === 'processing') await petitionsApi.setStatus(p.id, 'to_clue');
      navigate(`/clues/${clue.id}`);
    } catch (e) {
      showError(e);
    }
  };
  const showIdentity = async (r: RevealView) => {
    try {
      const who = await petitionsApi.identity(p.id, r.id);
      modal.info({
        title: t('reveal.title'),
        content: (
          <Descriptions column={1} size="small" data-testid="identity">
            <Descriptions.Item label={t('petition.reporterName')}>{who.name ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('petition.reporterId')}>{who.idNumber ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('petition.reporterContact')}>{who.contact ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('reveal.expires')}>{who.expiresAt.slice(0, 16).replace('T', ' ')}</Descriptions.Item>
            <Descriptions.Item label="">{t('reveal.audited')}</Descriptions.Item>
          </Descriptions>
        ),
      });
      detail.reload();
    } catch (e) {
      showError(e);
    }
  };

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card
        variant="borderless"
        title={<Space><Button icon={<ArrowLeftOutlined />} type="text" onClick={() => navigate('/petitions')} /><Typography.Title level={4} style={{ margin: 0 }}>{p.serial}</Typography.Title><PetitionStatusTag status={p.status} /></Space>}
        extra={write && (
          <Space>
            {can('clues.write') && p.status !== 'closed' && (
              <Button onClick={makeClue} data-testid="make-clue-button">{t('petition.makeClue')}</Button>
            )}
            <Select placeholder={t('petition.moveTo')} style={{ width: 140 }} value={next} onChange={setNext} options={NEXT[p.status].map((s) => ({ value: s, label: tk('pstatus', s) }))} data-testid="status-next" />
            {next === 'closed' && <Input placeholder={t('petition.result')} value={result} onChange={(e) => setResult(e.target.value)} style={{ width: 260 }} data-testid="status-result" />}
            <Button type="primary" disabled={!next} onClick={() => run(() => petitionsApi.setStatus(p.id, next!, result || undefined), t('common.saved')).then(() => setNext(undefined))} data-testid="status-save">{t('common.save')}</Button>
          </Space>
        )}
      >
        <Descriptions column={3} size="small" bordered data-testid="petition-detail">
          <Descriptions.Item label={t('petition.summary')} span={3}>{p.summary}</Descriptions.Item>
          <Descriptions.Item label={t('petition.org')}>{p.orgName}</Descriptions.Item>
          <Descriptions.Item label={t('petition.channel')}>{tk('channel', p.channel)}</Descriptions.Item>
          <Descriptions.Item label={t('petition.receivedAt')}>{p.receivedAt}</Descriptions.Item>
          <Descriptions.Item label={t('petition.discipline')}>{tk('discipline', p.discipline)}</Descriptions.Item>
          <Descriptions.Item label={t('petition.sector')}>{tk('sector', p.sector)}</Descriptions.Item>
          <Descriptions.Item label={t('petition.matter')}>{t('petition.matterCount', { n: p.matter.reportCount })}</Descriptions.Item>
          <Descriptions.Item label={t('petition.subjects')} span={3}><SubjectTags subjects={p.subjects} /></Descriptions.Item>
          <Descriptions.Item label={t('petition.content')} span={3}><Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{p.content}</Typography.Paragraph></Descriptions.Item>
          {p.result && <Descriptions.Item label={t('petition.result')} span={3}>{p.result}</Descriptions.Item>}
        </Descriptions>
      </Card>

      <Card variant="borderless" title={t('reveal.title')} size="small"
        extra={!p.anonymous && can('petitions.reveal-request') && <Button onClick={() => setAskOpen(true)} data-testid="reveal-request">{t('reveal.request')}</Button>}>
        {p.anonymous ? <Tag>{t('petition.anonymous')}</Tag> : (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Space size={24} data-testid="reporter-masked">
              <span>{t('petition.reporterName')}：{p.reporter.nameMasked ?? '—'}</span>
              <span>{t('petition.reporterId')}：{p.reporter.idNumberMasked ?? '—'}</span>
              <span>{t('petition.reporterContact')}：{p.reporter.contactMasked ?? '—'}</span>
            </Space>
            <Typography.Text type="secondary">{t('petition.identityNote')}</Typography.Text>
            {p.reveals.length > 0 && (
              <Table<RevealView> size="small" rowKey="id" pagination={false} dataSource={p.reveals} data-testid="reveals"
                columns={[
                  { title: t('reveal.requester'), dataIndex: 'requestedByName', width: 120 },
                  { title: t('reveal.reason'), dataIndex: 'reason', ellipsis: true },
                  { title: t('petition.status'), dataIndex: 'status', width: 90, render: (s: string) => tk('reveal.status', s) },
                  { title: t('reveal.decider'), dataIndex: 'decidedByName', width: 110, render: (v: string | null) => v ?? '—' },
                  { title: t('reveal.expires'), dataIndex: 'expiresAt', width: 150, render: (v: string | null) => (v ? v.slice(0, 16).replace('T', ' ') : '—') },
                  { title: t('reveal.views'), dataIndex: 'views', width: 80 },
                  {
                    title: t('common.actions'), key: 'a', width: 170, render: (_, r) => (
                      <Space>
                        {r.canDecide && <Button size="small" type="link" onClick={() => run(() => petitionsApi.decideReveal(p.id, r.id, true))} data-testid="reveal-approve">{t('reveal.approve')}</Button>}
                        {r.canDecide && <Button size="small" type="link" danger onClick={() => run(() => petitionsApi.decideReveal(p.id, r.id, false))}>{t('reveal.reject')}</Button>}
                        {r.canView && <Button size="small" type="link" onClick={() => showIdentity(r)} data-testid="reveal-view">{t('reveal.view')}</Button>}
                      </Space>
                    ),
                  },
                ]} />
            )}
          </Space>
        )}
      </Card>

      <Card variant="borderless" size="small" title={t('petition.matterReports')}>
        <Table size="small" rowKey="id" pagination={false} dataSource={p.matterReports} data-testid="matter-reports"
          columns={[
            { title: t('petition.serial'), dataIndex: 'serial', width: 160, render: (v: string, r) => (r.id === p.id ? v : <Link to={`/petitions/${r.id}`}>{v}</Link>) },
            { title: t('petition.receivedAt'), dataIndex: 'receivedAt', width: 120 },
            { title: t('petition.summary'), dataIndex: 'summary', ellipsis: true },
            { title: t('petition.status'), dataIndex: 'status', width: 100, render: (s: PetitionStatus) => <PetitionStatusTag status={s} /> },
          ]} />
        <Typography.Title level={5} style={{ marginTop: 16 }}>{t('petition.repeats')}</Typography.Title>
        {repeats.data && repeats.data.items.length === 0 ? <Alert type="info" showIcon title={t('petition.noRepeats')} /> : (
          <Table<RepeatCandidate> size="small" rowKey="petitionId" pagination={false} dataSource={repeats.data?.items ?? []} loading={repeats.loading} data-testid="repeat-candidates"
            columns={[
              { title: t('petition.serial'), dataIndex: 'serial', width: 160, render: (v: string, r) => <Link to={`/petitions/${r.petitionId}`}>{v}</Link> },
              { title: t('petition.receivedAt'), dataIndex: 'receivedAt', width: 120 },
              { title: t('petition.summary'), dataIndex: 'summary', ellipsis: true },
              { title: t('petition.matter'), dataIndex: 'matterReportCount', width: 120, render: (n: number) => t('petition.matterCount', { n }) },
              { title: t('petition.similarity'), dataIndex: 'similarity', width: 90, render: (s: number) => `${Math.round(s * 100)}%` },
              ...(write ? [{ title: t('common.actions'), key: 'a', width: 120, render: (_: unknown, c: RepeatCandidate) => <Button size="small" type="link" onClick={() => run(() => petitionsApi.linkMatter(p.id, c.matterId), t('common.saved'))} data-testid="link-repeat">{t('petition.asRepeat')}</Button> }] : []),
            ]} />
        )}
      </Card>

      <Card variant="borderless" size="small" title={t('petition.attachments')}
        extra={write && (
          <Upload showUploadList={false} beforeUpload={(f) => { void run(() => petitionsApi.attach(p.id, f), t('common.saved')); return false; }}>
            <Button icon={<UploadOutlined />}>{t('petition.upload')}</Button>
          </Upload>
        )}>
        {p.attachments.length === 0 ? <Typography.Text type="secondary">{t('common.none')}</Typography.Text> : (
          <Space direction="vertical">
            {p.attachments.map((a) => (
              <Button key={a.id} type="link" icon={<PaperClipOutlined />} onClick={() => petitionsApi.downloadAttachment(p.id, a).catch(showError)}>
                {a.filename}（{Math.ceil(a.size / 1024)} KB）
              </Button>
            ))}
          </Space>
        )}
      </Card>

      <Modal open={askOpen} title={t('reveal.request')} onCancel={() => setAskOpen(false)} okButtonProps={{ disabled: reason.trim().length < 4 }}
        onOk={() => run(() => petitionsApi.requestReveal(p.id, reason.trim()), t('reveal.requested')).then(() => { setAskOpen(false); setReason(''); })}>
        <Input.TextArea rows={3} placeholder={t('reveal.reason')} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="reveal-reason" />
      </Modal>
    </Space>
  );
}
