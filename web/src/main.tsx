// Entry point of the Jiandu web UI.
import { StrictMode, useEffect, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/es/locale/zh_CN';
import enUS from 'antd/es/locale/en_US';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { I18nProvider, useI18n } from './i18n';
import { AuthProvider } from './auth/AuthContext';
import AppRoutes from './App';

function Themed({ children }: { children: ReactNode }) {
  const { lang } = useI18n();
  useEffect(() => {
    dayjs.locale(lang === 'zh' ? 'zh-cn' : 'en');
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    document.title = lang === 'zh' ? '监督 · 领导班子和一把手监督平台' : 'Jiandu · Supervision of leaders';
  }, [lang]);
  return (
    <ConfigProvider
      locale={lang === 'zh' ? zhCN : enUS}
      theme={{
        token: { colorPrimary: '#1f4e8c', borderRadius: 4, colorLink: '#1f4e8c' },
        components: { Layout: { siderBg: '#0f2540', triggerBg: '#0b1c31' }, Menu: { darkItemBg: '#0f2540', darkSubMenuItemBg: '#0b1c31', darkItemSelectedBg: '#1f4e8c' } },
      }}
    >
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <Themed>
        <BrowserRouter>
          <AuthProvider>
            <AppRoutes />
          </AuthProvider>
        </BrowserRouter>
      </Themed>
    </I18nProvider>
  </StrictMode>,
);
