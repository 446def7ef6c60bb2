// An item's status is computed, never typed in: from its deadline, its reporting cycle and its reports.
// itemStatus() is the rule; statusSql() is the same rule as an SQL expression for lists that filter by it.
import { sql, type RawBuilder } from 'kysely';

export const ITEM_STATUSES = ['not_started', 'in_progress', 'done', 'overdue', 'stalled', 'withdrawn'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];
export const CYCLES = ['none', 'monthly', 'quarterly'] as const;
export type Cycle = (typeof CYCLES)[number];

/** Without a configured threshold, an item with no report for this many days is stalled. */
export const DEFAULT_STALLED_DAYS = 45;
/** Days a recurring item may go without a report: its cycle plus a grace period. */
const CYCLE_DAYS: Record<Exclude<Cycle, 'none'>, number> = { monthly: 31 + 10, quarterly: 92 + 15 };

export interface StatusInput {
  state: string; // open | closed | withdrawn
  deadline: string | null;
  cycle: string;
  startedOn: string;
  lastReportOn: string | null;
  doneOn: string | null;
}

export function addDays(isoDate: string, days: number): string {
  const d = new Date(isoDate.slice(0, 10) + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The last day a report may date from before the item counts as stalled, per cycle. */
export function stalledCutoffs(today: string, stalledDays: number): Record<Cycle, string> {
  return {
    none: addDays(today, -stalledDays),
    monthly: addDays(today, -CYCLE_DAYS.monthly),
    quarterly: addDays(today, -CYCLE_DAYS.quarterly),
  };
}

/**
 * withdrawn → withdrawn; an accepted completing report or a closed item → done; past the deadline →
 * overdue; no report (or since the item started) for longer than the cycle allows → stalled;
 * some report → in progress; otherwise not started.
 */
export function itemStatus(i: StatusInput, today: string, stalledDays = DEFAULT_STALLED_DAYS): ItemStatus {
  if (i.state === 'withdrawn') return 'withdrawn';
  if (i.doneOn || i.state === 'closed') return 'done';
  if (i.deadline && i.deadline < today) return 'overdue';
  const cutoff = stalledCutoffs(today, stalledDays)[(CYCLES as readonly string[]).includes(i.cycle) ? (i.cycle as Cycle) : 'none'];
  if ((i.lastReportOn ?? i.startedOn) < cutoff) return 'stalled';
  return i.lastReportOn ? 'in_progress' : 'not_started';
}

/** The same rule over the columns of `ledger_items` (aliased `t`), for WHERE and GROUP BY. */
export function statusSql(t: string, today: string, stalledDays = DEFAULT_STALLED_DAYS): RawBuilder<ItemStatus> {
  const c = (col: string) => sql.ref(`${t}.${col}`);
  const cut = stalledCutoffs(today, stalledDays);
  return sql<ItemStatus>`case
    when ${c('state')} = 'withdrawn' then 'withdrawn'
    when ${c('done_on')} is not null or ${c('state')} = 'closed' then 'done'
    when ${c('deadline')} is not null and ${c('deadline')} < ${today} then 'overdue'
    when coalesce(${c('last_report_on')}, ${c('started_on')}) < (case ${c('cycle')} when 'monthly' then ${cut.monthly} when 'quarterly' then ${cut.quarterly} else ${cut.none} end) then 'stalled'
    when ${c('last_report_on')} is not null then 'in_progress'
    else 'not_started' end`;
}
