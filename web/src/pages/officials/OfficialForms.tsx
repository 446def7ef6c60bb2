// Forms of the officials module: profile (create/edit), post (add/edit/end), family member.
import { useState } from 'react';
import { App, Checkbox, DatePicker, Form, Input, Modal, Radio, Select, Space, Switch } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { officialsApi, RELATIONS, type OfficialDetail, type OfficialInput, type Post } from '../../api';
import { useI18n } from '../../i18n';
import { useApiError } from '../../components/hooks';
import { OrgPicker } from '../../components/OrgPicker';

const D = 'YYYY-MM-DD';
const toDay = (s: string | null | undefined) => (s ? dayjs(s) : undefined);
const fromDay = (d: Dayjs | null | undefined) => (d ? d.format(D) : undefined);
const clean = (s: string | undefined | null) => {
  const v = (s ?? '').trim();
  return v === '' ? undefined : v;
};
const ID_RE = /^\d{17}[\dXx]$/;

export function OfficialProfileModal({
  official,
  open,
  onClose,
  onSaved,
  defaultOrgId,
}: {
  official?: OfficialDetail;
  open: boolean;
  onClose: () => void;
  onSaved: (id: string) => void;
  defaultOrgId?: string;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const showError = useApiError();
  const { message } = App.useApp();
  const initial = official
    ? {
        orgId: official.orgId,
        name: official.name,
        gender: official.gender,
        birthDate: toDay(official.birthDate),
        ethnicity: official.ethnicity ?? '',
        education: official.education ?? '',
        partyMember: official.partyMember ?? false,
        idNumber: '',
      }
    : { orgId: defaultOrgId, gender: 'M', partyMember: true };

  const submit = async () => {
    const v = await form.validateFields();
    const body: OfficialInput = {
      orgId: v.orgId,
      name: v.name.trim(),
      gender: v.gender,
      birthDate: fromDay(v.birthDate),
      ethnicity: clean(v.ethnicity),
      education: clean(v.education),
      partyMember: !!v.partyMember,
      idNumber: clean(v.idNumber)?.toUpperCase(),
    };
    setBusy(true);
    try {
      if (official) {
        const patch: Partial<OfficialInput> = {};
        if (body.orgId !== official.orgId) patch.orgId = body.orgId;
        if (body.name !== official.name) patch.name = body.name;
        if (body.gender !== official.gender) patch.gender = body.gender;
        if ((body.birthDate ?? null) !== (official.birthDate ?? null)) patch.birthDate = body.birthDate ?? null;
        if ((body.ethnicity ?? null) !== (official.ethnicity ?? null)) patch.ethnicity = body.ethnicity ?? null;
        if ((body.education ?? null) !== (official.education ?? null)) patch.education = body.education ?? null;
        if (body.partyMember !== (official.partyMember ?? false)) patch.partyMember = body.partyMember;
        if (body.idNumber) patch.idNumber = body.idNumber;
        await officialsApi.update(official.id, patch);
        void message.success(t('common.saved'));
        onSaved(official.id);
      } else {
        const r = await officialsApi.create(body);
        void message.success(t('official.created'));
        onSaved(r.id);
      }
    } catch (e) {
      showError(e, form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={official ? `${t('official.editProfile')} · ${official.name}` : t('official.new')}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={busy}
      destroyOnHidden
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      width={600}
    >
      <Form form={form} layout="vertical" preserve={false} initialValues={initial}>
        <Form.Item name="orgId" label={t('official.org')} rules={[{ required: true, message: t('common.required') }]}>
          <OrgPicker allowClear={false} style={{ width: '100%' }} labels={official ? { [official.orgId]: official.orgName } : undefined} />
        </Form.Item>
        <Space size={16} wrap style={{ width: '100%' }}>
          <Form.Item name="name" label={t('official.name')} rules={[{ required: true, whitespace: true, message: t('common.required') }, { max: 50 }]}>
            <Input style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="gender" label={t('official.gender')} rules={[{ required: true, message: t('common.required') }]}>
            <Radio.Group options={[{ value: 'M', label: t('gender.M') }, { value: 'F', label: t('gender.F') }]} />
          </Form.Item>
          <Form.Item name="birthDate" label={t('official.birthDate')}>
            <DatePicker />
          </Form.Item>
        </Space>
        <Space size={16} wrap style={{ width: '100%' }}>
          <Form.Item name="ethnicity" label={t('official.ethnicity')} rules={[{ max: 20 }]}>
            <Input style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="education" label={t('official.education')} rules={[{ max: 50 }]}>
            <Input style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="partyMember" label={t('official.partyMember')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Space>
        <Form.Item
          name="idNumber"
          label={t('official.idNumber')}
          extra={official?.idNumberMasked ? official.idNumberMasked : undefined}
          rules={[{ pattern: ID_RE, message: t('official.idInvalid') }]}
        >
          <Input maxLength={18} placeholder={official?.idNumberMasked ?? ''} autoComplete="off" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function AddPostModal({ officialId, open, onClose, onSaved }: { officialId: string; open: boolean; onClose: () => void; onSaved: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const showError = useApiError();
  const { message } = App.useApp();
  const initial = { isTeamMember: true, isPrincipal: false, isKeyPost: false, startDate: dayjs() };
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      await officialsApi.addPost(officialId, {
        orgId: v.orgId,
        title: v.title.trim(),
        rank: clean(v.rank),
        division: clean(v.division),
        isTeamMember: !!v.isTeamMember,
        isPrincipal: !!v.isPrincipal,
        isKeyPost: !!v.isKeyPost,
        startDate: fromDay(v.startDate)!,
        endDate: fromDay(v.endDate),
      });
      void message.success(t('common.saved'));
      onSaved();
    } catch (e) {
      showError(e, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={open} title={t('official.addPost')} onCancel={onClose} onOk={submit} confirmLoading={busy} destroyOnHidden okText={t('common.save')} cancelText={t('common.cancel')} width={600}>
      <Form form={form} layout="vertical" preserve={false} initialValues={initial}>
        <Form.Item name="orgId" label={t('official.postOrg')} rules={[{ required: true, message: t('common.required') }]}>
          <OrgPicker allowClear={false} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="title" label={t('official.title')} rules={[{ required: true, whitespace: true, message: t('common.required') }, { max: 100 }]}>
          <Input />
        </Form.Item>
        <Space size={16} wrap>
          <Form.Item name="rank" label={t('official.rank')} rules={[{ max: 50 }]}>
            <Input style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="startDate" label={t('official.startDate')} rules={[{ required: true, message: t('common.required') }]}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="endDate" label={t('official.endDate')}>
            <DatePicker />
          </Form.Item>
        </Space>
        <Form.Item name="division" label={t('official.division')} rules={[{ max: 200 }]}>
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} />
        </Form.Item>
        <Space size={24}>
          <Form.Item name="isTeamMember" valuePropName="checked" noStyle>
            <Checkbox>{t('official.isTeamMember')}</Checkbox>
          </Form.Item>
          <Form.Item name="isPrincipal" valuePropName="checked" noStyle>
            <Checkbox>{t('official.isPrincipal')}</Checkbox>
          </Form.Item>
          <Form.Item name="isKeyPost" valuePropName="checked" noStyle>
            <Checkbox>{t('official.isKeyPost')}</Checkbox>
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

/** Edits a post; with `ending` it asks only for the end date (免职). */
export function EditPostModal({ officialId, post, ending, onClose, onSaved }: { officialId: string; post: Post | null; ending: boolean; onClose: () => void; onSaved: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const showError = useApiError();
  const { message } = App.useApp();
  const initial = post
    ? { title: post.title, rank: post.rank ?? '', division: post.division ?? '', isKeyPost: post.isKeyPost, endDate: ending ? dayjs() : toDay(post.endDate) }
    : {};
  const submit = async () => {
    if (!post) return;
    const v = await form.validateFields();
    setBusy(true);
    try {
      const body = ending
        ? { endDate: fromDay(v.endDate) }
        : { title: v.title.trim(), rank: clean(v.rank) ?? null, division: clean(v.division) ?? null, isKeyPost: !!v.isKeyPost, endDate: fromDay(v.endDate) ?? null };
      await officialsApi.updatePost(officialId, post.id, body);
      void message.success(t('common.saved'));
      onSaved();
    } catch (e) {
      showError(e, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={!!post}
      title={`${ending ? t('official.endPost') : t('official.editPost')} · ${post?.orgName ?? ''} ${post?.title ?? ''}`}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={busy}
      destroyOnHidden
      okText={t('common.save')}
      cancelText={t('common.cancel')}
    >
      <Form form={form} layout="vertical" preserve={false} initialValues={initial}>
        {!ending && (
          <>
            <Form.Item name="title" label={t('official.title')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
              <Input />
            </Form.Item>
            <Form.Item name="rank" label={t('official.rank')}>
              <Input />
            </Form.Item>
            <Form.Item name="division" label={t('official.division')}>
              <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} />
            </Form.Item>
            <Form.Item name="isKeyPost" valuePropName="checked">
              <Checkbox>{t('official.isKeyPost')}</Checkbox>
            </Form.Item>
          </>
        )}
        <Form.Item
          name="endDate"
          label={t('official.endDate')}
          rules={[
            { required: ending, message: t('common.required') },
            {
              validator: (_, d: Dayjs | undefined) =>
                !d || !post || !d.isBefore(dayjs(post.startDate), 'day') ? Promise.resolve() : Promise.reject(new Error(`≥ ${post.startDate}`)),
            },
          ]}
        >
          <DatePicker />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function AddFamilyModal({ officialId, open, onClose, onSaved }: { officialId: string; open: boolean; onClose: () => void; onSaved: () => void }) {
  const { t, tk } = useI18n();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const showError = useApiError();
  const { message } = App.useApp();
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      await officialsApi.addFamily(officialId, {
        relation: v.relation,
        name: v.name.trim(),
        idNumber: clean(v.idNumber)?.toUpperCase(),
        employer: clean(v.employer),
        position: clean(v.position),
      });
      void message.success(t('common.saved'));
      form.resetFields();
      onSaved();
    } catch (e) {
      showError(e, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={open} title={t('official.addFamily')} onCancel={onClose} onOk={submit} confirmLoading={busy} destroyOnHidden okText={t('common.save')} cancelText={t('common.cancel')}>
      <Form form={form} layout="vertical" preserve={false} initialValues={{ relation: 'spouse' }}>
        <Form.Item name="relation" label={t('official.relation')} rules={[{ required: true, message: t('common.required') }]}>
          <Select options={RELATIONS.map((r) => ({ value: r, label: tk('relation', r) }))} />
        </Form.Item>
        <Form.Item name="name" label={t('official.familyName')} rules={[{ required: true, whitespace: true, message: t('common.required') }, { max: 50 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="idNumber" label={t('official.idNumber')} rules={[{ pattern: ID_RE, message: t('official.idInvalid') }]}>
          <Input maxLength={18} autoComplete="off" />
        </Form.Item>
        <Form.Item name="employer" label={t('official.employer')} rules={[{ max: 100 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="position" label={t('official.position')} rules={[{ max: 100 }]}>
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}
