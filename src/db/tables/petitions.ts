// Row types of the petitions module (信访举报) and of the generic search index. Portability rules as in schema.ts.
import type { Generated } from 'kysely';

export interface SearchDocTable {
  id: Generated<number>;
  doc_type: string; // petition | clue | …
  doc_id: string;
  org_id: string;
  search_text: string; // segmented words, space-separated
  updated_at: string;
}

export interface PetitionMatterTable {
  id: string;
  org_id: string;
  title: string;
  status: string; // open | closed
  report_count: number;
  first_received_at: string;
  last_received_at: string;
  closed_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface PetitionTable {
  id: string;
  org_id: string;
  matter_id: string;
  serial: string;
  channel: string; // letter | visit | phone | online | transferred
  received_at: string;
  anonymous: number;
  reporter_name_enc: string | null;
  reporter_id_enc: string | null;
  reporter_id_tail: string | null;
  reporter_contact_enc: string | null;
  reporter_contact_tail: string | null;
  summary: string;
  content: string;
  discipline: string;
  sector: string;
  status: string; // registered | processing | to_clue | closed
  result: string | null;
  created_by: string;
  closed_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface PetitionSubjectTable {
  petition_id: string;
  subject_type: string; // official | org
  subject_id: string;
  org_id: string;
  role: string; // principal | team_member | official | org
  received_at: string;
}

export interface PetitionRevealTable {
  id: string;
  petition_id: string;
  org_id: string;
  requested_by: string;
  reason: string;
  status: string; // pending | approved | rejected
  decided_by: string | null;
  decided_at: string | null;
  expires_at: string | null;
  views: number;
  created_at: string;
}

export interface PetitionsTables {
  search_docs: SearchDocTable;
  petition_matters: PetitionMatterTable;
  petitions: PetitionTable;
  petition_subjects: PetitionSubjectTable;
  petition_reveals: PetitionRevealTable;
}
