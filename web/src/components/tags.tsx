// Coloured tags for the domain's enumerations.
import { Tag } from 'antd';
import { useI18n } from '../i18n';
import type { OrgKind, OrgLevel, Severity, WarningStatus } from '../api';

export const SEVERITY_COLOR: Record<Severity, string> = { red: '#cf1322', yellow: '#d4b106', blue: '#1677ff' };
const SEVERITY_TAG: Record<Severity, string> = { red: 'red', yellow: 'gold', blue: 'blue' };

export function SeverityTag({ severity }: { severity: Severity }) {
  const { tk } = useI18n();
  return (
    <Tag color={SEVERITY_TAG[severity] ?? 'default'} data-severity={severity}>
      {tk('sev', severity)}
    </Tag>
  );
}

const STATUS_COLOR: Record<WarningStatus, string> = { open: 'volcano', assigned: 'processing', resolved: 'success', dismissed: 'default' };

export function WarningStatusTag({ status }: { status: WarningStatus }) {
  const { tk } = useI18n();
  return <Tag color={STATUS_COLOR[status] ?? 'default'}>{tk('warn.status', status)}</Tag>;
}

const LEVEL_COLOR: Record<OrgLevel, string> = { province: 'magenta', city: 'purple', county: 'geekblue', township: 'cyan' };

export function LevelTag({ level }: { level: OrgLevel }) {
  const { tk } = useI18n();
  return <Tag color={LEVEL_COLOR[level] ?? 'default'}>{tk('level', level)}</Tag>;
}

export function KindTag({ kind }: { kind: OrgKind }) {
  const { tk } = useI18n();
  return <Tag>{tk('kind', kind)}</Tag>;
}

export function PrincipalTag() {
  const { t } = useI18n();
  return (
    <Tag color="#a8071a" style={{ fontWeight: 600 }}>
      {t('org.principal')}
    </Tag>
  );
}

export function KeyPostTag() {
  const { t } = useI18n();
  return <Tag color="orange">{t('org.keyPost')}</Tag>;
}

export function RoleTag({ role }: { role: string }) {
  const { tk } = useI18n();
  const admin = role === 'sys_admin' || role === 'sec_admin' || role === 'audit_admin';
  return <Tag color={admin ? 'red' : 'blue'}>{tk('role', role)}</Tag>;
}
