// Sign-in: username and password; a TOTP field appears when the server asks for it (401 totp_required).
import { useEffect, useRef, useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { Alert, Button, Card, Form, Input, Segmented, Typography } from 'antd';
import type { InputRef } from 'antd';
import { LockOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { ApiError, authApi } from '../../api';
import { useAuth } from '../../auth/AuthContext';
import { useI18n } from '../../i18n';
import { Emblem } from '../../components/AppLayout';

interface Values { username: string; password: string; totp?: string }

export default function LoginPage() {
  const { t, lang, setLang } = useI18n();
  const { status, signedIn } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [form] = Form.useForm<Values>();
  const [needTotp, setNeedTotp] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ kind: 'error' | 'warning' | 'info'; text: string } | null>(null);
  const totpRef = useRef<InputRef>(null);
  const from = (location.state as { from?: string } | null)?.from;

  useEffect(() => {
    if (needTotp) setTimeout(() => totpRef.current?.focus(), 50);
  }, [needTotp]);

  if (status === 'signedIn' && !busy) return <Navigate to={from && from !== '/login' ? from : '/'} replace />;

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      const r = await authApi.login({ username: v.username.trim(), password: v.password, ...(needTotp && v.totp ? { totp: v.totp.trim() } : {}) });
      signedIn(r);
      navigate(r.mfaSetupRequired ? '/totp-setup' : from && from !== '/login' ? from : '/', { replace: true });
    } catch (e) {
      if (e instanceof ApiError) {
        if (e.code === 'totp_required') {
          const already = needTotp && !!v.totp;
          setNeedTotp(true);
          setError(already ? { kind: 'error', text: e.message || t('login.totpHint') } : { kind: 'info', text: t('login.totpHint') });
        } else if (e.code === 'locked') {
          setError({ kind: 'error', text: t('login.locked') });
        } else if (e.status === 429) {
          setError({ kind: 'warning', text: t('login.rateLimited') });
        } else if (e.code === 'invalid_credentials') {
          setError({ kind: 'error', text: t('login.invalid') });
          form.setFieldValue('password', '');
        } else if (e.status === 0) {
          setError({ kind: 'error', text: t('common.networkError') });
        } else {
          setError({ kind: 'error', text: e.message });
        }
      } else {
        setError({ kind: 'error', text: String(e) });
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'flex',
        flexDirection: 'column',
        alignItems: 'center',
        justifyContent: 'center',
        background: 'linear-gradient(160deg, #7a0c14 0%, #a8071a 35%, #1f3a5f 100%)',
        padding: 16,
      }}
    >
      <div style={{ position: 'absolute', top: 16, right: 24 }}>
        <Segmented
          size="small"
          value={lang}
          onChange={(v) => setLang(v as 'zh' | 'en')}
          options={[
            { label: '中文', value: 'zh' },
            { label: 'EN', value: 'en' },
          ]}
          data-testid="lang-switch"
        />
      </div>
      <div style={{ display: 'flex', alignItems: 'center', gap: 14, marginBottom: 24 }}>
        <Emblem size={52} />
        <div>
          <Typography.Title level={2} style={{ color: '#fff', margin: 0, letterSpacing: lang === 'zh' ? 2 : 0 }}>
            {t('app.title')}
          </Typography.Title>
          <Typography.Text style={{ color: 'rgba(255,255,255,0.75)' }}>{lang === 'zh' ? 'Jiandu · Supervision of leaders' : '监督 · 领导班子和一把手监督平台'}</Typography.Text>
        </div>
      </div>
      <Card style={{ width: 400, maxWidth: '100%', boxShadow: '0 8px 32px rgba(0,0,0,0.3)' }} title={t('login.title')}>
        {error && <Alert type={error.kind} title={error.text} showIcon style={{ marginBottom: 16 }} data-testid="login-alert" />}
        <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} autoComplete="off">
          <Form.Item name="username" label={t('login.username')} rules={[{ required: true, message: t('common.required') }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus id="login-username" />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('common.required') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" id="login-password" />
          </Form.Item>
          {needTotp && (
            <Form.Item
              name="totp"
              label={t('login.totp')}
              rules={[{ required: true, message: t('common.required') }, { pattern: /^\d{6}$/, message: t('login.totpHint') }]}
            >
              <Input prefix={<SafetyOutlined />} ref={totpRef} inputMode="numeric" maxLength={6} autoComplete="one-time-code" id="login-totp" />
            </Form.Item>
          )}
          <Button type="primary" htmlType="submit" block size="large" loading={busy} data-testid="login-submit">
            {t('login.submit')}
          </Button>
        </Form>
      </Card>
      <Typography.Text style={{ color: 'rgba(255,255,255,0.7)', marginTop: 24, fontSize: 12 }}>{t('login.footer')}</Typography.Text>
    </div>
  );
}
