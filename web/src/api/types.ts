// Types of the Jiandu HTTP API, as the contract describes them (server: src/modules/*/schema.ts).

export type Permission =
  | 'orgs.read' | 'orgs.write'
  | 'officials.read' | 'officials.write' | 'officials.import' | 'officials.sensitive'
  | 'users.read' | 'users.write' | 'users.roles'
  | 'audit.read' | 'audit.verify'
  | 'warnings.read' | 'warnings.handle' | 'warnings.configure' | 'warnings.run'
  | 'dashboard.read'
  | 'ledger.read' | 'ledger.write' | 'ledger.report' | 'ledger.review'
  | 'talks.read' | 'talks.write' | 'talks.configure' | 'inquiries.read' | 'inquiries.write'
  | 'clues.read' | 'clues.write' | 'clues.dispose' | 'clues.approve'
  | 'petitions.read' | 'petitions.write' | 'petitions.import' | 'petitions.reveal-request' | 'petitions.reveal-approve' | 'petitions.analysis' | 'petitions.retention';

export type RoleName =
  | 'sys_admin' | 'sec_admin' | 'audit_admin' | 'leader' | 'supervisor' | 'petition'
  | 'casemgr' | 'orgdept' | 'inspector' | 'unit_reporter';

export interface Me {
  id: string;
  username: string;
  displayName: string;
  orgId: string;
  orgName: string;
  roles: string[];
  permissions: string[];
  totpEnabled: boolean;
  demoMode: boolean;
}

export interface LoginResult { user: Me; csrfToken: string; mfaSetupRequired: boolean }
export interface MeResult { user: Me; csrfToken: string }
export interface TotpSetup { secret: string; uri: string }

export interface Page<T> { items: T[]; total: number }
export type SortOrder = 'asc' | 'desc';

export type OrgLevel = 'province' | 'city' | 'county' | 'township';
export type OrgKind =
  | 'region' | 'party_committee' | 'congress' | 'government' | 'cppcc' | 'department' | 'soe'
  | 'university' | 'zone' | 'commission' | 'stationed_group' | 'org_department' | 'inspection_office';
export const ORG_LEVELS: OrgLevel[] = ['province', 'city', 'county', 'township'];
export const ORG_KINDS: OrgKind[] = [
  'region', 'party_committee', 'congress', 'government', 'cppcc', 'department', 'soe',
  'university', 'zone', 'commission', 'stationed_group', 'org_department', 'inspection_office',
];

export interface OrgNode { id: string; parentId: string | null; name: string; level: OrgLevel; kind: OrgKind; hasChildren: boolean }
export interface Org {
  id: string; parentId: string | null; name: string; shortName: string | null; level: OrgLevel; kind: OrgKind;
  code: string | null; path: string; depth: number;
}
export interface OrgDetail extends Org {
  ancestors: { id: string; name: string }[];
  stationedUnits: { id: string; name: string }[];
  childCount: number;
  sortOrder?: number;
}
export interface TeamMember {
  postId: string; officialId: string; name: string; title: string; rank: string | null; division: string | null;
  isPrincipal: boolean; isKeyPost: boolean; startDate: string; tenureYears: number;
}

export type Gender = 'M' | 'F';
export interface OfficialListItem {
  id: string; name: string; gender: Gender; birthDate: string | null; orgId: string; orgName: string;
  currentTitle: string | null; isPrincipal: boolean;
}
export interface Post {
  id: string; orgId: string; orgName: string; title: string; rank: string | null; division: string | null;
  isTeamMember: boolean; isPrincipal: boolean; isKeyPost: boolean; startDate: string; endDate: string | null;
  tenureYears: number;
}
export type Relation = 'spouse' | 'child' | 'child_spouse' | 'parent' | 'sibling';
export const RELATIONS: Relation[] = ['spouse', 'child', 'child_spouse', 'parent', 'sibling'];
export interface FamilyMember {
  id: string; relation: Relation; name: string; idNumberMasked: string | null; employer: string | null; position: string | null;
}
export interface OfficialDetail {
  id: string; name: string; gender: Gender; birthDate: string | null; ethnicity: string | null; education: string | null;
  partyMember: boolean | null; idNumberMasked: string | null; orgId: string; orgName: string; currentTitle: string | null;
  posts: Post[]; family: FamilyMember[];
}
export interface OfficialInput {
  orgId: string; name: string; gender: Gender; birthDate?: string | null; ethnicity?: string | null;
  education?: string | null; partyMember?: boolean; idNumber?: string | null;
}
export interface PostInput {
  orgId: string; title: string; rank?: string | null; division?: string | null; isTeamMember: boolean;
  isPrincipal: boolean; isKeyPost: boolean; startDate: string; endDate?: string | null;
}
export interface ImportRowError { row: number; field?: string; message: string }
export interface ImportResult { created: { officials: number; posts: number } }

export type UserStatus = 'active' | 'disabled';
export interface User {
  id: string; username: string; displayName: string; orgId: string; orgName: string; roles: string[];
  scopes: { id: string; name: string }[]; status: UserStatus; lockedUntil: string | null; totpEnabled: boolean;
  lastLoginAt: string | null;
}
/** Server-side sort keys of GET /api/users (default username asc). */
export type UserSort = 'username' | 'displayName' | 'lastLoginAt';
export interface RoleCatalogue { roles: { role: string; zh: string; en: string; actions: string[] }[]; actions: string[] }

export interface AuditEntry {
  seq: number; at: string; actorId: string | null; actorName: string | null; action: string; targetType: string | null;
  targetId: string | null; orgId: string | null; ip: string | null; outcome: string; detail: unknown; rowHash: string;
}
export interface AuditPage { items: AuditEntry[]; nextBefore: number | null }
export interface AuditVerify { ok: boolean; checked: number; headSeq: number; headHash: string; broken?: { seq: number; reason: string } }
export interface AuditCheckpoint { seq: number; hash: string; at: string; signature: string }
export interface CheckpointVerify { signatureValid: boolean; holds: boolean; headSeq: number }

export type Severity = 'red' | 'yellow' | 'blue';
export const SEVERITIES: Severity[] = ['red', 'yellow', 'blue'];
export type WarningStatus = 'open' | 'assigned' | 'resolved' | 'dismissed';
export const WARNING_STATUSES: WarningStatus[] = ['open', 'assigned', 'resolved', 'dismissed'];
export interface WarningLink { recordType: string; recordId: string; label: string | null }
export interface Warning {
  id: string; ruleId: string; ruleName: string; severity: Severity; title: string; detail: string; basis: string;
  status: WarningStatus; orgId: string | null; orgName: string | null; subjectType: string | null; subjectId: string | null;
  assignee: { id: string; displayName: string } | null; resolution: string | null; raisedAt: string; updatedAt: string;
  links: WarningLink[];
}
/** Server-side sort keys of GET /api/warnings (default raisedAt desc; severity asc puts red first). */
export type WarningSort = 'raisedAt' | 'updatedAt' | 'severity';
export interface WarningPage extends Page<Warning> { counts: Record<WarningStatus, number> }
export type Thresholds = Record<string, number | string | boolean>;
export interface WarningRule {
  id: string; name: string; nameEn: string; module: string; basis: string; version: number | string; severity: Severity;
  enabled: boolean; thresholds: Thresholds; defaults: Thresholds;
}
export interface Job {
  id: string; kind: string; status: 'queued' | 'running' | 'done' | 'failed';
  result: { raised?: number; checked?: number; [k: string]: unknown } | null; lastError: string | null;
}

export interface DashboardSummary {
  orgs: number; officials: number; principals: number;
  openWarnings: Record<Severity, number>;
  warningsByRule: { ruleId: string; name: string; count: number }[];
}
export interface Health { status: string; db: string; version: string }
