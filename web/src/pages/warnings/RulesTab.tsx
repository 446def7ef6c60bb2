// Warning rules: name, module, basis, version, severity, thresholds; editable with warnings.configure.
import { useState } from 'react';
import { App, Button, Form, Input, InputNumber, Modal, Space, Switch, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { SettingOutlined } from '@ant-design/icons';
import { warningsApi, type Thresholds, type WarningRule } from '../../api';
import { useAuth } from '../../auth/AuthContext';
import { useI18n } from '../../i18n';
import { useApiError, type AsyncState } from '../../components/hooks';
import { ErrorState } from '../../components/PageState';
import { SeverityTag } from '../../components/tags';

export function ruleName(r: Pick<WarningRule, 'name' | 'nameEn'>, lang: string): string {
  return lang === 'en' && r.nameEn ? r.nameEn : r.name;
}

function ThresholdTags({ thresholds, defaults }: { thresholds: Thresholds; defaults: Thresholds }) {
  const { tk } = useI18n();
  return (
    <Space size={[4, 4]} wrap>
      {Object.entries(thresholds ?? {}).map(([k, v]) => (
        <Tag key={k} color={defaults && defaults[k] !== undefined && defaults[k] !== v ? 'orange' : undefined}>
          {tk('threshold', k)}: {String(v)}
        </Tag>
      ))}
    </Space>
  );
}

export function RulesTab({ rules }: { rules: AsyncState<{ items: WarningRule[] }> }) {
  const { t, lang } = useI18n();
  const { can } = useAuth();
  const [editing, setEditing] = useState<WarningRule | null>(null);
  const configure = can('warnings.configure');
  if (rules.error) return <ErrorState error={rules.error} onRetry={rules.reload} />;

  const columns: TableProps<WarningRule>['columns'] = [
    {
      title: t('warn.rule'),
      dataIndex: 'name',
      width: 240,
      render: (_, r) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text strong>{ruleName(r, lang)}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }} code>
            {r.id}
          </Typography.Text>
        </Space>
      ),
    },
    { title: t('warn.module'), dataIndex: 'module', width: 110, render: (v: string) => <Tag>{v}</Tag> },
    { title: t('warn.basis'), dataIndex: 'basis', render: (v: string) => <Typography.Paragraph ellipsis={{ rows: 3, expandable: true, symbol: '…' }} style={{ margin: 0 }}>{v}</Typography.Paragraph> },
    { title: t('warn.version'), dataIndex: 'version', width: 70 },
    { title: t('warn.severity'), dataIndex: 'severity', width: 70, render: (_, r) => <SeverityTag severity={r.severity} /> },
    { title: t('warn.enabled'), dataIndex: 'enabled', width: 70, render: (v: boolean) => (v ? <Tag color="success">{t('common.yes')}</Tag> : <Tag>{t('common.no')}</Tag>) },
    { title: t('warn.thresholds'), dataIndex: 'thresholds', width: 220, render: (_, r) => <ThresholdTags thresholds={r.thresholds} defaults={r.defaults} /> },
    ...(configure
      ? [
          {
            title: t('common.actions'),
            key: 'a',
            width: 100,
            render: (_: unknown, r: WarningRule) => (
              <Button type="link" size="small" icon={<SettingOutlined />} onClick={() => setEditing(r)}>
                {t('common.edit')}
              </Button>
            ),
          },
        ]
      : []),
  ];

  return (
    <>
      <Table<WarningRule>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={rules.data?.items ?? []}
        loading={rules.loading}
        pagination={false}
        locale={{ emptyText: t('common.noData') }}
        scroll={{ x: 1000 }}
        data-testid="rules-table"
      />
      <RuleModal
        rule={editing}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          rules.reload();
        }}
      />
    </>
  );
}

function RuleModal({ rule, onClose, onSaved }: { rule: WarningRule | null; onClose: () => void; onSaved: () => void }) {
  const { t, tk, lang } = useI18n();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const showError = useApiError();
  const { message } = App.useApp();
  const initial = rule ? { enabled: rule.enabled, thresholds: { ...rule.thresholds } } : {};
  const submit = async () => {
    if (!rule) return;
    const v = await form.validateFields();
    setBusy(true);
    try {
      await warningsApi.updateRule(rule.id, { enabled: !!v.enabled, thresholds: v.thresholds ?? {} });
      void message.success(t('warn.ruleSaved'));
      onSaved();
    } catch (e) {
      showError(e, form);
    } finally {
      setBusy(false);
    }
  };
  const keys = rule ? Array.from(new Set([...Object.keys(rule.defaults ?? {}), ...Object.keys(rule.thresholds ?? {})])) : [];
  return (
    <Modal open={!!rule} title={`${t('warn.editRule')} · ${rule ? ruleName(rule, lang) : ''}`} onCancel={onClose} onOk={submit} confirmLoading={busy} destroyOnHidden okText={t('common.save')} cancelText={t('common.cancel')} width={560}>
      {rule && (
        <Form form={form} layout="vertical" preserve={false} initialValues={initial}>
          <Typography.Paragraph type="secondary" style={{ whiteSpace: 'pre-wrap' }}>
            {t('warn.basis')}：{rule.basis}
          </Typography.Paragraph>
          <Form.Item name="enabled" label={t('warn.enabled')} valuePropName="checked">
            <Switch />
          </Form.Item>
          {keys.map((k) => {
            const sample = rule.thresholds?.[k] ?? rule.defaults?.[k];
            const def = rule.defaults?.[k];
            const extra = def !== undefined ? `${t('warn.defaults')}: ${String(def)}` : undefined;
            if (typeof sample === 'boolean')
              return (
                <Form.Item key={k} name={['thresholds', k]} label={tk('threshold', k)} valuePropName="checked" extra={extra}>
                  <Switch />
                </Form.Item>
              );
            if (typeof sample === 'number')
              return (
                <Form.Item key={k} name={['thresholds', k]} label={tk('threshold', k)} extra={extra} rules={[{ required: true, message: t('common.required') }]}>
                  <InputNumber min={0} style={{ width: 200 }} />
                </Form.Item>
              );
            return (
              <Form.Item key={k} name={['thresholds', k]} label={tk('threshold', k)} extra={extra}>
                <Input />
              </Form.Item>
            );
          })}
        </Form>
      )}
    </Modal>
  );
}
