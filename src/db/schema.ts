import type { Generated } from 'kysely';
import type { AttachmentTable } from './tables/attachments.js';
import type { LedgerTables } from './tables/ledger.js';
import type * as T from './tables/talks.js';
import type { CluesTables } from './tables/clues.js';
import type { PetitionsTables } from './tables/petitions.js';

// Row types of every table, as Kysely sees them. Portability rules (DESIGN.md):
// ids and timestamps are text (ISO-8601 UTC), booleans are 0/1 integers, JSON is text.

export interface OrgTable {
  id: string;
  parent_id: string | null;
  path: string; // materialized path of ids: "/<root>/<child>/…/<id>/"
  depth: number;
  name: string;
  short_name: string | null;
  level: string; // province | city | county | township
  kind: string; // see ORG_KINDS
  code: string | null;
  sort_order: number;
  search_text: string;
  created_at: string;
  updated_at: string;
}

export interface OrgStationedTable {
  group_org_id: string;
  unit_org_id: string;
}

export interface OfficialTable {
  id: string;
  org_id: string; // the organization that holds the official's file (scope)
  name: string;
  gender: string; // M | F
  birth_date: string | null;
  ethnicity: string | null;
  education: string | null;
  party_member: number;
  id_number_enc: string | null; // sealed with the record's key
  id_number_tail: string | null; // last 4 characters, for masked display and matching
  current_title: string | null;
  search_text: string;
  created_at: string;
  updated_at: string;
}

export interface PostTable {
  id: string;
  official_id: string;
  org_id: string;
  title: string;
  rank: string | null;
  division: string | null; // 分管
  is_team_member: number;
  is_principal: number;
  is_key_post: number;
  start_date: string;
  end_date: string | null;
  created_at: string;
  updated_at: string;
}

export interface FamilyMemberTable {
  id: string;
  official_id: string;
  org_id: string;
  relation: string; // spouse | child | child_spouse | parent | sibling
  name: string;
  id_number_enc: string | null;
  id_number_tail: string | null;
  employer: string | null;
  position: string | null;
  created_at: string;
  updated_at: string;
}

export interface RecordKeyTable {
  id: string; // same id as the record it seals
  wrapped_key: string;
  created_at: string;
}

export interface UserTable {
  id: string;
  username: string;
  display_name: string;
  org_id: string;
  password_hash: string;
  status: string; // active | disabled
  failed_logins: number;
  locked_until: string | null;
  totp_secret_enc: string | null;
  totp_enabled: number;
  totp_pending_enc: string | null;
  totp_last_step: Generated<number>;
  password_changed_at: string;
  last_login_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface UserRoleTable {
  user_id: string;
  role: string;
}

export interface UserScopeTable {
  user_id: string;
  org_id: string;
}

export interface SessionTable {
  id: string; // SHA-256 of the cookie token, never the token itself
  user_id: string;
  csrf_token: string;
  mfa_pending: number;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
}

export interface AuditLogTable {
  seq: number;
  at: string;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  org_id: string | null;
  ip: string | null;
  outcome: string; // ok | denied | failed
  detail: string; // canonical JSON text
  prev_hash: string;
  row_hash: string;
}

/** An audit row staged by a write transaction, not yet linked into the chain. */
export type AuditPendingTable = Omit<AuditLogTable, 'seq' | 'prev_hash' | 'row_hash'> & { id: string };

export interface WarningRuleConfigTable {
  rule_id: string;
  enabled: number;
  thresholds: string; // JSON
  updated_at: string;
  updated_by: string | null;
}

export interface WarningTable {
  id: string;
  rule_id: string;
  rule_version: number;
  subject_type: string;
  subject_id: string;
  cause_key: string;
  org_id: string;
  severity: string; // red | yellow | blue
  title: string;
  detail: string;
  basis: string;
  status: string; // open | assigned | resolved | dismissed
  assignee_id: string | null;
  resolution: string | null;
  raised_at: string;
  updated_at: string;
}

export interface WarningLinkTable {
  warning_id: string;
  record_type: string;
  record_id: string;
  label: string | null;
}

export interface JobTable {
  id: string;
  kind: string;
  payload: string;
  dedupe_key: string | null;
  status: string; // queued | running | done | failed
  attempts: number;
  max_attempts: number;
  run_at: string;
  locked_by: string | null;
  locked_until: string | null;
  last_error: string | null;
  result: string | null;
  created_at: string;
  finished_at: string | null;
}

export interface SettingTable {
  key: string;
  value: string;
  updated_at: string;
}

export interface DB extends LedgerTables {
  orgs: OrgTable;
  org_stationed: OrgStationedTable;
  officials: OfficialTable;
  posts: PostTable;
  family_members: FamilyMemberTable;
  record_keys: RecordKeyTable;
  users: UserTable;
  user_roles: UserRoleTable;
  user_scopes: UserScopeTable;
  sessions: SessionTable;
  audit_log: AuditLogTable;
  audit_pending: AuditPendingTable;
  warning_rule_configs: WarningRuleConfigTable;
  warnings: WarningTable;
  warning_links: WarningLinkTable;
  jobs: JobTable;
  settings: SettingTable;
  attachments: AttachmentTable;
  talk_types: T.TalkTypeTable;
  talks: T.TalkTable;
  talk_subjects: T.TalkSubjectTable;
  talk_problems: T.TalkProblemTable;
  talk_followups: T.TalkFollowupTable;
  talk_links: T.TalkLinkTable;
  inquiries: T.InquiryTable;
  inquiry_events: T.InquiryEventTable;
  admonishments: T.AdmonishmentTable;
  clues: CluesTables['clues'];
  clue_subjects: CluesTables['clue_subjects'];
  clue_disposals: CluesTables['clue_disposals'];
  clue_events: CluesTables['clue_events'];
  clue_transfers: CluesTables['clue_transfers'];
  consultations: CluesTables['consultations'];
  consultation_orgs: CluesTables['consultation_orgs'];
  consultation_clues: CluesTables['consultation_clues'];
  consultation_assignments: CluesTables['consultation_assignments'];
  search_docs: PetitionsTables['search_docs'];
  petition_matters: PetitionsTables['petition_matters'];
  petitions: PetitionsTables['petitions'];
  petition_subjects: PetitionsTables['petition_subjects'];
  petition_reveals: PetitionsTables['petition_reveals'];
}
