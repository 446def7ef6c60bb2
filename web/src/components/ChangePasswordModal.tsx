import { App, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { authApi } from '../api';
import { useT } from '../i18n';
import { useApiError } from './hooks';

export function ChangePasswordModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm<{ currentPassword: string; newPassword: string; confirm: string }>();
  const [busy, setBusy] = useState(false);
  const showError = useApiError();
  const { message } = App.useApp();
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      await authApi.changePassword(v.currentPassword, v.newPassword);
      void message.success(t('pwd.changed'));
      form.resetFields();
      onClose();
    } catch (e) {
      showError(e, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={open} title={t('header.changePassword')} onCancel={onClose} onOk={submit} confirmLoading={busy} destroyOnHidden okText={t('common.save')} cancelText={t('common.cancel')}>
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="currentPassword" label={t('pwd.current')} rules={[{ required: true, message: t('common.required') }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item name="newPassword" label={t('pwd.new')} extra={t('pwd.rule')} rules={[{ required: true, message: t('common.required') }, { min: 8, message: t('pwd.rule') }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('pwd.confirm')}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('common.required') },
            ({ getFieldValue }) => ({
              validator: (_, v) => (!v || v === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(t('pwd.mismatch')))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
