// Modal forms to add a child organization and to edit one (users with orgs.write).
import { useState } from 'react';
import { App, Form, Input, InputNumber, Modal, Select } from 'antd';
import { ORG_KINDS, ORG_LEVELS, orgsApi, type Org, type OrgDetail, type OrgLevel } from '../../api';
import { useI18n } from '../../i18n';
import { useApiError } from '../../components/hooks';

const NEXT_LEVEL: Record<OrgLevel, OrgLevel> = { province: 'city', city: 'county', county: 'township', township: 'township' };

export function AddChildOrgModal({ parent, open, onClose, onCreated }: { parent: OrgDetail; open: boolean; onClose: () => void; onCreated: (o: Org) => void }) {
  const { t, tk } = useI18n();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const showError = useApiError();
  const { message } = App.useApp();
  // Organs of a region (党委, 政府, 部门…) sit at its level; a lower region is one level down.
  // (The modal destroys its form when hidden, so initialValues apply afresh on every open.)
  const initial = { level: parent.level, kind: 'department' };
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const o = await orgsApi.create({ parentId: parent.id, name: v.name.trim(), shortName: v.shortName?.trim() || undefined, level: v.level, kind: v.kind, code: v.code?.trim() || undefined });
      void message.success(t('org.created'));
      form.resetFields();
      onCreated(o);
    } catch (e) {
      showError(e, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={open} title={`${t('org.addChild')} · ${parent.name}`} onCancel={onClose} onOk={submit} confirmLoading={busy} destroyOnHidden okText={t('common.save')} cancelText={t('common.cancel')}>
      <Form form={form} layout="vertical" preserve={false} initialValues={initial}>
        <Form.Item name="name" label={t('org.name')} rules={[{ required: true, whitespace: true, message: t('common.required') }, { max: 100 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="shortName" label={t('org.shortName')} rules={[{ max: 50 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="level" label={t('org.level')} rules={[{ required: true, message: t('common.required') }]}>
          <Select options={ORG_LEVELS.map((l) => ({ value: l, label: tk('level', l) }))} />
        </Form.Item>
        <Form.Item name="kind" label={t('org.kind')} rules={[{ required: true, message: t('common.required') }]}>
          <Select
            options={ORG_KINDS.map((k) => ({ value: k, label: tk('kind', k) }))}
            onChange={(k) => k === 'region' && form.setFieldValue('level', NEXT_LEVEL[parent.level])}
          />
        </Form.Item>
        <Form.Item name="code" label={t('org.code')} rules={[{ max: 50 }]}>
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function EditOrgModal({ org, open, onClose, onSaved }: { org: OrgDetail; open: boolean; onClose: () => void; onSaved: (o: Org) => void }) {
  const { t, tk } = useI18n();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const showError = useApiError();
  const { message } = App.useApp();
  const initial = { name: org.name, shortName: org.shortName ?? '', kind: org.kind, code: org.code ?? '', sortOrder: org.sortOrder };
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const body: { name?: string; shortName?: string; kind?: string; code?: string; sortOrder?: number } = {};
      if (v.name.trim() !== org.name) body.name = v.name.trim();
      if ((v.shortName ?? '') !== (org.shortName ?? '')) body.shortName = v.shortName;
      if (v.kind !== org.kind) body.kind = v.kind;
      if ((v.code ?? '') !== (org.code ?? '')) body.code = v.code;
      if (v.sortOrder != null && v.sortOrder !== org.sortOrder) body.sortOrder = v.sortOrder;
      const o = await orgsApi.update(org.id, body);
      void message.success(t('common.saved'));
      onSaved(o);
    } catch (e) {
      showError(e, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={open} title={`${t('org.edit')} · ${org.name}`} onCancel={onClose} onOk={submit} confirmLoading={busy} destroyOnHidden okText={t('common.save')} cancelText={t('common.cancel')}>
      <Form form={form} layout="vertical" preserve={false} initialValues={initial}>
        <Form.Item name="name" label={t('org.name')} rules={[{ required: true, whitespace: true, message: t('common.required') }, { max: 100 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="shortName" label={t('org.shortName')} rules={[{ max: 50 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="kind" label={t('org.kind')} rules={[{ required: true, message: t('common.required') }]}>
          <Select options={ORG_KINDS.map((k) => ({ value: k, label: tk('kind', k) }))} />
        </Form.Item>
        <Form.Item name="code" label={t('org.code')} rules={[{ max: 50 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="sortOrder" label={t('org.sortOrder')}>
          <InputNumber min={0} precision={0} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
