// Talk types as configuration: the standard eight with trigger, subjects, conducting body, safeguards and cadence.
import { useState } from 'react';
import { Button, Card, Form, Input, InputNumber, Modal, Switch, Table, Tag, Typography } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { talksApi, type TalkType } from '../../api/talks';
import { useAuth } from '../../auth/AuthContext';
import { useI18n } from '../../i18n';
import { useApiError, useAsync } from '../../components/hooks';
import { ErrorState } from '../../components/PageState';

export default function TalkTypesPage() {
  const { t, lang } = useI18n();
  const { can } = useAuth();
  const showError = useApiError();
  const types = useAsync(() => talksApi.types(), []);
  const [editing, setEditing] = useState<TalkType | null>(null);
  const [form] = Form.useForm<TalkType>();

  const save = async (v: TalkType) => {
    if (!editing) return;
    try {
      await talksApi.updateType(editing.id, {
        name: v.name, nameEn: v.nameEn, trigger: v.trigger, subjectKind: v.subjectKind, conductingBody: v.conductingBody,
        cooperatingBodies: v.cooperatingBodies ?? '', safeguards: v.safeguards ?? '', cadenceMonths: v.cadenceMonths ?? null, collective: v.collective,
      });
      setEditing(null);
      types.reload();
    } catch (e) {
      showError(e, form);
    }
  };

  return (
    <Card variant="borderless" title={<Typography.Title level={4} style={{ margin: 0 }}>{t('types.title')}</Typography.Title>}>
      {types.error ? <ErrorState error={types.error} onRetry={types.reload} /> : (
        <Table<TalkType>
          rowKey="id"
          loading={types.loading}
          dataSource={types.data?.items ?? []}
          pagination={false}
          columns={[
            { title: t('types.name'), dataIndex: 'name', width: 130, render: (v: string, x) => (lang === 'en' ? x.nameEn : v) },
            { title: t('types.trigger'), dataIndex: 'trigger' },
            { title: t('types.subjectKind'), dataIndex: 'subjectKind', width: 180 },
            { title: t('types.conductingBody'), dataIndex: 'conductingBody', width: 180 },
            { title: t('types.cooperatingBodies'), dataIndex: 'cooperatingBodies', width: 140 },
            { title: t('types.safeguards'), dataIndex: 'safeguards' },
            { title: t('types.cadence'), dataIndex: 'cadenceMonths', width: 100, render: (v: number | null) => v ?? '—' },
            { title: t('types.collective'), dataIndex: 'collective', width: 90, render: (v: boolean) => (v ? <Tag color="blue">{t('common.yes')}</Tag> : t('common.no')) },
            ...(can('talks.configure') ? [{
              title: t('common.actions'), key: 'a', width: 90,
              render: (_: unknown, x: TalkType) => <Button size="small" icon={<EditOutlined />} onClick={() => { setEditing(x); form.setFieldsValue(x); }}>{t('common.edit')}</Button>,
            }] : []),
          ]}
        />
      )}
      <Modal open={!!editing} title={t('types.edit')} onCancel={() => setEditing(null)} onOk={() => form.submit()} okText={t('common.save')} cancelText={t('common.cancel')} width={680} forceRender>
        <Form<TalkType> form={form} layout="vertical" onFinish={save}>
          <Form.Item name="name" label={t('types.name')} rules={[{ required: true, whitespace: true }]}><Input maxLength={40} /></Form.Item>
          <Form.Item name="nameEn" label={t('types.nameEn')} rules={[{ required: true, whitespace: true }]}><Input maxLength={60} /></Form.Item>
          <Form.Item name="trigger" label={t('types.trigger')} rules={[{ required: true, whitespace: true }]}><Input.TextArea rows={2} maxLength={500} /></Form.Item>
          <Form.Item name="subjectKind" label={t('types.subjectKind')} rules={[{ required: true, whitespace: true }]}><Input maxLength={200} /></Form.Item>
          <Form.Item name="conductingBody" label={t('types.conductingBody')} rules={[{ required: true, whitespace: true }]}><Input maxLength={200} /></Form.Item>
          <Form.Item name="cooperatingBodies" label={t('types.cooperatingBodies')}><Input maxLength={200} /></Form.Item>
          <Form.Item name="safeguards" label={t('types.safeguards')}><Input.TextArea rows={2} maxLength={500} /></Form.Item>
          <Form.Item name="cadenceMonths" label={t('types.cadence')}><InputNumber min={1} max={60} /></Form.Item>
          <Form.Item name="collective" label={t('types.collective')} valuePropName="checked"><Switch /></Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
