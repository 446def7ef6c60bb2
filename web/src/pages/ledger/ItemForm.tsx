// New document and new item forms.
import { useState } from 'react';
import { DatePicker, Form, Input, InputNumber, Modal, Select } from 'antd';
import dayjs from 'dayjs';
import { ITEM_KINDS, ledgerApi, type ItemKind } from '../../api';
import { useI18n } from '../../i18n';
import { useApiError } from '../../components/hooks';
import { OrgPicker } from '../../components/OrgPicker';

export function DocumentModal({ open, onClose, onSaved }: { open: boolean; onClose: () => void; onSaved: (id: string) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const showError = useApiError();
  return (
    <Modal open={open} title={t('ledger.newDocument')} onCancel={onClose} confirmLoading={busy} destroyOnHidden
      onOk={async () => {
        const v = await form.validateFields();
        setBusy(true);
        try {
          const r = await ledgerApi.createDocument({ ...v, issuedOn: v.issuedOn ? v.issuedOn.format('YYYY-MM-DD') : null, year: v.year ?? null });
          onSaved(r.id);
        } catch (e) {
          showError(e, form);
        } finally {
          setBusy(false);
        }
      }}>
      <Form form={form} layout="vertical" initialValues={{ kind: 'measures', year: dayjs().year() }} preserve={false}>
        <Form.Item name="title" label={t('ledger.docTitle')} rules={[{ required: true, message: t('common.required') }]}><Input maxLength={200} /></Form.Item>
        <Form.Item name="kind" label={t('ledger.docKind')}>
          <Select options={['measures', 'annual_plan'].map((k) => ({ value: k, label: t(`ledger.docKind.${k}` as 'ledger.docKind.measures') }))} />
        </Form.Item>
        <Form.Item name="orgId" label={t('ledger.docOrg')} rules={[{ required: true, message: t('common.required') }]}><OrgPicker /></Form.Item>
        <Form.Item name="docNumber" label={t('ledger.docNumber')}><Input maxLength={60} /></Form.Item>
        <Form.Item name="issuedOn" label={t('ledger.issuedAt')}><DatePicker /></Form.Item>
        <Form.Item name="year" label={t('ledger.year')}><InputNumber min={2000} max={2100} /></Form.Item>
      </Form>
    </Modal>
  );
}

export function ItemModal({ open, documentId, parent, onClose, onSaved }: {
  open: boolean; documentId: string; parent: { id: string; code: string; kind: ItemKind } | null; onClose: () => void; onSaved: (id: string) => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const showError = useApiError();
  const childKind: ItemKind = !parent ? 'area' : parent.kind === 'area' ? 'measure' : parent.kind === 'measure' ? 'task' : 'sub';
  return (
    <Modal open={open} title={parent ? `${t('ledger.addChild')}（${parent.code}）` : t('ledger.newItem')} onCancel={onClose} confirmLoading={busy} destroyOnHidden width={640}
      onOk={async () => {
        const v = await form.validateFields();
        setBusy(true);
        try {
          const r = await ledgerApi.createItem({
            ...v, documentId, parentId: parent?.id ?? null, deadline: v.deadline ? v.deadline.format('YYYY-MM-DD') : null, cooperatingOrgIds: v.cooperatingOrgIds ?? [],
            code: v.code || undefined,
          });
          onSaved(r.id);
        } catch (e) {
          showError(e, form);
        } finally {
          setBusy(false);
        }
      }}>
      <Form form={form} layout="vertical" initialValues={{ kind: childKind, cycle: 'none' }} preserve={false}>
        <Form.Item name="kind" label={t('ledger.kind')}>
          <Select options={ITEM_KINDS.map((k) => ({ value: k, label: t(`ledger.kind.${k}` as 'ledger.kind.area') }))} />
        </Form.Item>
        <Form.Item name="code" label={t('ledger.code')} extra={parent ? `${parent.code}.n` : undefined}><Input maxLength={40} placeholder={parent ? `${parent.code}.` : '1'} /></Form.Item>
        <Form.Item name="title" label={t('ledger.itemTitle')} rules={[{ required: true, message: t('common.required') }]}><Input.TextArea maxLength={300} autoSize /></Form.Item>
        <Form.Item name="leadOrgId" label={t('ledger.lead')} rules={[{ required: true, message: t('common.required') }]}><OrgPicker /></Form.Item>
        <Form.Item name="cooperatingOrgIds" label={t('ledger.coop')}><OrgPicker multiple /></Form.Item>
        <Form.Item name="ownerName" label={t('ledger.owner')}><Input maxLength={60} /></Form.Item>
        <Form.Item name="deadline" label={t('ledger.deadline')}><DatePicker /></Form.Item>
        <Form.Item name="cycle" label={t('ledger.cycle')}>
          <Select options={['none', 'monthly', 'quarterly'].map((c) => ({ value: c, label: t(`ledger.cycle.${c}` as 'ledger.cycle.none') }))} />
        </Form.Item>
        <Form.Item name="outcome" label={t('ledger.outcome')}><Input.TextArea maxLength={1000} autoSize /></Form.Item>
        <Form.Item name="measureBy" label={t('ledger.measureBy')}><Input maxLength={1000} /></Form.Item>
        <Form.Item name="evidence" label={t('ledger.evidence')}><Input maxLength={1000} /></Form.Item>
      </Form>
    </Modal>
  );
}
