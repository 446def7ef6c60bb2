// Forms of the clues module: register a clue; propose, decide and conclude a disposal; transfer; link.
import { useState, type ReactNode } from 'react';
import { App, DatePicker, Form, Input, Modal, Radio, Select, type FormInstance } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useI18n } from '../../i18n';
import { useApiError } from '../../components/hooks';
import { OrgPicker } from '../../components/OrgPicker';
import { CLUE_SOURCES, DISCIPLINES, FORMS, METHODS, SECTORS, cluesApi, type ClueDetail, type Disposal } from './api';
import { OfficialSelect } from './OfficialSelect';

const D = 'YYYY-MM-DD';
export const fromDay = (d: Dayjs | null | undefined) => (d ? d.format(D) : undefined);
const clean = (s: string | undefined | null) => {
  const v = (s ?? '').trim();
  return v === '' ? null : v;
};

/** A modal around a form: validates, runs `save`, shows the server's field errors under the fields. */
function FormModal({ open, title, onClose, save, okText, children, initialValues, width = 560, testId }: {
  open: boolean; title: ReactNode; onClose: () => void; save: (v: Record<string, any>, form: FormInstance) => Promise<void>; // eslint-disable-line @typescript-eslint/no-explicit-any
  okText?: string; children: ReactNode; initialValues?: Record<string, unknown>; width?: number; testId?: string;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const showError = useApiError();
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      await save(v, form);
    } catch (e) {
      showError(e, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={open} title={title} onCancel={onClose} onOk={submit} confirmLoading={busy} destroyOnHidden okText={okText ?? t('common.save')}
      cancelText={t('common.cancel')} width={width} okButtonProps={{ 'data-testid': `${testId}-ok` } as Record<`data-${string}`, string>}>
      <Form form={form} layout="vertical" preserve={false} initialValues={initialValues} data-testid={testId}>
        {children}
      </Form>
    </Modal>
  );
}

export function CreateClueModal({ open, onClose, onSaved }: { open: boolean; onClose: () => void; onSaved: (id: string) => void }) {
  const { t, tk } = useI18n();
  const { message } = App.useApp();
  const required = { required: true, message: t('common.required') };
  return (
    <FormModal open={open} onClose={onClose} title={t('clue.create')} width={680} testId="clue-create"
      initialValues={{ source: 'inspection', receivedDate: dayjs(), discipline: 'integrity' }}
      save={async (v, form) => {
        const subjects = [
          ...(v.officials ?? []).map((id: string) => ({ type: 'official' as const, id })),
          ...[v.orgs ?? []].flat().map((id: string) => ({ type: 'org' as const, id })),
        ];
        if (!subjects.length) {
          form.setFields([{ name: 'officials', errors: [t('clue.subjectsRequired')] }]);
          return;
        }
        const r = await cluesApi.create({
          orgId: v.orgId, source: v.source, summary: v.summary.trim(), discipline: v.discipline, sector: v.sector ?? null,
          receivedDate: fromDay(v.receivedDate)!, subjects,
        });
        void message.success(t('clue.created'));
        onSaved(r.id);
      }}>
      <Form.Item name="orgId" label={t('clue.org')} rules={[required]}>
        <OrgPicker allowClear={false} style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="source" label={t('clue.source')} rules={[required]}>
        <Radio.Group options={CLUE_SOURCES.filter((s) => s !== 'report').map((s) => ({ value: s, label: tk('clue.src', s) }))} />
      </Form.Item>
      <Form.Item name="officials" label={t('clue.subjectOfficials')}>
        <OfficialSelect />
      </Form.Item>
      <Form.Item name="orgs" label={t('clue.subjectOrgs')}>
        <OrgPicker multiple style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="summary" label={t('clue.summary')} rules={[required, { max: 4000 }]}>
        <Input.TextArea rows={4} data-testid="clue-summary" />
      </Form.Item>
      <div style={{ display: 'flex', gap: 16, flexWrap: 'wrap' }}>
        <Form.Item name="discipline" label={t('clue.discipline')} rules={[required]}>
          <Select style={{ width: 160 }} options={DISCIPLINES.map((d) => ({ value: d, label: tk('clue.d', d) }))} />
        </Form.Item>
        <Form.Item name="sector" label={t('clue.sector')}>
          <Select allowClear style={{ width: 160 }} options={SECTORS.map((s) => ({ value: s, label: tk('clue.sec', s) }))} />
        </Form.Item>
        <Form.Item name="receivedDate" label={t('clue.receivedDate')} rules={[required]}>
          <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
      </div>
    </FormModal>
  );
}

export function ProposeModal({ clue, open, onClose, onSaved }: { clue: ClueDetail; open: boolean; onClose: () => void; onSaved: () => void }) {
  const { t, tk } = useI18n();
  const required = { required: true, message: t('common.required') };
  return (
    <FormModal open={open} onClose={onClose} title={`${t('clue.propose')} · ${clue.code}`} testId="clue-propose"
      initialValues={{ method: 'preliminary_check', deadline: dayjs().add(60, 'day') }}
      save={async (v) => {
        await cluesApi.propose(clue.id, { method: v.method, deadline: fromDay(v.deadline)!, reason: v.reason.trim() });
        onSaved();
      }}>
      <Form.Item name="method" label={t('clue.method')} rules={[required]}>
        <Radio.Group optionType="button" options={METHODS.map((m) => ({ value: m, label: tk('clue.m', m) }))} />
      </Form.Item>
      <Form.Item name="deadline" label={t('clue.deadline')} rules={[required]}>
        <DatePicker disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
      </Form.Item>
      <Form.Item name="reason" label={t('clue.reason')} rules={[required, { max: 2000 }]}>
        <Input.TextArea rows={3} data-testid="propose-reason" />
      </Form.Item>
    </FormModal>
  );
}

export function DecideModal({ clue, disposal, open, onClose, onSaved }: { clue: ClueDetail; disposal: Disposal; open: boolean; onClose: () => void; onSaved: () => void }) {
  const { t, tk } = useI18n();
  return (
    <FormModal open={open} onClose={onClose} title={`${t('clue.decide')} · ${clue.code}`} okText={t('common.save')} testId="clue-decide"
      initialValues={{ approve: true }}
      save={async (v) => {
        await cluesApi.decide(clue.id, disposal.id, v.approve, clean(v.note) ?? undefined);
        onSaved();
      }}>
      <p>{t('clue.pending', { method: tk('clue.m', disposal.method), deadline: disposal.deadline, name: disposal.proposedBy.name })}</p>
      <p style={{ color: '#595959' }}>{t('clue.reason')}：{disposal.reason}</p>
      <Form.Item name="approve" label={t('clue.decide')}>
        <Radio.Group optionType="button" buttonStyle="solid" options={[{ value: true, label: t('clue.approve') }, { value: false, label: t('clue.reject') }]} />
      </Form.Item>
      <Form.Item name="note" label={t('clue.decisionNote')} rules={[{ max: 2000 }]}>
        <Input.TextArea rows={2} />
      </Form.Item>
    </FormModal>
  );
}

export function ConcludeModal({ clue, open, onClose, onSaved }: { clue: ClueDetail; open: boolean; onClose: () => void; onSaved: () => void }) {
  const { t, tk } = useI18n();
  const required = { required: true, message: t('common.required') };
  return (
    <FormModal open={open} onClose={onClose} title={`${t('clue.conclude')} · ${clue.code}`} testId="clue-conclude" initialValues={{ form: 1 }}
      save={async (v) => {
        await cluesApi.conclude(clue.id, { form: v.form === 0 ? null : v.form, sanction: clean(v.sanction), outcome: v.outcome.trim() });
        onSaved();
      }}>
      <Form.Item name="form" label={t('clue.form')} rules={[required]}>
        <Radio.Group style={{ display: 'flex', flexDirection: 'column', gap: 6 }}
          options={[...FORMS.map((f) => ({ value: f, label: `${tk('clue.f', String(f))}：${tk('clue.fd', String(f))}` })), { value: 0, label: t('clue.noForm') }]} />
      </Form.Item>
      <Form.Item name="sanction" label={t('clue.sanction')} rules={[{ max: 200 }]}>
        <Input placeholder={t('clue.sanctionHint')} />
      </Form.Item>
      <Form.Item name="outcome" label={t('clue.outcome')} rules={[required, { max: 4000 }]}>
        <Input.TextArea rows={3} data-testid="conclude-outcome" />
      </Form.Item>
    </FormModal>
  );
}

export function TransferModal({ clue, open, onClose, onSaved }: { clue: ClueDetail; open: boolean; onClose: () => void; onSaved: () => void }) {
  const { t } = useI18n();
  const required = { required: true, message: t('common.required') };
  return (
    <FormModal open={open} onClose={onClose} title={`${t('clue.transfer')} · ${clue.code}`} testId="clue-transfer" initialValues={{ feedbackDue: dayjs().add(30, 'day') }}
      save={async (v) => {
        await cluesApi.transfer(clue.id, { toOrgId: v.toOrgId, note: v.note.trim(), feedbackDue: fromDay(v.feedbackDue)! });
        onSaved();
      }}>
      <Form.Item name="toOrgId" label={t('transfer.to')} rules={[required]}>
        <OrgPicker allowClear={false} style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="note" label={t('transfer.note')} rules={[required, { max: 2000 }]}>
        <Input.TextArea rows={3} />
      </Form.Item>
      <Form.Item name="feedbackDue" label={t('transfer.feedbackDue')} rules={[required]}>
        <DatePicker disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
      </Form.Item>
    </FormModal>
  );
}

export function LinkModal({ clue, open, onClose, onSaved }: { clue: ClueDetail; open: boolean; onClose: () => void; onSaved: () => void }) {
  const { t, tk } = useI18n();
  return (
    <FormModal open={open} onClose={onClose} title={`${t('clue.link')} · ${clue.code}`} testId="clue-link"
      initialValues={{ linkedType: clue.linkedType ?? 'inquiry', linkedId: clue.linkedId ?? '' }}
      save={async (v) => {
        const id = clean(v.linkedId);
        await cluesApi.link(clue.id, { linkedType: id ? v.linkedType : null, linkedId: id });
        onSaved();
      }}>
      <Form.Item name="linkedType" label={t('clue.linkedType')}>
        <Select options={['inquiry', 'case', 'talk'].map((v) => ({ value: v, label: tk('clue.lt', v) }))} />
      </Form.Item>
      <Form.Item name="linkedId" label={t('clue.linkedId')} extra={t('clue.unlink')}>
        <Input />
      </Form.Item>
    </FormModal>
  );
}
