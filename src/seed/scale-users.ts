// Accounts at scale: the twelve demo logins (same usernames, same places) plus the people who use
// the system in every region: each commission's leader, supervisors, petition officer and case
// manager, each organization department and inspection office, one supervisor per stationed group,
// and a reporter in a quarter of the departments. A few accounts are disabled, a few carry failed
// sign-ins: records in every state. One password hash for all (DEMO_PASSWORD): scrypt is slow on purpose.
import type { Insertable } from 'kysely';
import type { UserRoleTable, UserScopeTable, UserTable } from '../db/schema.js';
import type { Role } from '../core/roles.js';
import { type DemoLogin, buildUsers } from './demo.js';
import type { OrgInfo, OrgTree } from './orgs.js';
import { type IdSource, type Rng, fromDay, toDay } from './random.js';

export interface ScaleUser {
  id: string;
  username: string;
  orgId: string;
  roles: Role[];
  /** A stable pseudo-address for audit rows. */
  ip: string;
}

export interface ScaleUsers {
  /** Shaped like the demo accounts' rows (the template), so new columns of users follow the demo. */
  users: Insertable<UserTable>[];
  roles: UserRoleTable[];
  scopes: UserScopeTable[];
  logins: DemoLogin[];
  /** Everyone, for the audit generator (who did what). */
  people: ScaleUser[];
}

interface Seat {
  org: OrgInfo;
  role: Role;
  label: string;
  /** Explicit scope (user_scopes); none: the user's own org (a stationed group: its units). */
  scope: OrgInfo | null;
}

export function buildScaleUsers(rng: Rng, tree: OrgTree, ids: IdSource, today: string, passwordHash: string): ScaleUsers {
  const timestamp = `${today}T00:00:00.000Z`;
  const base = buildUsers(tree, ids, timestamp);
  for (const u of base.users) u.password_hash = passwordHash;
  const users = [...base.users];
  const template = base.users[0];
  const roles = [...base.roles];
  const scopes = [...base.scopes];
  const taken = new Set(users.map((u) => u.username));
  const todayDay = toDay(today);

  // Region tags for usernames: sf (the province), c03 (a city), c03k07 (a county).
  const tagOf = new Map<string, string>();
  tagOf.set(tree.root.row.id, 'sf');
  tree.root.childRegions.forEach((city, ci) => {
    const c = `c${String(ci + 1).padStart(2, '0')}`;
    tagOf.set(city.row.id, c);
    city.childRegions.forEach((county, ki) => tagOf.set(county.row.id, `${c}k${String(ki + 1).padStart(2, '0')}`));
  });

  const seats: Seat[] = [];
  for (const region of tree.orgs) {
    if (region.row.kind !== 'region') continue;
    const commission = region.units.find((u) => u.row.kind === 'commission');
    const orgDept = region.units.find((u) => u.row.kind === 'org_department');
    const inspection = region.units.find((u) => u.row.kind === 'inspection_office');
    if (commission) {
      seats.push({ org: commission, role: 'leader', label: '领导', scope: region });
      seats.push({ org: commission, role: 'supervisor', label: '监督检查室', scope: region });
      seats.push({ org: commission, role: 'supervisor', label: '监督检查室', scope: region });
      seats.push({ org: commission, role: 'petition', label: '信访室', scope: region });
      seats.push({ org: commission, role: 'casemgr', label: '案件监督管理室', scope: region });
    }
    if (orgDept) seats.push({ org: orgDept, role: 'orgdept', label: '干部监督', scope: region });
    if (inspection) seats.push({ org: inspection, role: 'inspector', label: '', scope: region });
    for (const unit of region.units) {
      if (unit.row.kind === 'stationed_group') seats.push({ org: unit, role: 'supervisor', label: '', scope: null });
      else if (unit.row.kind === 'department' && rng.chance(0.25)) seats.push({ org: unit, role: 'unit_reporter', label: '填报员', scope: unit });
    }
  }

  const counters = new Map<string, number>();
  for (const seat of seats) {
    const tag = tagOf.get(seat.org.region.row.id) ?? 'x';
    const key = `${tag}.${seat.role}`;
    const n = (counters.get(key) ?? 0) + 1;
    counters.set(key, n);
    let username = `${key}${n}`.replaceAll('_', '');
    while (taken.has(username)) username += 'x';
    taken.add(username);
    const id = ids.next();
    const disabled = rng.chance(0.02);
    const failed = disabled ? 0 : rng.chance(0.05) ? rng.int(1, 4) : 0;
    const lastLogin = rng.chance(0.9) ? `${fromDay(todayDay - rng.int(0, 120))}T0${rng.int(0, 9)}:${rng.int(10, 59)}:00.000Z` : null;
    users.push({
      ...template,
      id,
      username,
      display_name: `${seat.org.row.short_name ?? seat.org.row.name}${seat.label}`,
      org_id: seat.org.row.id,
      password_hash: passwordHash,
      status: disabled ? 'disabled' : 'active',
      failed_logins: failed,
      password_changed_at: `${fromDay(todayDay - rng.int(0, 400))}T00:00:00.000Z`,
      last_login_at: lastLogin,
      created_at: timestamp,
      updated_at: timestamp,
    });
    roles.push({ user_id: id, role: seat.role });
    if (seat.scope) scopes.push({ user_id: id, org_id: seat.scope.row.id });
  }

  const roleOf = new Map<string, Role[]>();
  for (const r of roles) roleOf.set(r.user_id, [...(roleOf.get(r.user_id) ?? []), r.role as Role]);
  const people = users.map((u, i) => ({
    id: u.id,
    username: u.username,
    orgId: u.org_id,
    roles: roleOf.get(u.id) ?? [],
    ip: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${(i & 255) || 1}`,
  }));
  return { users, roles, scopes, logins: base.logins, people };
}
