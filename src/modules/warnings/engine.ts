// Runs warning rules: each rule streams findings, which are raised in batches, once each.
import type { Db, Dialect } from '../../db/index.js';
import type { Finding, WarningRule } from '../../core/module.js';
import { nowIso, today } from '../../core/time.js';
import { raiseFindings } from './store.js';

export interface RuleSettings {
  enabled: boolean;
  thresholds: Record<string, number>;
}

export async function ruleSettings(db: Db, rules: readonly WarningRule<any>[]): Promise<Map<string, RuleSettings>> {
  const rows = await db.selectFrom('warning_rule_configs').selectAll().execute();
  const byId = new Map(rows.map((r) => [r.rule_id, r]));
  return new Map(rules.map((rule) => {
    const row = byId.get(rule.id);
    const stored = row ? rule.thresholdSchema.safeParse({ ...rule.defaults, ...JSON.parse(row.thresholds) }) : null;
    return [rule.id, { enabled: row ? row.enabled === 1 : true, thresholds: stored?.success ? stored.data : { ...rule.defaults } }];
  }));
}

export async function saveRuleSettings(db: Db, ruleId: string, s: RuleSettings, userId: string) {
  const values = { rule_id: ruleId, enabled: s.enabled ? 1 : 0, thresholds: JSON.stringify(s.thresholds), updated_at: nowIso(), updated_by: userId };
  await db.insertInto('warning_rule_configs').values(values)
    .onConflict((oc) => oc.column('rule_id').doUpdateSet({ enabled: values.enabled, thresholds: values.thresholds, updated_at: values.updated_at, updated_by: userId }))
    .execute();
}

export interface RunSummary {
  checked: number;
  raised: number;
  rules: { id: string; findings: number; raised: number }[];
}

/** Runs the enabled rules (or one) and raises what they find. `asOf` is the day the rules count from
 *  (default: today); the scale generator passes its own day so that its data is reproducible. */
export async function runRules(db: Db, dialect: Dialect, rules: readonly WarningRule<any>[], onlyRuleId?: string, asOf?: string): Promise<RunSummary> {
  const settings = await ruleSettings(db, rules);
  const summary: RunSummary = { checked: 0, raised: 0, rules: [] };
  const BATCH = 500;
  for (const rule of rules) {
    if (onlyRuleId && rule.id !== onlyRuleId) continue;
    const s = settings.get(rule.id)!;
    if (!s.enabled) continue;
    let findings = 0;
    let raised = 0;
    let batch: Finding[] = [];
    const flush = async () => {
      const b = batch;
      batch = [];
      raised += await db.transaction().execute((trx) => raiseFindings(trx, rule, b));
    };
    for await (const f of rule.evaluate({ db, dialect, today: asOf ?? today(), thresholds: s.thresholds })) {
      findings++;
      batch.push(f);
      if (batch.length >= BATCH) await flush();
    }
    await flush();
    summary.rules.push({ id: rule.id, findings, raised });
    summary.checked += findings;
    summary.raised += raised;
  }
  return summary;
}
