// Modal forms of user administration: create/edit (sys_admin), password reset, roles and scopes (sec_admin).
import { useState } from 'react';
import { Alert, App, Checkbox, Form, Input, Modal } from 'antd';
import { usersApi, type RoleCatalogue, type User } from '../../api';
import { useI18n } from '../../i18n';
import { useApiError } from '../../components/hooks';
import { OrgPicker } from '../../components/OrgPicker';

const ADMIN = ['sys_admin', 'sec_admin', 'audit_admin'];

function usePasswordRules() {
  const { t } = useI18n();
  return [
    { required: true, message: t('common.required') },
    {
      validator: (_: unknown, v?: string) => {
        if (!v) return Promise.resolve();
        const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(v)).length;
        return v.length >= 8 && classes >= 3 ? Promise.resolve() : Promise.reject(new Error(t('pwd.rule')));
      },
    },
  ];
}

export function UserModal({ user, open, onClose, onSaved }: { user: User | null; open: boolean; onClose: () => void; onSaved: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const showError = useApiError();
  const { message } = App.useApp();
  const pwdRules = usePasswordRules();
  const initial = user ? { username: user.username, displayName: user.displayName, orgId: user.orgId } : {};
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      if (user) {
        const body: { displayName?: string; orgId?: string } = {};
        if (v.displayName.trim() !== user.displayName) body.displayName = v.displayName.trim();
        if (v.orgId !== user.orgId) body.orgId = v.orgId;
        await usersApi.update(user.id, body);
      } else {
        await usersApi.create({ username: v.username.trim(), displayName: v.displayName.trim(), orgId: v.orgId, password: v.password });
      }
      void message.success(t('common.saved'));
      onSaved();
    } catch (e) {
      showError(e, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={open} title={user ? `${t('users.edit')} · ${user.username}` : t('users.create')} onCancel={onClose} onOk={submit} confirmLoading={busy} destroyOnHidden okText={t('common.save')} cancelText={t('common.cancel')}>
      <Form form={form} layout="vertical" preserve={false} autoComplete="off" initialValues={initial}>
        <Form.Item name="username" label={t('users.username')} rules={[{ required: true, message: t('common.required') }, { pattern: /^[A-Za-z0-9._-]{3,40}$/, message: 'a-z 0-9 . _ -' }]}>
          <Input disabled={!!user} autoComplete="off" />
        </Form.Item>
        <Form.Item name="displayName" label={t('users.displayName')} rules={[{ required: true, whitespace: true, message: t('common.required') }, { max: 50 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="orgId" label={t('users.org')} rules={[{ required: true, message: t('common.required') }]}>
          <OrgPicker allowClear={false} style={{ width: '100%' }} labels={user ? { [user.orgId]: user.orgName } : undefined} />
        </Form.Item>
        {!user && (
          <Form.Item name="password" label={t('users.password')} extra={t('pwd.rule')} rules={pwdRules}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

export function ResetPasswordModal({ user, onClose }: { user: User | null; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const showError = useApiError();
  const { message } = App.useApp();
  const pwdRules = usePasswordRules();
  const submit = async () => {
    if (!user) return;
    const v = await form.validateFields();
    setBusy(true);
    try {
      await usersApi.resetPassword(user.id, v.password);
      void message.success(t('common.done'));
      onClose();
    } catch (e) {
      showError(e, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={!!user} title={`${t('users.resetPassword')} · ${user?.username ?? ''}`} onCancel={onClose} onOk={submit} confirmLoading={busy} destroyOnHidden okText={t('common.save')} cancelText={t('common.cancel')}>
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="password" label={t('users.newPassword')} extra={t('pwd.rule')} rules={pwdRules}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function RolesModal({ user, catalogue, onClose, onSaved }: { user: User | null; catalogue: RoleCatalogue | undefined; onClose: () => void; onSaved: () => void }) {
  const { t, tk, lang } = useI18n();
  const [form] = Form.useForm<{ roles: string[] }>();
  const [busy, setBusy] = useState(false);
  const showError = useApiError();
  const { message } = App.useApp();
  const roles = Form.useWatch('roles', form) ?? [];
  const initial = { roles: user?.roles ?? [] };
  const admins = roles.filter((r) => ADMIN.includes(r));
  const conflict = admins.length > 1 || (admins.length === 1 && roles.length > 1);
  const submit = async () => {
    if (!user) return;
    const v = await form.validateFields();
    setBusy(true);
    try {
      await usersApi.setRoles(user.id, v.roles ?? []);
      void message.success(t('common.saved'));
      onSaved();
    } catch (e) {
      showError(e, form);
    } finally {
      setBusy(false);
    }
  };
  const options = (catalogue?.roles.map((r) => r.role) ?? Object.keys({ sys_admin: 1, sec_admin: 1, audit_admin: 1, leader: 1, supervisor: 1, petition: 1, casemgr: 1, orgdept: 1, inspector: 1, unit_reporter: 1 })).map((r) => {
    const c = catalogue?.roles.find((x) => x.role === r);
    return { value: r, label: c ? (lang === 'zh' ? c.zh : c.en) : tk('role', r) };
  });
  return (
    <Modal open={!!user} title={`${t('users.assignRoles')} · ${user?.displayName ?? ''}`} onCancel={onClose} onOk={submit} confirmLoading={busy} destroyOnHidden okText={t('common.save')} cancelText={t('common.cancel')} okButtonProps={{ disabled: conflict }}>
      <Alert type={conflict ? 'error' : 'info'} showIcon title={t('users.separation')} style={{ marginBottom: 16 }} />
      <Form form={form} layout="vertical" preserve={false} initialValues={initial}>
        <Form.Item name="roles" label={t('users.roles')}>
          <Checkbox.Group options={options} style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 8 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function ScopesModal({ user, onClose, onSaved }: { user: User | null; onClose: () => void; onSaved: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ orgIds: string[] }>();
  const [busy, setBusy] = useState(false);
  const showError = useApiError();
  const { message } = App.useApp();
  const initial = { orgIds: user?.scopes.map((s) => s.id) ?? [] };
  const submit = async () => {
    if (!user) return;
    const v = await form.validateFields();
    setBusy(true);
    try {
      await usersApi.setScopes(user.id, v.orgIds ?? []);
      void message.success(t('common.saved'));
      onSaved();
    } catch (e) {
      showError(e, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={!!user} title={`${t('users.setScopes')} · ${user?.displayName ?? ''}`} onCancel={onClose} onOk={submit} confirmLoading={busy} destroyOnHidden okText={t('common.save')} cancelText={t('common.cancel')} width={560}>
      <Form form={form} layout="vertical" preserve={false} initialValues={initial}>
        <Form.Item name="orgIds" label={t('users.scopes')} extra={t('users.scopesHint')}>
          <OrgPicker multiple style={{ width: '100%' }} labels={Object.fromEntries((user?.scopes ?? []).map((s) => [s.id, s.name]))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
