// One clue: particulars and subjects, the next steps the user may take (propose, approve, conclude,
// transfer, link), the disposal approvals, transfers, consultations and the full history.
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { Alert, App, Button, Card, Descriptions, Space, Table, Tag, Timeline, Typography } from 'antd';
import { ArrowLeftOutlined, AuditOutlined, CheckCircleOutlined, LinkOutlined, SendOutlined, SolutionOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useI18n } from '../../i18n';
import { useAsync } from '../../components/hooks';
import { ErrorState, Loading } from '../../components/PageState';
import { cluesApi, type ClueDetail, type Disposal, type Transfer } from './api';
import { ConcludeModal, DecideModal, LinkModal, ProposeModal, TransferModal } from './ClueForms';
import { ClueStateTag, FormTag, MethodTag, OverdueTag } from './tags';

type Dialog = 'propose' | 'decide' | 'conclude' | 'transfer' | 'link' | null;
const when = (s: string | null) => (s ? dayjs(s).format('YYYY-MM-DD HH:mm') : '—');

export default function ClueDetailPage() {
  const { id = '' } = useParams();
  const { t, tk } = useI18n();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const clue = useAsync(() => cluesApi.get(id), [id]);
  const [dialog, setDialog] = useState<Dialog>(null);

  if (clue.loading && !clue.data) return <Loading />;
  if (clue.error) return <ErrorState error={clue.error} onRetry={clue.reload} />;
  const c = clue.data;
  if (!c) return null;
  const done = () => {
    setDialog(null);
    void message.success(t('clue.saved'));
    clue.reload();
  };

  const eventText = (e: ClueDetail['events'][number]) => {
    const d = e.detail as Record<string, string | number | null | undefined>;
    const parts = [tk('clue.ev', e.action)];
    if (d.method) parts.push(tk('clue.m', String(d.method)));
    if (d.deadline) parts.push(`${t('clue.deadline')} ${d.deadline}`);
    if (d.form) parts.push(tk('clue.f', String(d.form)));
    if (d.sanction) parts.push(String(d.sanction));
    if (d.toOrgName) parts.push(`→ ${d.toOrgName}`);
    if (d.title) parts.push(`《${d.title}》`);
    for (const k of ['reason', 'note', 'outcome', 'result', 'opinion'] as const) if (d[k]) parts.push(`“${d[k]}”`);
    return parts.join('，');
  };

  const disposalColumns = [
    { title: t('clue.method'), dataIndex: 'method', width: 110, render: (m: Disposal['method']) => <MethodTag method={m} /> },
    { title: t('clue.deadline'), dataIndex: 'deadline', width: 110 },
    { title: t('clue.reason'), dataIndex: 'reason', ellipsis: true },
    { title: t('clue.proposedBy'), key: 'p', width: 170, render: (_: unknown, d: Disposal) => `${d.proposedBy.name} ${when(d.proposedAt)}` },
    { title: t('clue.decidedBy'), key: 'd', width: 170, render: (_: unknown, d: Disposal) => (d.decidedBy ? `${d.decidedBy.name} ${when(d.decidedAt)}` : '—') },
    { title: t('transfer.status'), dataIndex: 'status', width: 90, render: (s: string) => <Tag color={s === 'approved' ? 'success' : s === 'rejected' ? 'error' : 'gold'}>{tk('clue.ds', s)}</Tag> },
    { title: t('clue.decisionNote'), dataIndex: 'decisionNote', ellipsis: true, render: (v: string | null) => v ?? '—' },
  ];
  const transferColumns = [
    { title: t('transfer.to'), dataIndex: 'toOrgName', ellipsis: true },
    { title: t('transfer.sentDate'), dataIndex: 'sentDate', width: 110 },
    { title: t('transfer.feedbackDue'), dataIndex: 'feedbackDue', width: 130, render: (v: string, x: Transfer) => <Space size={2}>{v}{x.overdue && <OverdueTag />}</Space> },
    { title: t('transfer.status'), dataIndex: 'status', width: 130, render: (s: string) => tk('transfer.st', s) },
    { title: t('transfer.result'), dataIndex: 'result', ellipsis: true, render: (v: string | null) => v ?? '—' },
  ];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card variant="borderless"
        title={
          <Space wrap>
            <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate('/clues')} aria-label={t('clue.back')} />
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="clue-code">{c.code}</Typography.Title>
            <ClueStateTag state={c.state} />
            <MethodTag method={c.method} />
            {c.overdue && <OverdueTag />}
            <FormTag form={c.form} />
          </Space>
        }
        extra={
          <Space wrap>
            {c.can.propose && <Button type="primary" icon={<SolutionOutlined />} onClick={() => setDialog('propose')} data-testid="propose-button">{t('clue.propose')}</Button>}
            {c.can.approve && <Button type="primary" icon={<AuditOutlined />} onClick={() => setDialog('decide')} data-testid="decide-button">{t('clue.decide')}</Button>}
            {c.can.conclude && <Button type="primary" icon={<CheckCircleOutlined />} onClick={() => setDialog('conclude')} data-testid="conclude-button">{t('clue.conclude')}</Button>}
            {c.can.transfer && <Button icon={<SendOutlined />} onClick={() => setDialog('transfer')} data-testid="transfer-button">{t('clue.transfer')}</Button>}
            {c.can.link && <Button icon={<LinkOutlined />} onClick={() => setDialog('link')}>{t('clue.link')}</Button>}
          </Space>
        }>
        {c.pendingDisposal && (
          <Alert style={{ marginBottom: 16 }} type="warning" showIcon data-testid="pending-alert"
            title={t('clue.pending', { method: tk('clue.m', c.pendingDisposal.method), deadline: c.pendingDisposal.deadline, name: c.pendingDisposal.proposedBy.name })}
            description={c.can.approve ? undefined : t('clue.proposerCannotApprove')} />
        )}
        <Descriptions bordered size="small" column={{ xs: 1, md: 2, xl: 3 }}>
          <Descriptions.Item label={t('clue.org')}>{c.orgName}</Descriptions.Item>
          <Descriptions.Item label={t('clue.source')}>
            {tk('clue.src', c.source)}
            {c.petitionId && <> · <Link to={`/petitions/${c.petitionId}`}>{t('clue.petition')}</Link></>}
            {c.transferredFrom && <> · {t('clue.transferredFrom', { org: c.transferredFrom.orgName, date: c.transferredFrom.sentDate })}</>}
          </Descriptions.Item>
          <Descriptions.Item label={t('clue.receivedDate')}>{c.receivedDate}</Descriptions.Item>
          <Descriptions.Item label={t('clue.subjects')} span={2}>
            <Space size={4} wrap>
              {c.subjects.map((s) => s.type === 'official'
                ? <Link key={s.id} to={`/officials/${s.id}`}>{s.name}{s.orgName ? `（${s.orgName}）` : ''}</Link>
                : <Tag key={s.id}>{s.name}</Tag>)}
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label={t('clue.discipline')}>{tk('clue.d', c.discipline)}{c.sector ? ` · ${tk('clue.sec', c.sector)}` : ''}</Descriptions.Item>
          <Descriptions.Item label={t('clue.summary')} span={3}><Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{c.summary}</Typography.Paragraph></Descriptions.Item>
          <Descriptions.Item label={t('clue.deadline')}>{c.deadline ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('clue.form')}>{c.form ? <FormTag form={c.form} /> : '—'}</Descriptions.Item>
          <Descriptions.Item label={t('clue.sanction')}>{c.sanction ?? '—'}</Descriptions.Item>
          {c.outcome && <Descriptions.Item label={t('clue.outcome')} span={3}>{c.outcome}</Descriptions.Item>}
          {c.linkedId && <Descriptions.Item label={t('clue.linked')} span={3}>{c.linkedType} · {c.linkedId}</Descriptions.Item>}
        </Descriptions>
      </Card>

      <Card size="small" title={t('clue.disposals')}>
        <Table<Disposal> rowKey="id" size="small" pagination={false} columns={disposalColumns} dataSource={c.disposals} locale={{ emptyText: '—' }} data-testid="disposals-table" />
      </Card>
      {c.transfers.length > 0 && (
        <Card size="small" title={t('clue.transfers')}>
          <Table<Transfer> rowKey="id" size="small" pagination={false} columns={transferColumns} dataSource={c.transfers} />
        </Card>
      )}
      {c.consultations.length > 0 && (
        <Card size="small" title={t('clue.consultations')}>
          {c.consultations.map((m) => (
            <p key={m.id} style={{ margin: '4px 0' }}>
              <Link to={`/clues/consultations?id=${m.id}`}>{m.meetingDate} {m.title}</Link>{m.opinion ? `：${m.opinion}` : ''}
            </p>
          ))}
        </Card>
      )}
      <Card size="small" title={t('clue.history')}>
        <Timeline data-testid="clue-history" items={c.events.map((e) => ({ key: e.id, content: <span><Typography.Text type="secondary">{when(e.at)} {e.actorName}</Typography.Text> {eventText(e)}</span> }))} />
      </Card>

      {dialog === 'propose' && <ProposeModal clue={c} open onClose={() => setDialog(null)} onSaved={done} />}
      {dialog === 'decide' && c.pendingDisposal && <DecideModal clue={c} disposal={c.pendingDisposal} open onClose={() => setDialog(null)} onSaved={done} />}
      {dialog === 'conclude' && <ConcludeModal clue={c} open onClose={() => setDialog(null)} onSaved={done} />}
      {dialog === 'transfer' && <TransferModal clue={c} open onClose={() => setDialog(null)} onSaved={done} />}
      {dialog === 'link' && <LinkModal clue={c} open onClose={() => setDialog(null)} onSaved={done} />}
    </Space>
  );
}
