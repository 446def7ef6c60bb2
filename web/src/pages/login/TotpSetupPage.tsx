// TOTP setup: shows the secret and otpauth URI as text (no QR download needed offline), then enables with a code.
import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Alert, App, Button, Card, Descriptions, Form, Input, Space, Typography } from 'antd';
import { authApi, type TotpSetup } from '../../api';
import { useAuth } from '../../auth/AuthContext';
import { useT } from '../../i18n';
import { useApiError } from '../../components/hooks';
import { ErrorState, Loading } from '../../components/PageState';

export default function TotpSetupPage() {
  const t = useT();
  const { me, mfaSetupRequired, setMfaDone, signOut } = useAuth();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const showError = useApiError();
  const [form] = Form.useForm<{ code: string }>();
  const [setup, setSetup] = useState<TotpSetup | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const started = useRef(false);
  const start = () => {
    started.current = true;
    setError(null);
    authApi.totpSetup().then(setSetup, setError);
  };
  useEffect(() => {
    // Each setup call makes a new secret: call it once per visit (StrictMode runs effects twice in development).
    if (me && !me.totpEnabled && !started.current) start();
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  const enable = async ({ code }: { code: string }) => {
    setBusy(true);
    try {
      await authApi.totpEnable(code.trim());
      setMfaDone();
      void message.success(t('totp.enabled'));
      navigate('/', { replace: true });
    } catch (e) {
      showError(e, form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div style={{ minHeight: '100vh', background: '#f0f2f5', display: 'flex', justifyContent: 'center', alignItems: 'flex-start', paddingTop: 80 }}>
      <Card title={t('totp.title')} style={{ width: 640, maxWidth: '95%' }}>
        {me?.totpEnabled ? (
          <Space orientation="vertical">
            <Alert type="success" title={t('totp.already')} showIcon />
            <Button onClick={() => navigate('/')}>{t('common.back')}</Button>
          </Space>
        ) : error ? (
          <ErrorState error={error} onRetry={start} />
        ) : !setup ? (
          <Loading />
        ) : (
          <>
            <Typography.Paragraph>{t('totp.intro')}</Typography.Paragraph>
            <Descriptions column={1} bordered size="small" style={{ marginBottom: 24 }}>
              <Descriptions.Item label={t('totp.secret')}>
                <Typography.Text code copyable data-testid="totp-secret" style={{ fontSize: 16, letterSpacing: 1 }}>
                  {setup.secret}
                </Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={t('totp.uri')}>
                <Typography.Text copyable style={{ wordBreak: 'break-all' }} data-testid="totp-uri">
                  {setup.uri}
                </Typography.Text>
              </Descriptions.Item>
            </Descriptions>
            <Form form={form} layout="inline" onFinish={enable}>
              <Form.Item name="code" label={t('totp.code')} rules={[{ required: true, pattern: /^\d{6}$/, message: t('login.totpHint') }]}>
                <Input maxLength={6} inputMode="numeric" autoComplete="one-time-code" style={{ width: 140 }} />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={busy}>
                {t('totp.enable')}
              </Button>
              {mfaSetupRequired ? (
                <Button type="link" onClick={() => void signOut()}>
                  {t('header.signOut')}
                </Button>
              ) : (
                <Button type="link" onClick={() => navigate('/')}>
                  {t('totp.later')}
                </Button>
              )}
            </Form>
          </>
        )}
      </Card>
    </div>
  );
}
