// Intake of one report: channel, date, reporter (named or anonymous), subjects, text, suggested
// classification and a repeat check before saving; after saving, repeats are offered for linking.
import { useState } from 'react';
import { Alert, Button, Col, DatePicker, Form, Input, Modal, Radio, Row, Select, Space, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { petitionsApi, CHANNELS, DISCIPLINES, SECTORS, type Channel, type Discipline, type RepeatCandidate, type Sector } from '../../api/petitions';
import { OrgPicker } from '../../components/OrgPicker';
import { useApiError } from '../../components/hooks';
import { useI18n } from '../../i18n';
import { OfficialSelect } from './shared';

interface Values {
  orgId: string; channel: Channel; receivedAt: Dayjs; anonymous: boolean; reporterName?: string; reporterId?: string; reporterContact?: string;
  officialIds?: string[]; orgIds?: string[]; summary: string; content: string; discipline?: Discipline; sector?: Sector;
}

export function IntakeModal({ open, onClose, onSaved }: { open: boolean; onClose: () => void; onSaved: (id: string) => void }) {
  const { t, tk } = useI18n();
  const showError = useApiError();
  const [form] = Form.useForm<Values>();
  const anonymous = Form.useWatch('anonymous', form);
  const [busy, setBusy] = useState(false);
  const [repeats, setRepeats] = useState<RepeatCandidate[] | null>(null);
  const [saved, setSaved] = useState<{ id: string; serial: string; repeats: RepeatCandidate[] } | null>(null);

  const subjects = () => ({ officialIds: form.getFieldValue('officialIds') ?? [], orgIds: form.getFieldValue('orgIds') ?? [] });
  const suggest = async () => {
    const text = `${form.getFieldValue('summary') ?? ''}\n${form.getFieldValue('content') ?? ''}`.trim();
    if (!text) return;
    try {
      const c = await petitionsApi.classify(text);
      form.setFieldsValue({ discipline: c.discipline, sector: c.sector });
    } catch (e) {
      showError(e);
    }
  };
  const check = async () => {
    try {
      setRepeats((await petitionsApi.checkRepeats({ subjects: subjects(), summary: form.getFieldValue('summary') ?? '', content: form.getFieldValue('content') ?? '' })).items);
    } catch (e) {
      showError(e, form);
    }
  };
  const submit = async (v: Values, matterId?: string) => {
    setBusy(true);
    try {
      const r = await petitionsApi.create({
        orgId: v.orgId, channel: v.channel, receivedAt: v.receivedAt.format('YYYY-MM-DD'), anonymous: v.anonymous,
        reporter: v.anonymous ? null : { name: v.reporterName ?? '', idNumber: v.reporterId || null, contact: v.reporterContact || null },
        subjects: { officialIds: v.officialIds ?? [], orgIds: v.orgIds ?? [] }, summary: v.summary, content: v.content,
        discipline: v.discipline, sector: v.sector, matterId,
      });
      if (r.repeats.length) setSaved({ id: r.id, serial: r.serial, repeats: r.repeats });
      else close(r.id);
    } catch (e) {
      showError(e, form);
    } finally {
      setBusy(false);
    }
  };
  const close = (id?: string) => {
    form.resetFields();
    setRepeats(null);
    setSaved(null);
    if (id) onSaved(id);
    else onClose();
  };
  const link = async (matterId: string) => {
    if (!saved) return;
    try {
      await petitionsApi.linkMatter(saved.id, matterId);
      close(saved.id);
    } catch (e) {
      showError(e);
    }
  };

  const repeatTable = (items: RepeatCandidate[], action?: (c: RepeatCandidate) => React.ReactNode) => (
    <Table<RepeatCandidate>
      size="small"
      rowKey="petitionId"
      pagination={false}
      dataSource={items}
      data-testid="repeat-candidates"
      columns={[
        { title: t('petition.serial'), dataIndex: 'serial', width: 150 },
        { title: t('petition.receivedAt'), dataIndex: 'receivedAt', width: 110 },
        { title: t('petition.summary'), dataIndex: 'summary', ellipsis: true },
        { title: t('petition.matter'), dataIndex: 'matterReportCount', width: 110, render: (n: number) => t('petition.matterCount', { n }) },
        { title: t('petition.similarity'), dataIndex: 'similarity', width: 90, render: (s: number) => `${Math.round(s * 100)}%` },
        ...(action ? [{ title: t('common.actions'), key: 'a', width: 130, render: (_: unknown, c: RepeatCandidate) => action(c) }] : []),
      ]}
    />
  );

  return (
    <Modal
      open={open}
      title={t('petition.new')}
      width={880}
      onCancel={() => close(saved?.id)}
      destroyOnHidden
      footer={saved ? (
        <Button onClick={() => close(saved.id)} data-testid="own-matter">{t('petition.ownMatter')}</Button>
      ) : (
        <Space>
          <Button onClick={() => close()}>{t('common.cancel')}</Button>
          <Button onClick={check} data-testid="check-repeats">{t('petition.checkRepeats')}</Button>
          <Button type="primary" loading={busy} onClick={() => form.submit()} data-testid="intake-submit">{t('common.submit')}</Button>
        </Space>
      )}
    >
      {saved ? (
        <>
          <Alert type="warning" showIcon title={t('petition.registered', { serial: saved.serial })} description={t('petition.repeats')} style={{ marginBottom: 12 }} />
          {repeatTable(saved.repeats, (c) => <Button size="small" type="link" onClick={() => link(c.matterId)} data-testid="link-repeat">{t('petition.asRepeat')}</Button>)}
        </>
      ) : (
        <Form<Values> form={form} layout="vertical" initialValues={{ channel: 'letter', receivedAt: dayjs(), anonymous: true }} onFinish={(v) => submit(v)} data-testid="intake-form">
          <Row gutter={16}>
            <Col span={10}><Form.Item name="orgId" label={t('petition.org')} rules={[{ required: true, message: t('common.required') }]}><OrgPicker /></Form.Item></Col>
            <Col span={7}>
              <Form.Item name="channel" label={t('petition.channel')} rules={[{ required: true }]}>
                <Select options={CHANNELS.map((c) => ({ value: c, label: tk('channel', c) }))} data-testid="intake-channel" />
              </Form.Item>
            </Col>
            <Col span={7}><Form.Item name="receivedAt" label={t('petition.receivedAt')} rules={[{ required: true }]}><DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} /></Form.Item></Col>
          </Row>
          <Form.Item name="anonymous" label={t('petition.reporter')} extra={t('petition.identityNote')}>
            <Radio.Group options={[{ value: true, label: t('petition.anonymous') }, { value: false, label: t('petition.named') }]} data-testid="intake-anonymous" />
          </Form.Item>
          {anonymous === false && (
            <Row gutter={16}>
              <Col span={8}><Form.Item name="reporterName" label={t('petition.reporterName')} rules={[{ required: true, message: t('common.required') }]}><Input autoComplete="off" data-testid="reporter-name" /></Form.Item></Col>
              <Col span={8}><Form.Item name="reporterId" label={t('petition.reporterId')}><Input autoComplete="off" maxLength={18} /></Form.Item></Col>
              <Col span={8}><Form.Item name="reporterContact" label={t('petition.reporterContact')}><Input autoComplete="off" /></Form.Item></Col>
            </Row>
          )}
          <Row gutter={16}>
            <Col span={12}><Form.Item name="officialIds" label={t('petition.subjectOfficials')}><OfficialSelect /></Form.Item></Col>
            <Col span={12}><Form.Item name="orgIds" label={t('petition.subjectOrgs')}><OrgPicker multiple /></Form.Item></Col>
          </Row>
          <Form.Item name="summary" label={t('petition.summary')} rules={[{ required: true, message: t('common.required') }, { max: 120 }]}><Input data-testid="intake-summary" /></Form.Item>
          <Form.Item name="content" label={t('petition.content')} rules={[{ required: true, message: t('common.required') }]}><Input.TextArea rows={4} data-testid="intake-content" onBlur={suggest} /></Form.Item>
          <Row gutter={16}>
            <Col span={9}><Form.Item name="discipline" label={t('petition.discipline')}><Select allowClear options={DISCIPLINES.map((d) => ({ value: d, label: tk('discipline', d) }))} data-testid="intake-discipline" /></Form.Item></Col>
            <Col span={9}><Form.Item name="sector" label={t('petition.sector')}><Select allowClear options={SECTORS.map((s) => ({ value: s, label: tk('sector', s) }))} /></Form.Item></Col>
            <Col span={6}><Form.Item label=" "><Button onClick={suggest}>{t('petition.autoClassify')}</Button></Form.Item></Col>
          </Row>
          {repeats && (repeats.length ? (
            <>
              <Typography.Text strong>{t('petition.repeats')}</Typography.Text>
              {repeatTable(repeats, (c) => <Button size="small" type="link" onClick={() => form.validateFields().then((v) => submit(v, c.matterId)).catch(() => undefined)}>{t('petition.asRepeat')}</Button>)}
            </>
          ) : <Alert type="info" showIcon title={t('petition.noRepeats')} />)}
        </Form>
      )}
    </Modal>
  );
}
