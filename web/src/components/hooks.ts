// Small shared hooks: loading data with loading/error state, and showing API errors.
import { useCallback, useEffect, useRef, useState } from 'react';
import { App, type FormInstance } from 'antd';
import { ApiError } from '../api';
import { useT } from '../i18n';

export interface AsyncState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
  setData: (d: T | undefined) => void;
}

/** Runs `fn` when `deps` change (and on reload()), cancelling stale answers. */
export function useAsync<T>(fn: (signal: AbortSignal) => Promise<T>, deps: unknown[], enabled = true): AsyncState<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState<boolean>(enabled);
  const [tick, setTick] = useState(0);
  const fnRef = useRef(fn);
  fnRef.current = fn;
  useEffect(() => {
    if (!enabled) {
      setLoading(false);
      return;
    }
    const ctl = new AbortController();
    setLoading(true);
    setError(null);
    fnRef
      .current(ctl.signal)
      .then((d) => {
        if (!ctl.signal.aborted) {
          setData(d);
          setLoading(false);
        }
      })
      .catch((e: unknown) => {
        if (!ctl.signal.aborted) {
          setError(e);
          setLoading(false);
        }
      });
    return () => ctl.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick, enabled]);
  const reload = useCallback(() => setTick((x) => x + 1), []);
  return { data, error, loading, reload, setData };
}

/** The text to show for an error from the API. */
export function useErrorText(): (err: unknown) => string {
  const t = useT();
  return useCallback(
    (err: unknown) => {
      if (err instanceof ApiError) {
        if (err.status === 0) return t('common.networkError');
        if (err.status === 403) return err.message && err.code !== 'forbidden' ? err.message : t('common.forbidden');
        if (err.status === 404) return t('common.notFound');
        return err.message;
      }
      if (err instanceof Error) return err.message;
      return String(err);
    },
    [t],
  );
}

/**
 * Shows an API error: the message in a toast, and, when the server names a field that the
 * given form holds, the message under that field too.
 */
export function useApiError(): (err: unknown, form?: FormInstance) => void {
  const { message } = App.useApp();
  const text = useErrorText();
  return useCallback(
    (err: unknown, form?: FormInstance) => {
      if (err instanceof ApiError && err.status === 401 && err.code !== 'totp_required') return; // sent to /login
      if (err instanceof ApiError && err.code === 'mfa_setup_required') return; // sent to /totp-setup
      const msg = text(err);
      if (form && err instanceof ApiError && err.field) {
        const name = err.field.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
        form.setFields([{ name, errors: [msg] }]);
      }
      void message.error(msg);
    },
    [message, text],
  );
}

/** Debounces a value. */
export function useDebounced<T>(value: T, ms = 300): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setV(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return v;
}

/** An export button's behaviour: a loading message while the file is made, errors shown. */
export function useExport(run: () => Promise<void>): { exporting: boolean; doExport: () => Promise<void> } {
  const [exporting, setExporting] = useState(false);
  const { message } = App.useApp();
  const showError = useApiError();
  const t = useT();
  const doExport = async () => {
    setExporting(true);
    const hide = message.loading(t('common.exporting'), 0);
    try {
      await run();
    } catch (e) {
      showError(e);
    } finally {
      hide();
      setExporting(false);
    }
  };
  return { exporting, doExport };
}
