// Whole-page states: loading, error (with the server's message and a retry), forbidden.
import { Button, Result, Spin } from 'antd';
import { ApiError } from '../api';
import { useT } from '../i18n';
import { useErrorText } from './hooks';

export function Loading() {
  return (
    <div style={{ padding: 64, textAlign: 'center' }}>
      <Spin size="large" />
    </div>
  );
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const t = useT();
  const text = useErrorText();
  const status = error instanceof ApiError ? error.status : 0;
  return (
    <Result
      status={status === 404 ? '404' : status === 403 ? '403' : 'error'}
      title={t('common.loadFailed')}
      subTitle={text(error)}
      extra={onRetry ? <Button onClick={onRetry}>{t('common.retry')}</Button> : undefined}
    />
  );
}

export function Forbidden() {
  const t = useT();
  return <Result status="403" title="403" subTitle={t('common.forbidden')} />;
}
