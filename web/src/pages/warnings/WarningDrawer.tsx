// One warning: basis, detail, linked records, and its handling (assign, resolve, dismiss with a reason).
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { App, Button, Descriptions, Divider, Drawer, Form, Input, Select, Space, Typography } from 'antd';
import type { FormInstance } from 'antd';
import { CheckOutlined, CloseOutlined, UserAddOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { warningsApi, type Warning, type WarningLink } from '../../api';
import { useAuth } from '../../auth/AuthContext';
import { useI18n } from '../../i18n';
import { useApiError, useAsync } from '../../components/hooks';
import { ErrorState, Loading } from '../../components/PageState';
import { SeverityTag, WarningStatusTag } from '../../components/tags';

export function linkTo(l: WarningLink): string | null {
  if (l.recordType === 'official') return `/officials/${encodeURIComponent(l.recordId)}`;
  if (l.recordType === 'org') return `/orgs?id=${encodeURIComponent(l.recordId)}`;
  if (l.recordType === 'ledger_item') return `/ledger/items/${encodeURIComponent(l.recordId)}`;
  if (l.recordType === 'clue') return `/clues/${encodeURIComponent(l.recordId)}`;
  if (l.recordType === 'talk') return `/talks/${encodeURIComponent(l.recordId)}`;
  if (l.recordType === 'inquiry') return `/inquiries/${encodeURIComponent(l.recordId)}`;
  return null;
}

export function WarningDrawer({ id, onClose, onChanged }: { id: string | null; onClose: () => void; onChanged: () => void }) {
  const { t } = useI18n();
  const { can } = useAuth();
  const w = useAsync(() => warningsApi.get(id!), [id], !!id);
  const handle = can('warnings.handle');
  const assignees = useAsync(() => warningsApi.assignees(), [], handle && !!id);
  const showError = useApiError();
  const { message } = App.useApp();
  const [assignForm] = Form.useForm();
  const [resolveForm] = Form.useForm();
  const [dismissForm] = Form.useForm();
  const [busy, setBusy] = useState<string | null>(null);

  const act = async (name: string, fn: () => Promise<Warning>, form: FormInstance) => {
    setBusy(name);
    try {
      const r = await fn();
      if (r && typeof r === 'object' && 'id' in r) w.setData(r);
      else w.reload();
      form.resetFields();
      void message.success(t('common.done'));
      onChanged();
    } catch (e) {
      showError(e, form);
    } finally {
      setBusy(null);
    }
  };

  const data = w.data && w.data.id === id ? w.data : undefined;
  const active = data && (data.status === 'open' || data.status === 'assigned');

  return (
    <Drawer open={!!id} onClose={onClose} size={640} title={data ? data.title : t('warn.detail')} destroyOnHidden data-testid="warning-drawer">
      {w.error ? (
        <ErrorState error={w.error} onRetry={w.reload} />
      ) : !data ? (
        <Loading />
      ) : (
        <>
          <Space style={{ marginBottom: 12 }}>
            <SeverityTag severity={data.severity} />
            <WarningStatusTag status={data.status} />
          </Space>
          <Descriptions column={1} bordered size="small" styles={{ label: { width: 120 } }}>
            <Descriptions.Item label={t('warn.rule')}>{data.ruleName}</Descriptions.Item>
            <Descriptions.Item label={t('warn.org')}>
              {data.orgId ? <Link to={`/orgs?id=${encodeURIComponent(data.orgId)}`}>{data.orgName}</Link> : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('warn.raisedAt')}>{dayjs(data.raisedAt).format('YYYY-MM-DD HH:mm')}</Descriptions.Item>
            <Descriptions.Item label={t('warn.updatedAt')}>{dayjs(data.updatedAt).format('YYYY-MM-DD HH:mm')}</Descriptions.Item>
            <Descriptions.Item label={t('warn.assignee')}>{data.assignee?.displayName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('warn.basis')}>
              <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }} data-testid="warning-basis">{data.basis}</Typography.Paragraph>
            </Descriptions.Item>
            <Descriptions.Item label={t('warn.detail')}>
              <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{data.detail}</Typography.Paragraph>
            </Descriptions.Item>
            <Descriptions.Item label={t('warn.links')}>
              {data.links.length === 0 ? (
                '—'
              ) : (
                <Space orientation="vertical" size={2}>
                  {data.links.map((l) => {
                    const to = linkTo(l);
                    const label = l.label || `${l.recordType} ${l.recordId}`;
                    return to ? (
                      <Link key={`${l.recordType}:${l.recordId}`} to={to} onClick={onClose}>
                        {label}
                      </Link>
                    ) : (
                      <span key={`${l.recordType}:${l.recordId}`}>{label}</span>
                    );
                  })}
                </Space>
              )}
            </Descriptions.Item>
            {data.resolution && <Descriptions.Item label={t('warn.resolution')}>{data.resolution}</Descriptions.Item>}
          </Descriptions>

          {handle && active && (
            <>
              <Divider titlePlacement="start">{t('warn.assign')}</Divider>
              <Form form={assignForm} layout="inline" onFinish={(v) => act('assign', () => warningsApi.assign(data.id, v.assigneeId), assignForm)}>
                <Form.Item name="assigneeId" rules={[{ required: true, message: t('common.required') }]} style={{ flex: 1 }}>
                  <Select
                    showSearch={{ optionFilterProp: 'label' }}
                    placeholder={t('warn.assignTo')}
                    loading={assignees.loading}
                    options={(assignees.data?.items ?? []).map((a) => ({ value: a.id, label: a.displayName }))}
                  />
                </Form.Item>
                <Button htmlType="submit" icon={<UserAddOutlined />} loading={busy === 'assign'}>
                  {t('warn.assign')}
                </Button>
              </Form>
              <Divider titlePlacement="start">{t('warn.resolve')}</Divider>
              <Form form={resolveForm} onFinish={(v) => act('resolve', () => warningsApi.resolve(data.id, v.resolution.trim()), resolveForm)}>
                <Form.Item name="resolution" rules={[{ required: true, whitespace: true, message: t('common.required') }, { max: 2000 }]}>
                  <Input.TextArea rows={3} placeholder={t('warn.resolution')} />
                </Form.Item>
                <Button type="primary" htmlType="submit" icon={<CheckOutlined />} loading={busy === 'resolve'}>
                  {t('warn.resolve')}
                </Button>
              </Form>
              <Divider titlePlacement="start">{t('warn.dismiss')}</Divider>
              <Form form={dismissForm} onFinish={(v) => act('dismiss', () => warningsApi.dismiss(data.id, v.reason.trim()), dismissForm)}>
                <Form.Item name="reason" rules={[{ required: true, whitespace: true, message: t('common.required') }, { max: 2000 }]}>
                  <Input.TextArea rows={2} placeholder={t('warn.reason')} />
                </Form.Item>
                <Button danger htmlType="submit" icon={<CloseOutlined />} loading={busy === 'dismiss'}>
                  {t('warn.dismiss')}
                </Button>
              </Form>
            </>
          )}
        </>
      )}
    </Drawer>
  );
}
