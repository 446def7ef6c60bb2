// Row types of the talks (谈话), written inquiries (函询) and admonishments (诫勉) tables.

export interface TalkTypeTable {
  id: string; // stable code: heart | appointment | integrity | supervision | reminder | interview | admonition | collective
  name: string;
  name_en: string;
  trigger_text: string; // 启动情形
  subject_kind: string; // 谈话对象
  conducting_body: string; // 实施主体
  cooperating_bodies: string; // 配合单位
  safeguards: string; // 保障措施
  cadence_months: number | null; // required cadence, if any
  collective: number; // may be held with many subjects at once
  sort_order: number;
  updated_at: string;
  updated_by: string | null;
}

export interface TalkTable {
  id: string;
  org_id: string; // the conducting body: its subtree (and roles with rights there) see the talk
  type_id: string;
  mode: string; // individual | collective
  status: string; // planned | held
  talk_date: string; // YYYY-MM-DD: planned date, or the date held
  place: string | null;
  conductors: string; // names, as recorded
  lead_conductor_id: string | null; // the official who led the talk, when known
  topic: string;
  summary: string | null;
  requirements: string | null;
  subject_count: number;
  subject_preview: string; // the first few subjects' names, for lists without a join per row
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface TalkSubjectTable {
  talk_id: string;
  official_id: string;
  org_id: string; // the official's organization when recorded
  title: string | null; // the official's title when recorded
  principal: number; // a 一把手 when recorded
}

export interface TalkProblemTable {
  id: string;
  talk_id: string;
  nature: string; // sign (苗头性) | tendency (倾向性)
  category: string; // political | organizational | integrity | mass | work | life | other
  description: string;
}

export interface TalkFollowupTable {
  id: string;
  talk_id: string;
  org_id: string; // the talk's conducting body (for the overdue rule's scope)
  content: string;
  deadline: string;
  completed_on: string | null;
  completion_note: string | null;
}

export interface TalkLinkTable {
  talk_id: string;
  preceding_id: string; // a one-to-one talk held before this one
}

export interface InquiryTable {
  id: string;
  org_id: string; // the issuing body
  official_id: string;
  official_org_id: string;
  needs_signature: number; // a team member (not the 一把手): the 一把手 signs an opinion on the reply
  source_type: string | null; // petition | clue | … (generic link to another module's record)
  source_id: string | null;
  matter: string;
  issued_on: string;
  reply_due: string;
  status: string; // issued | replied | signed | accepted | not_accepted | escalated
  reply_text: string | null;
  replied_on: string | null;
  signer_name: string | null;
  signer_opinion: string | null;
  signed_on: string | null;
  assessment_reason: string | null;
  assessed_on: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface InquiryEventTable {
  id: string;
  inquiry_id: string;
  at: string;
  actor_id: string | null;
  actor_name: string;
  from_status: string | null;
  to_status: string;
  note: string | null;
}

export interface AdmonishmentTable {
  id: string;
  org_id: string; // the deciding body
  official_id: string;
  talk_id: string | null; // the 诫勉谈话, when held as a talk
  form: string; // talk (诫勉谈话) | written (书面诫勉)
  decided_on: string;
  basis: string; // 依据
  reason: string;
  effect_until: string; // 影响期 end
  created_by: string;
  created_at: string;
}
