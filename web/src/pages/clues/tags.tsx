// Coloured tags of the clue vocabularies.
import { Tag, Tooltip } from 'antd';
import { useI18n } from '../../i18n';
import type { ClueState, Method } from './api';

const STATE_COLOR: Record<ClueState, string> = { registered: 'default', proposed: 'gold', disposing: 'processing', concluded: 'success' };
const METHOD_COLOR: Record<Method, string> = { talk_inquiry: 'cyan', preliminary_check: 'geekblue', hold: 'purple', close: 'default' };
export const FORM_COLOR = ['#52c41a', '#faad14', '#fa541c', '#a8071a'];

export function ClueStateTag({ state }: { state: ClueState }) {
  const { tk } = useI18n();
  return <Tag color={STATE_COLOR[state]} data-state={state}>{tk('clue.st', state)}</Tag>;
}

export function MethodTag({ method }: { method: Method | null }) {
  const { tk } = useI18n();
  return method ? <Tag color={METHOD_COLOR[method]}>{tk('clue.m', method)}</Tag> : null;
}

export function FormTag({ form }: { form: number | null }) {
  const { tk } = useI18n();
  if (!form) return null;
  return (
    <Tooltip title={tk('clue.fd', String(form))}>
      <Tag color={FORM_COLOR[form - 1]}>{tk('clue.f', String(form))}</Tag>
    </Tooltip>
  );
}

export function OverdueTag() {
  const { t } = useI18n();
  return <Tag color="red">{t('clue.overdue')}</Tag>;
}
