// The talk record form: type, mode, status, date, conducting body, conductors and the lead conductor, subjects, problems, requirements, follow-ups.
import { useState } from 'react';
import { Alert, Button, Col, DatePicker, Form, Input, Modal, Radio, Row, Select, Space } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { talksApi, type TalkInput, type TalkType } from '../../api/talks';
import { useAuth } from '../../auth/AuthContext';
import { useI18n } from '../../i18n';
import { useApiError, useAsync } from '../../components/hooks';
import { OrgPicker } from '../../components/OrgPicker';
import { OfficialSelect } from './OfficialSelect';

export const CATEGORIES = ['political', 'organizational', 'integrity', 'mass', 'work', 'life', 'other'] as const;

interface Values {
  typeId: string; mode: 'individual' | 'collective'; status: 'planned' | 'held'; orgId: string; talkDate: Dayjs; place?: string; conductors: string; leadConductorId?: string | string[];
  topic: string; summary?: string; requirements?: string; subjectIds?: string[] | string; precedingTalkIds?: string[];
  problems?: { nature: 'sign' | 'tendency'; category: string; description: string }[];
  followups?: { content: string; deadline: Dayjs }[];
}

export function TalkForm({ open, onClose, onCreated, types }: { open: boolean; onClose: () => void; onCreated: (id: string) => void; types: TalkType[] }) {
  const { t, tk, lang } = useI18n();
  const { me: user } = useAuth();
  const showError = useApiError();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const mode = Form.useWatch('mode', form);
  const typeId = Form.useWatch('typeId', form);
  const type = types.find((x) => x.id === typeId);
  const oneToOnes = useAsync(() => talksApi.list({ mode: 'individual', status: 'held', pageSize: 50, sort: 'talkDate', order: 'desc' }), [open], open && mode === 'collective');

  const submit = async (v: Values) => {
    setBusy(true);
    try {
      const body: TalkInput = {
        typeId: v.typeId, mode: v.mode, status: v.status, orgId: v.orgId, talkDate: v.talkDate.format('YYYY-MM-DD'), place: v.place || null,
        conductors: v.conductors, leadConductorId: (Array.isArray(v.leadConductorId) ? v.leadConductorId[0] : v.leadConductorId) || null, topic: v.topic, summary: v.summary || null, requirements: v.requirements || null,
        subjectIds: Array.isArray(v.subjectIds) ? v.subjectIds : v.subjectIds ? [v.subjectIds] : [],
        precedingTalkIds: v.precedingTalkIds ?? [],
        problems: v.problems ?? [],
        followups: (v.followups ?? []).map((f) => ({ content: f.content, deadline: f.deadline.format('YYYY-MM-DD') })),
      };
      const { id } = await talksApi.create(body);
      form.resetFields();
      onCreated(id);
    } catch (e) {
      showError(e, form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open={open} title={t('talk.new')} width={880} onCancel={onClose} onOk={() => form.submit()} okText={t('common.save')} cancelText={t('common.cancel')} confirmLoading={busy} destroyOnHidden>
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ mode: 'individual', status: 'held', talkDate: dayjs(), orgId: user?.orgId, problems: [], followups: [] }}
        data-testid="talk-form"
      >
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item name="typeId" label={t('talk.type')} rules={[{ required: true }]}>
              <Select options={types.map((x) => ({ value: x.id, label: lang === 'en' ? x.nameEn : x.name }))} data-testid="talk-type" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="mode" label={t('talk.mode')} rules={[{ required: true }]}>
              <Radio.Group optionType="button" options={[
                { value: 'individual', label: t('talk.mode.individual') },
                { value: 'collective', label: t('talk.mode.collective'), disabled: type ? !type.collective : false },
              ]} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="status" label={t('talk.status')} rules={[{ required: true }]}>
              <Radio.Group optionType="button" options={[{ value: 'held', label: t('talk.status.held') }, { value: 'planned', label: t('talk.status.planned') }]} />
            </Form.Item>
          </Col>
        </Row>
        {type && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={`${t('types.trigger')}：${type.trigger}`} description={`${t('types.subjectKind')}：${type.subjectKind}；${t('types.safeguards')}：${type.safeguards}`} />}
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item name="talkDate" label={t('talk.date')} rules={[{ required: true }]}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={16}>
            <Form.Item name="orgId" label={t('talk.org')} rules={[{ required: true }]}>
              <OrgPicker labels={user ? { [user.orgId]: user.orgName } : undefined} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col span={8}><Form.Item name="place" label={t('talk.place')}><Input maxLength={100} /></Form.Item></Col>
          <Col span={16}><Form.Item name="conductors" label={t('talk.conductors')} rules={[{ required: true, whitespace: true }]}><Input maxLength={200} data-testid="talk-conductors" /></Form.Item></Col>
        </Row>
        <Form.Item name="leadConductorId" label={t('talk.leadConductor')} extra={t('talk.leadConductorHelp')}>
          <OfficialSelect testId="talk-lead-conductor" allowClear />
        </Form.Item>
        <Form.Item name="topic" label={t('talk.topic')} rules={[{ required: true, whitespace: true }]}><Input maxLength={200} data-testid="talk-topic" /></Form.Item>
        {mode === 'collective' ? (
          <>
            <Alert type="info" showIcon title={t('talk.collectiveHint')} style={{ marginBottom: 12 }} />
            <Form.Item name="precedingTalkIds" label={t('talk.preceding')}>
              <Select mode="multiple" loading={oneToOnes.loading}
                options={(oneToOnes.data?.items ?? []).map((x) => ({ value: x.id, label: `${x.talkDate} ${x.typeName} ${x.firstSubjects}` }))} />
            </Form.Item>
          </>
        ) : (
          <Form.Item name="subjectIds" label={t('talk.subjects')} rules={[{ required: true }]}>
            <OfficialSelect />
          </Form.Item>
        )}
        <Form.Item name="summary" label={t('talk.summary')}><Input.TextArea rows={3} maxLength={10000} /></Form.Item>
        <Form.Item label={t('talk.problems')}>
          <Form.List name="problems">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} align="baseline" style={{ display: 'flex' }}>
                    <Form.Item name={[f.name, 'nature']} rules={[{ required: true }]} initialValue="sign">
                      <Select style={{ width: 110 }} options={[{ value: 'sign', label: t('talk.nature.sign') }, { value: 'tendency', label: t('talk.nature.tendency') }]} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'category']} rules={[{ required: true }]} initialValue="integrity">
                      <Select style={{ width: 130 }} options={CATEGORIES.map((c) => ({ value: c, label: tk('talk.category', c) }))} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'description']} rules={[{ required: true, whitespace: true }]}>
                      <Input style={{ width: 460 }} placeholder={t('talk.description')} maxLength={1000} />
                    </Form.Item>
                    <MinusCircleOutlined onClick={() => remove(f.name)} />
                  </Space>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add()}>{t('talk.addProblem')}</Button>
              </>
            )}
          </Form.List>
        </Form.Item>
        <Form.Item name="requirements" label={t('talk.requirements')}><Input.TextArea rows={2} maxLength={5000} /></Form.Item>
        <Form.Item label={t('talk.followups')}>
          <Form.List name="followups">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} align="baseline" style={{ display: 'flex' }}>
                    <Form.Item name={[f.name, 'content']} rules={[{ required: true, whitespace: true }]}>
                      <Input style={{ width: 520 }} placeholder={t('talk.followup')} maxLength={500} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'deadline']} rules={[{ required: true }]}>
                      <DatePicker placeholder={t('talk.deadline')} />
                    </Form.Item>
                    <MinusCircleOutlined onClick={() => remove(f.name)} />
                  </Space>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add()}>{t('talk.addFollowup')}</Button>
              </>
            )}
          </Form.List>
        </Form.Item>
      </Form>
    </Modal>
  );
}
