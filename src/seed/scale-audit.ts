// A realistic audit log at scale, chained with the real chain functions (rowHash over canonicalRow,
// HMAC under the audit key), so `audit verify` accepts it byte for byte on either database.
// Six months of working days: most rows are audited reads of officials by a few busy users (the
// counts are skewed: Zipf over users and over officials), then sign-ins, changes, denials, failures.
import type { AuditLogTable } from '../db/schema.js';
import type { CryptoBox } from '../core/crypto.js';
import type { Role } from '../core/roles.js';
import { GENESIS_HASH, canonicalJson, rowHash } from '../modules/audit/chain.js';
import { type Rng, type WeightedTable, toDay, weightedTable } from './random.js';
import type { ScaleUser } from './scale-users.js';

export interface AuditTarget {
  id: string;
  orgId: string;
  name: string;
}

export interface AuditPlan {
  rows: number;
  today: string;
  /** Days of history before today (retention is at least six months). */
  days?: number;
  users: readonly ScaleUser[];
  officials: readonly AuditTarget[];
  orgs: readonly AuditTarget[];
  warnings: readonly AuditTarget[];
}

const READERS: Role[] = ['leader', 'supervisor', 'petition', 'casemgr', 'orgdept', 'inspector'];
type Group = 'readers' | 'orgdept' | 'handlers' | 'everyone' | 'audit_admin' | 'sys_admin' | 'sec_admin';

interface Kind {
  action: string;
  weight: number;
  who: Group;
  outcome?: 'ok' | 'failed' | 'denied';
  target?: 'official' | 'org' | 'warning' | 'user' | 'post' | 'family_member' | 'job';
  detail?: (rng: Rng, t: AuditTarget | null, actor: ScaleUser) => Record<string, unknown>;
}

const EDUCATION = ['大学', '研究生', '中央党校研究生', '大学本科'];
const KINDS: Kind[] = [
  { action: 'official.read', weight: 50, who: 'readers', target: 'official' },
  { action: 'auth.login', weight: 12, who: 'everyone', target: 'user', detail: (_r, _t, a) => ({ username: a.username, mfaPending: false }) },
  {
    action: 'auth.login', weight: 1.5, who: 'everyone', outcome: 'failed', target: 'user',
    detail: (r, _t, a) => ({ username: a.username, reason: r.chance(0.9) ? 'wrong password' : 'wrong password; locked' }),
  },
  { action: 'auth.logout', weight: 6, who: 'everyone', target: 'user' },
  {
    action: 'official.update', weight: 4, who: 'orgdept', target: 'official',
    detail: (r) => ({ change: r.chance(0.5) ? { education: r.pick(EDUCATION) } : { partyMember: true }, idNumberChanged: r.chance(0.05) }),
  },
  { action: 'post.update', weight: 2, who: 'orgdept', target: 'post', detail: (r) => ({ change: r.chance(0.5) ? { division: '分管办公室、人事工作' } : { isKeyPost: true } }) },
  { action: 'post.create', weight: 1.5, who: 'orgdept', target: 'post', detail: (r, t) => ({ officialId: t?.id, title: r.pick(['副局长', '局长', '副县长', '主任']), isPrincipal: r.chance(0.2) }) },
  { action: 'family.create', weight: 1, who: 'orgdept', target: 'family_member', detail: (r, t) => ({ officialId: t?.id, relation: r.pick(['spouse', 'child', 'parent', 'sibling']), idNumberGiven: true }) },
  { action: 'family.delete', weight: 0.2, who: 'orgdept', target: 'family_member' },
  { action: 'official.export', weight: 0.8, who: 'readers', detail: (r) => ({ filters: { subtree: true, principal: r.chance(0.5) } }) },
  { action: 'official.reveal-id-number', weight: 0.6, who: 'orgdept', target: 'official' },
  { action: 'official.create', weight: 0.5, who: 'orgdept', target: 'official', detail: (_r, t) => ({ name: t?.name }) },
  { action: 'official.import', weight: 0.05, who: 'orgdept', detail: (r) => ({ file: '干部任职导入.xlsx', officials: r.int(1, 40), posts: r.int(1, 60) }) },
  { action: 'org.update', weight: 0.4, who: 'orgdept', target: 'org', detail: (_r, t) => ({ change: { shortName: t?.name.slice(-6) } }) },
  { action: 'warning.assign', weight: 1, who: 'handlers', target: 'warning', detail: () => ({}) },
  { action: 'warning.resolve', weight: 0.6, who: 'handlers', target: 'warning', detail: () => ({ resolution: '已按规定交流轮岗' }) },
  { action: 'warning.dismiss', weight: 0.3, who: 'handlers', target: 'warning', detail: () => ({ reason: '任职时间计算有误，已核实' }) },
  { action: 'warnings.run', weight: 0.1, who: 'handlers', target: 'job', detail: () => ({ ruleId: null }) },
  {
    action: 'access.denied', weight: 1, who: 'everyone', outcome: 'denied',
    detail: (r) => r.pick([
      { action: 'officials.sensitive', route: '/api/officials/:id/id-number' },
      { action: 'officials.write', route: '/api/officials/:id' },
      { action: 'warnings.configure', route: '/api/warnings/rules/:id' },
    ]),
  },
  { action: 'audit.search', weight: 0.5, who: 'audit_admin', detail: (r) => ({ query: { limit: 50, action: r.pick(['official.read', 'auth.login', 'access.denied']) } }) },
  { action: 'audit.verify', weight: 0.05, who: 'audit_admin', detail: () => ({ ok: true }) },
  { action: 'user.update', weight: 0.2, who: 'sys_admin', target: 'user', detail: () => ({ displayName: '监督检查室' }) },
  { action: 'user.create', weight: 0.1, who: 'sys_admin', target: 'user', detail: (r) => ({ username: `new.user${r.int(1, 9999)}` }) },
  { action: 'user.password-reset', weight: 0.1, who: 'sys_admin', target: 'user' },
  { action: 'user.unlock', weight: 0.05, who: 'sys_admin', target: 'user' },
  { action: 'user.roles', weight: 0.1, who: 'sec_admin', target: 'user', detail: (r) => ({ roles: [r.pick(READERS)] }) },
  { action: 'user.scopes', weight: 0.1, who: 'sec_admin', target: 'user', detail: () => ({ orgIds: [] }) },
];

/** Zipf-like picks (weight 1/(rank+1)^s over a shuffled order): a few are picked very often. */
function zipf<T>(rng: Rng, items: readonly T[], s = 0.9): WeightedTable<T> {
  const order = rng.shuffle(items.slice());
  return weightedTable(order.map((x, i) => [x, 1 / Math.pow(i + 1, s)] as const));
}

/**
 * Generates `plan.rows` chained audit rows in time order and hands them over in pages. Memory stays
 * at one page whatever the total.
 */
export async function generateAuditLog(
  rng: Rng,
  crypto: CryptoBox,
  plan: AuditPlan,
  sink: (rows: AuditLogTable[]) => Promise<void>,
  pageSize = 5000,
): Promise<{ rows: number; headHash: string }> {
  if (plan.rows <= 0) return { rows: 0, headHash: GENESIS_HASH };
  const groups = new Map<Group, WeightedTable<ScaleUser> | null>();
  const pickable = plan.users;
  const byRole = (roles: Role[]) => pickable.filter((u) => u.roles.some((r) => roles.includes(r)));
  const group = (g: Group) => {
    if (!groups.has(g)) {
      const members =
        g === 'readers' ? byRole(READERS)
          : g === 'orgdept' ? byRole(['orgdept'])
            : g === 'handlers' ? byRole(['leader', 'supervisor'])
              : g === 'everyone' ? pickable.slice()
                : byRole([g]);
      groups.set(g, members.length ? zipf(rng, members) : null);
    }
    return groups.get(g)!;
  };
  const kinds = weightedTable(KINDS.map((k) => [k, k.weight] as const));
  const officials = plan.officials.length ? zipf(rng, plan.officials, 0.7) : null;
  const orgs = plan.orgs.length ? zipf(rng, plan.orgs, 0.7) : null;
  const warnings = plan.warnings.length ? zipf(rng, plan.warnings, 0.5) : null;

  // Rows per day: working days carry the load, weekends a little.
  const days = plan.days ?? 183;
  const todayDay = toDay(plan.today);
  const firstDay = todayDay - days;
  const dayWeight = (d: number) => ([0, 6].includes(new Date(d * 86_400_000).getUTCDay()) ? 0.12 : 1);
  let totalWeight = 0;
  for (let d = firstDay; d < todayDay; d++) totalWeight += dayWeight(d);
  const perDay: number[] = [];
  let assigned = 0;
  let acc = 0;
  for (let d = firstDay; d < todayDay; d++) {
    acc += dayWeight(d);
    const upTo = Math.round((acc / totalWeight) * plan.rows);
    perDay.push(upTo - assigned);
    assigned = upTo;
  }

  let prev = GENESIS_HASH;
  let seq = 0;
  let page: AuditLogTable[] = [];
  for (let di = 0; di < perDay.length; di++) {
    const n = perDay[di];
    if (n === 0) continue;
    const dayMs = (firstDay + di) * 86_400_000;
    // Office hours in Beijing (08:00–18:00 = 00:00–10:00 UTC) for most rows, the rest any time.
    const offsets: number[] = new Array(n);
    for (let i = 0; i < n; i++) offsets[i] = rng.chance(0.9) ? rng.int(0, 36_000_000 - 1) : rng.int(0, 86_400_000 - 1);
    offsets.sort((a, b) => a - b);
    for (let i = 0; i < n; i++) {
      let kind = rng.weighted(kinds);
      let who = group(kind.who);
      if (!who) {
        kind = KINDS[0];
        who = group('everyone')!;
      }
      const actor = rng.weighted(who);
      let target: AuditTarget | null = null;
      let targetType: string | null = kind.target ?? null;
      let targetId: string | null = null;
      let orgId: string | null = null;
      switch (kind.target) {
        case 'official':
        case 'post':
        case 'family_member':
          target = officials ? rng.weighted(officials) : null;
          targetId = target ? (kind.target === 'official' ? target.id : `${target.id.slice(0, 24)}${seq.toString(16).padStart(12, '0')}`) : null;
          orgId = target?.orgId ?? null;
          break;
        case 'org':
          target = orgs ? rng.weighted(orgs) : null;
          targetId = target?.id ?? null;
          orgId = target?.id ?? null;
          break;
        case 'warning':
          target = warnings ? rng.weighted(warnings) : null;
          if (!target) targetType = null;
          targetId = target?.id ?? null;
          orgId = target?.orgId ?? null;
          break;
        case 'user':
          targetId = kind.action.startsWith('auth.') ? actor.id : rng.pick(pickable).id;
          orgId = kind.action === 'auth.login' && kind.outcome !== 'failed' ? actor.orgId : null;
          break;
        case 'job':
          targetId = `${actor.id.slice(0, 24)}${seq.toString(16).padStart(12, '0')}`;
          break;
      }
      seq++;
      const row = {
        seq,
        at: new Date(dayMs + offsets[i]).toISOString(),
        actor_id: actor.id,
        actor_name: actor.username,
        action: kind.action,
        target_type: targetType,
        target_id: targetId,
        org_id: orgId,
        ip: actor.ip,
        outcome: kind.outcome ?? 'ok',
        detail: canonicalJson(kind.detail ? kind.detail(rng, target, actor) : {}),
      };
      const hash = rowHash(crypto, prev, row);
      page.push({ ...row, prev_hash: prev, row_hash: hash });
      prev = hash;
      if (page.length >= pageSize) {
        await sink(page);
        page = [];
      }
    }
  }
  if (page.length) await sink(page);
  return { rows: seq, headHash: prev };
}
