// The supervision ledger at benchmark scale (issue #7). The province's slice writes its measures
// document (5 areas × 5 measures × 3 tasks): one task per measure is handed down, the others are broken
// down to the province's own bodies. Every later slice hands five of those tasks down to each of its
// cities and counties, which break their share down to every org of theirs (one part handed on into
// the org's own ledger), each leaf with a year of monthly progress reports ending in one of the demo's
// scenarios (so every status and every report state is present). At city scale ≈ 1,000,000 reports.
// Written one city or county at a time (memory stays bounded); `ledger_item_reach` is kept by the
// builder exactly as the module keeps it.
import type { Insertable } from 'kysely';
import type { LedgerTables } from '../db/tables/ledger.js';
import type { Trx } from '../core/module.js';
import { type Item, KIND_OF, LedgerBuilder, SCENARIOS } from './ledger.js';
import type { Body } from './ledger-text.js';
import type { OrgInfo } from './orgs.js';
import type { Rng } from './random.js';
import type { ChunkContext, ScaleContributor } from './scale-modules.js';

const AREAS = ['强化政治监督', '压实主体责任', '加强日常监督', '严格权力运行', '深化以案促改'];
const MEASURES = ['健全制度机制', '明确责任清单', '开展专项检查', '推动整改落实', '强化考核问责'];
const TASKS = ['制定工作方案', '组织督促检查', '建立工作台账'];
const LEADS: Body[] = ['C', 'O', 'I', 'P'];
/** Leaves per org under its region's share; one of them is handed on into the org's own ledger. */
const LEAVES_PER_ORG = 11;
const HAND_DOWNS_PER_REGION = 5;

/** The province's document, kept from the first slice for the later ones (a few hundred bytes). */
let province: { handed: { item: Item; lead: Body }[]; reach: Map<string, string[]> } | null = null;

const bodyOf = (region: OrgInfo, key: Body) =>
  (region.units.find((u) => u.row.kind === KIND_OF[key]) ?? region.units.find((u) => u.row.kind === 'commission') ?? region).row.id;

/** A year of monthly reports before the scenario's own (accepted, some returned and resubmitted). */
function history(b: LedgerBuilder, leaf: Item, started: number, rng: Rng) {
  let progress = 0;
  for (let offset = started + rng.int(10, 25); offset <= -130; offset += rng.int(26, 34)) {
    progress = Math.min(45, progress + rng.int(2, 6));
    if (rng.chance(0.12)) {
      b.report(leaf, offset, progress, 'returned', '本月工作进展情况。', { note: '佐证材料不全，请补充。' });
      b.report(leaf, offset + 4, progress, 'accepted', '已补充佐证材料。');
    } else b.report(leaf, offset, progress, 'accepted', '本月按计划推进各项工作。');
  }
}

function leafWithReports(b: LedgerBuilder, leaf: Item, started: number, rng: Rng) {
  const scenario = rng.pick(SCENARIOS);
  if (scenario !== 'not_started') history(b, leaf, started, rng);
  b.scenario(leaf, scenario, rng);
  if (rng.chance(0.01)) leaf.state = 'withdrawn';
}

async function flush(ctx: ChunkContext, trx: Trx, b: LedgerBuilder, counts: Record<string, number>) {
  const rows = b.take();
  for (const [table, list] of Object.entries(rows) as [keyof LedgerTables, Insertable<LedgerTables[keyof LedgerTables]>[]][]) {
    counts[table] = (counts[table] ?? 0) + (await ctx.insert(trx, table, list));
  }
}

async function provinceSlice(ctx: ChunkContext, counts: Record<string, number>) {
  const { rng, today } = ctx;
  const root = ctx.tree.root;
  const commission = bodyOf(root, 'C');
  const b = new LedgerBuilder(ctx.ids, today);
  const year = Number(today.slice(0, 4));
  const doc = b.document(commission, 'measures', '关于加强对“一把手”和领导班子监督的若干措施（全省）', `示纪发〔${year}〕5号`, -420, year);
  const handed: { item: Item; lead: Body }[] = [];
  const kept: Item[] = [];
  AREAS.forEach((area, ai) => {
    const a = b.item(doc, null, { kind: 'area', title: area, orgId: commission, leadOrgId: commission, reviewerOrgId: commission, startedOffset: -410 });
    MEASURES.forEach((measure, mi) => {
      const lead = LEADS[(ai + mi) % LEADS.length];
      const m = b.item(doc, a, { kind: 'measure', title: `${area}：${measure}`, orgId: commission, leadOrgId: bodyOf(root, lead), reviewerOrgId: commission, startedOffset: -410 });
      TASKS.forEach((task, ti) => {
        const t = b.item(doc, m, {
          kind: 'task', title: `${measure}：${task}`, orgId: commission, leadOrgId: bodyOf(root, lead), reviewerOrgId: commission, startedOffset: -400,
          cycle: 'monthly', outcome: '形成制度成果并落实到位', measureBy: '制度文件印发、覆盖率、问题整改率', evidence: '文件、会议纪要、工作台账',
        });
        if (ti === 0) handed.push({ item: t, lead });
        else kept.push(t);
      });
    });
  });
  // The province's own bodies report on the tasks kept at province level.
  for (const org of ctx.orgs.filter((o) => o.row.kind !== 'region')) {
    for (let i = 0; i < LEAVES_PER_ORG; i++) {
      const parent = kept[rng.int(0, kept.length - 1)];
      const started = -rng.int(330, 400);
      const leaf = b.item(doc, parent, { kind: 'sub', title: parent.title, orgId: commission, leadOrgId: org.row.id, reviewerOrgId: commission, startedOffset: started, cycle: 'monthly' });
      leafWithReports(b, leaf, started, rng);
    }
  }
  // Handed-down tasks get their children in later slices: written now, their child_count set in afterPeople.
  province = { handed, reach: new Map(handed.map((h) => [h.item.id, b.reachOf(h.item.id)])) };
  await flush(ctx, ctx.trx, b, counts);
}

/** One city or county: five tasks handed down to it, broken down to every org it owns. */
async function regionShare(ctx: ChunkContext, region: OrgInfo, owned: OrgInfo[], counts: Record<string, number>) {
  const { rng } = ctx;
  const b = new LedgerBuilder(ctx.ids, ctx.today);
  const shares = rng.sample(province!.handed, HAND_DOWNS_PER_REGION).map(({ item, lead }) => {
    b.adopt(item, province!.reach.get(item.id)!);
    return b.assign(item, bodyOf(region, lead), -rng.int(360, 380), '请结合本地实际细化落实，按月报送进展。');
  });
  for (const org of owned) {
    for (let i = 0; i < LEAVES_PER_ORG; i++) {
      const share = shares[(i + rng.int(0, shares.length - 1)) % shares.length];
      const started = -rng.int(300, 350);
      let leaf = b.item(share.document_id, share, {
        kind: 'sub', title: `${share.title}（${org.row.name}）`, orgId: share.org_id, leadOrgId: i === 0 ? share.org_id : org.row.id,
        reviewerOrgId: share.org_id, startedOffset: started, cycle: 'monthly',
      });
      // The first part is handed on: the leaf lies in the org's own ledger.
      if (i === 0) leaf = b.assign(leaf, org.row.id, started + 5, null);
      leafWithReports(b, leaf, started, rng);
    }
  }
  await flush(ctx, ctx.trx, b, counts);
}

export const ledgerScale: ScaleContributor = {
  module: 'ledger',
  async perChunk(ctx) {
    const counts: Record<string, number> = {};
    if (ctx.orgs.some((o) => o === ctx.tree.root)) {
      await provinceSlice(ctx, counts);
      return counts;
    }
    if (!province) throw new Error('ledger scale: the province slice must come first');
    // Cities and counties take a share; a township's orgs belong to its county.
    const owner = new Map<OrgInfo, OrgInfo[]>();
    const inSlice = new Set(ctx.orgs);
    const countyOf = new Map<OrgInfo, OrgInfo>();
    for (const r of ctx.orgs) for (const c of r.childRegions) countyOf.set(c, r);
    for (const org of ctx.orgs) {
      const level = org.row.level;
      if (org.row.kind === 'region' && (level === 'city' || level === 'county')) {
        if (!owner.has(org)) owner.set(org, []);
        continue;
      }
      const region = org.region.row.level === 'township' ? countyOf.get(org.region) : org.region;
      if (!region || !inSlice.has(region)) continue;
      const list = owner.get(region) ?? [];
      list.push(org);
      owner.set(region, list);
    }
    for (const [region, owned] of owner) await regionShare(ctx, region, owned, counts);
    return counts;
  },
  async afterPeople(ctx) {
    // The handed-down tasks are parents now: the roll-up counts leaves (child_count = 0) only.
    const ids = province?.handed.map((h) => h.item.id) ?? [];
    province = null;
    for (const id of ids) {
      const n = await ctx.trx.selectFrom('ledger_items').select((eb) => eb.fn.countAll<number>().as('n')).where('parent_id', '=', id).executeTakeFirstOrThrow();
      await ctx.trx.updateTable('ledger_items').set({ child_count: Number(n.n) }).where('id', '=', id).execute();
    }
    return {};
  },
};
