// One talk record: particulars, subjects (paged), problems, requirements, follow-ups, the Word record,
// and, for a collective talk, the attendee import with its per-row error report.
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Alert, Button, Card, DatePicker, Descriptions, Input, List, Modal, Space, Table, Tag, Tooltip, Typography, Upload } from 'antd';
import { DownloadOutlined, FileWordOutlined, QuestionCircleOutlined, UploadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { ApiError, type ImportRowError } from '../../api';
import { talksApi, type AttendeeImportResult, type TalkFollowup } from '../../api/talks';
import { useAuth } from '../../auth/AuthContext';
import { useI18n } from '../../i18n';
import { useApiError, useAsync, useErrorText } from '../../components/hooks';
import { ErrorState, Loading } from '../../components/PageState';
import { PrincipalTag } from '../../components/tags';
import { TalkStatusTag } from './TalksPage';
import { OfficialSelect } from './OfficialSelect';

function AttendeeImport({ talkId, onDone }: { talkId: string; onDone: () => void }) {
  const { t } = useI18n();
  const showError = useApiError();
  const errorText = useErrorText();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<AttendeeImportResult | null>(null);
  const [rows, setRows] = useState<ImportRowError[] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const upload = async (file: File) => {
    setResult(null);
    setRows(null);
    setFailure(null);
    setBusy(true);
    try {
      setResult(await talksApi.importAttendees(talkId, file));
      onDone();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'import_failed') {
        setRows((e.details as { rows?: ImportRowError[] } | undefined)?.rows ?? []);
        setFailure(e.message);
      } else if (e instanceof ApiError && e.status !== 401) setFailure(errorText(e));
      else showError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" title={t('talk.importAttendees')} style={{ marginBottom: 16 }}>
      <Typography.Paragraph type="secondary">{t('talk.attendeeIntro')}</Typography.Paragraph>
      <Space style={{ marginBottom: 12 }}>
        <Button icon={<DownloadOutlined />} onClick={() => talksApi.attendeeTemplate().catch(showError)}>{t('talk.attendeeTemplate')}</Button>
        <Upload accept=".xlsx" showUploadList={false} maxCount={1} beforeUpload={(f) => { void upload(f); return false; }}>
          <Button type="primary" icon={<UploadOutlined />} loading={busy} data-testid="attendee-upload">{t('talk.upload')}</Button>
        </Upload>
      </Space>
      {result && <Alert type="success" showIcon title={t('talk.attendeesAdded', { added: result.added, already: result.alreadyListed, n: result.subjectCount })} data-testid="attendee-success" />}
      {failure && <Alert type="error" showIcon title={failure} style={{ marginBottom: 12 }} />}
      {rows && rows.length > 0 && (
        <Table<ImportRowError> size="small" rowKey={(r, i) => `${r.row}:${r.field}:${i}`} dataSource={rows} pagination={{ pageSize: 10 }} data-testid="attendee-errors"
          columns={[{ title: t('official.row'), dataIndex: 'row', width: 80 }, { title: t('official.field'), dataIndex: 'field', width: 160 }, { title: t('official.message'), dataIndex: 'message' }]} />
      )}
    </Card>
  );
}

export default function TalkDetailPage() {
  const { id = '' } = useParams();
  const { t, tk } = useI18n();
  const { can } = useAuth();
  const showError = useApiError();
  const talk = useAsync(() => talksApi.get(id), [id]);
  const [subjectPage, setSubjectPage] = useState({ page: 1, pageSize: 20 });
  const [subjectQ, setSubjectQ] = useState('');
  const subjects = useAsync(() => talksApi.subjects(id, { ...subjectPage, q: subjectQ || undefined }), [id, subjectPage.page, subjectPage.pageSize, subjectQ, talk.data?.subjectCount]);
  const [completing, setCompleting] = useState<TalkFollowup | null>(null);
  const [note, setNote] = useState('');
  const [lead, setLead] = useState<string | undefined | null>(null); // null: the lead conductor dialog is closed

  if (talk.error) return <ErrorState error={talk.error} onRetry={talk.reload} />;
  if (!talk.data) return <Loading />;
  const d = talk.data;
  const writable = can('talks.write');

  return (
    <Space direction="vertical" style={{ width: '100%' }} size={16}>
      <Card
        variant="borderless"
        title={<Typography.Title level={4} style={{ margin: 0 }}>{d.typeName}：{d.topic}</Typography.Title>}
        extra={
          <Space>
            {writable && d.status === 'planned' && (
              <Button onClick={() => talksApi.update(id, { status: 'held', talkDate: dayjs().format('YYYY-MM-DD') }).then(talk.reload, showError)}>{t('talk.markHeld')}</Button>
            )}
            <Button type="primary" icon={<FileWordOutlined />} onClick={() => talksApi.document(id).catch(showError)} data-testid="talk-document">{t('talk.document')}</Button>
          </Space>
        }
      >
        <Descriptions column={3} size="small" bordered>
          <Descriptions.Item label={t('talk.date')}>{d.talkDate}</Descriptions.Item>
          <Descriptions.Item label={t('talk.mode')}>{tk('talk.mode', d.mode)}{d.mode === 'collective' ? ` · ${t('talk.collectiveOf', { n: d.subjectCount })}` : ''}</Descriptions.Item>
          <Descriptions.Item label={t('talk.status')}><TalkStatusTag status={d.status} /></Descriptions.Item>
          <Descriptions.Item label={t('talk.org')}>{d.orgName}</Descriptions.Item>
          <Descriptions.Item label={t('talk.conductors')}>{d.conductors}</Descriptions.Item>
          <Descriptions.Item label={t('talk.place')}>{d.place || '—'}</Descriptions.Item>
          <Descriptions.Item label={<Tooltip title={t('talk.leadConductorHelp')}><span>{t('talk.leadConductor')} <QuestionCircleOutlined /></span></Tooltip>} span={3}>
            <Space>
              <span data-testid="talk-lead-conductor">
                {d.leadConductorId ? <Link to={`/officials/${d.leadConductorId}`}>{d.leadConductorName}</Link> : t('talk.leadConductorNone')}
              </span>
              {writable && <Button size="small" type="link" onClick={() => setLead(d.leadConductorId ?? undefined)} data-testid="edit-lead-conductor">{t('common.edit')}</Button>}
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label={t('talk.summary')} span={3}>{d.summary || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('talk.requirements')} span={3}>{d.requirements || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('talk.preceding')} span={3}>
            {d.preceding.length ? d.preceding.map((p) => <div key={p.id}><Link to={`/talks/${p.id}`}>{p.talkDate} {p.typeName} {p.topic}</Link></div>) : t('talk.none')}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      {d.mode === 'collective' && writable && <AttendeeImport talkId={id} onDone={talk.reload} />}
      <Card variant="borderless" title={`${t('talk.subjects')}（${d.subjectCount}）`} extra={<Input.Search allowClear placeholder={t('official.q')} onSearch={(v) => { setSubjectQ(v.trim()); setSubjectPage({ ...subjectPage, page: 1 }); }} style={{ width: 200 }} />}>
        <Table
          rowKey="officialId"
          size="small"
          dataSource={subjects.data?.items ?? []}
          loading={subjects.loading}
          pagination={{ current: subjectPage.page, pageSize: subjectPage.pageSize, total: subjects.data?.total ?? 0, onChange: (p, s) => setSubjectPage({ page: p, pageSize: s }), showTotal: (n) => t('common.total', { n }) }}
          columns={[
            { title: t('official.name'), dataIndex: 'name', render: (v: string, s) => <Space size={4}><Link to={`/officials/${s.officialId}`}>{v}</Link>{s.principal && <PrincipalTag />}</Space> },
            { title: t('official.org'), dataIndex: 'orgName' },
            { title: t('official.currentTitle'), dataIndex: 'title', render: (v: string | null) => v || '—' },
          ]}
          data-testid="talk-subjects"
        />
      </Card>
      <Card variant="borderless" title={t('talk.problems')}>
        <List
          dataSource={d.problems}
          locale={{ emptyText: t('talk.none') }}
          renderItem={(p) => (
            <List.Item>
              <Space><Tag color={p.nature === 'tendency' ? 'orange' : 'gold'}>{tk('talk.nature', p.nature)}</Tag><Tag>{tk('talk.category', p.category)}</Tag>{p.description}</Space>
            </List.Item>
          )}
        />
      </Card>
      <Card variant="borderless" title={t('talk.followups')}>
        <Table<TalkFollowup>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={d.followups}
          locale={{ emptyText: t('talk.none') }}
          columns={[
            { title: t('talk.followup'), dataIndex: 'content' },
            { title: t('talk.deadline'), dataIndex: 'deadline', width: 120 },
            {
              title: t('talk.completed'), key: 'done', width: 260,
              render: (_, f) => f.completedOn ? <Tag color="green">{f.completedOn} {f.completionNote}</Tag> : (
                <Space>
                  <Tag color={f.overdue ? 'red' : 'default'}>{f.overdue ? t('talk.overdue') : t('talk.open')}</Tag>
                  {writable && <Button size="small" onClick={() => { setNote(''); setCompleting(f); }}>{t('talk.complete')}</Button>}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Modal
        open={lead !== null}
        title={t('talk.leadConductor')}
        onCancel={() => setLead(null)}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        onOk={() => talksApi.update(id, { leadConductorId: lead ?? null }).then(() => { setLead(null); talk.reload(); }, showError)}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('talk.leadConductorHelp')}</Typography.Paragraph>
        <OfficialSelect testId="lead-conductor-edit" allowClear labels={d.leadConductorId && d.leadConductorName ? { [d.leadConductorId]: d.leadConductorName } : undefined} value={lead ?? undefined} onChange={(v) => setLead((Array.isArray(v) ? v[0] : v) ?? undefined)} />
      </Modal>
      <Modal
        open={!!completing}
        title={t('talk.complete')}
        onCancel={() => setCompleting(null)}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        onOk={() => completing && talksApi.completeFollowup(id, completing.id, { completedOn: dayjs().format('YYYY-MM-DD'), note: note || undefined })
          .then(() => { setCompleting(null); talk.reload(); }, showError)}
      >
        <Typography.Paragraph>{completing?.content}</Typography.Paragraph>
        <DatePicker value={dayjs()} disabled style={{ marginBottom: 12 }} />
        <Input.TextArea rows={3} placeholder={t('talk.note')} value={note} onChange={(e) => setNote(e.target.value)} maxLength={1000} />
      </Modal>
    </Space>
  );
}
