// Row types of the clues module (问题线索, disposal, transfers, consultation). Portability rules as in schema.ts.

export interface ClueTable {
  id: string;
  org_id: string; // the body handling the clue (scope)
  code: string; // 线索编号, unique per deployment
  source: string; // report | inspection | audit | transfer_in | other
  petition_id: string | null; // the report it came from (source = report)
  transfer_id: string | null; // the transfer it came in by (source = transfer_in)
  summary: string;
  discipline: string; // one of the six disciplines
  sector: string | null;
  received_date: string;
  state: string; // registered | proposed | disposing | concluded
  method: string | null; // talk_inquiry | preliminary_check | hold | close (the approved disposal)
  deadline: string | null; // disposal deadline (YYYY-MM-DD)
  form: number | null; // 四种形态 1–4, set when concluded
  sanction: string | null;
  outcome: string | null;
  linked_type: string | null; // a record of another module, e.g. "inquiry"
  linked_id: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  concluded_at: string | null;
}

export interface ClueSubjectTable {
  clue_id: string;
  subject_type: string; // official | org
  subject_id: string;
  org_id: string; // the subject's organization (an official's file-holding org)
}

export interface ClueDisposalTable {
  id: string;
  clue_id: string;
  method: string;
  deadline: string;
  reason: string;
  status: string; // pending | approved | rejected
  proposed_by: string;
  proposed_at: string;
  decided_by: string | null;
  decided_at: string | null;
  decision_note: string | null;
}

export interface ClueEventTable {
  id: string;
  clue_id: string;
  at: string;
  actor_id: string | null;
  actor_name: string;
  action: string; // create | propose | approve | reject | conclude | link | transfer | receive | feedback | consult
  detail: string; // JSON
}

export interface ClueTransferTable {
  id: string;
  clue_id: string;
  from_org_id: string;
  to_org_id: string;
  note: string;
  sent_date: string;
  feedback_due: string;
  sent_by: string;
  status: string; // sent | received | fed_back
  received_at: string | null;
  received_by: string | null;
  receipt_note: string | null;
  received_clue_id: string | null; // the clue registered at the receiving body
  result: string | null;
  result_at: string | null;
  result_by: string | null;
  created_at: string;
}

export interface ConsultationTable {
  id: string;
  org_id: string; // the host body (scope)
  meeting_date: string;
  title: string;
  other_participants: string | null; // bodies outside the tree (公安, 检察院 …), free text
  conclusions: string;
  created_by: string;
  created_at: string;
}

export interface ConsultationOrgTable {
  consultation_id: string;
  org_id: string;
}

export interface ConsultationClueTable {
  consultation_id: string;
  clue_id: string;
  opinion: string | null;
}

export interface ConsultationAssignmentTable {
  id: string;
  consultation_id: string;
  task: string;
  assignee_org_id: string;
  due_date: string | null;
}

export interface CluesTables {
  clues: ClueTable;
  clue_subjects: ClueSubjectTable;
  clue_disposals: ClueDisposalTable;
  clue_events: ClueEventTable;
  clue_transfers: ClueTransferTable;
  consultations: ConsultationTable;
  consultation_orgs: ConsultationOrgTable;
  consultation_clues: ConsultationClueTable;
  consultation_assignments: ConsultationAssignmentTable;
}
