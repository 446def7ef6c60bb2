// Row types of the supervision ledger (监督台账). Dates are YYYY-MM-DD text, timestamps ISO-8601 UTC.

export interface LedgerDocumentTable {
  id: string;
  org_id: string; // the issuing body that owns the document
  kind: string; // measures | annual_plan
  title: string;
  doc_number: string | null;
  issued_on: string | null;
  year: number | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface LedgerItemTable {
  id: string;
  document_id: string;
  parent_id: string | null;
  path: string; // materialized path of item ids: "/<area>/<measure>/…/<id>/"
  depth: number;
  seq: number; // order among siblings
  code: string; // e.g. 3.2.1
  code_key: string; // the code with zero-padded parts (0003.0002.0001), so that 1.10 sorts after 1.9
  kind: string; // area | measure | task | sub
  title: string;
  content: string | null;
  org_id: string; // the org whose ledger holds the item (the document's org, or the assignee below a hand-down)
  lead_org_id: string; // 牵头单位: responsible for reporting
  owner_name: string | null; // 责任人
  deadline: string | null;
  cycle: string; // none | monthly | quarterly
  outcome: string | null; // expected outcome
  measure_by: string | null; // how the outcome is measured
  evidence: string | null; // evidence required
  state: string; // open | closed | withdrawn
  assignment_id: string | null; // set on the item a hand-down created in the assignee's ledger
  reviewer_org_id: string; // who reviews reports on the item
  child_count: number;
  started_on: string; // the day the item entered its ledger (the clock for "stalled")
  last_report_on: string | null;
  done_on: string | null; // the date of the accepted report that completed it
  report_count: number;
  returned_count: number; // returns since the last accepted report
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface LedgerItemOrgTable {
  item_id: string;
  org_id: string; // 配合单位
}

/** Which orgs reach an item: owners and lead orgs of the item and every ancestor (scope checks). */
export interface LedgerItemReachTable {
  item_id: string;
  org_id: string;
}

export interface LedgerAssignmentTable {
  id: string;
  item_id: string; // the item handed down
  org_id: string; // the lower org it was handed to
  child_item_id: string; // the item in the lower org's ledger
  note: string | null;
  assigned_by: string | null;
  assigned_at: string;
}

export interface LedgerReportTable {
  id: string;
  item_id: string;
  org_id: string; // the reporting org (the item's lead org)
  version: number;
  reported_on: string;
  text: string;
  progress: number; // 0–100
  figures: string | null; // numbers against the expected outcome
  completes: number; // 0/1: the report claims the item is done
  state: string; // submitted | accepted | returned
  review_note: string | null;
  reviewer_org_id: string;
  reviewed_by: string | null;
  reviewed_at: string | null;
  created_by: string | null;
  created_at: string;
}

/** 一单一书: 主体责任清单 (duty_list) or 监督任务书 (task_book) for one org's 一把手. */
export interface LedgerCharterTable {
  id: string;
  org_id: string; // the recipient org
  issuer_org_id: string;
  kind: string; // duty_list | task_book
  year: number;
  title: string;
  doc_number: string | null;
  principal_name: string | null;
  state: string; // issued | signed
  issued_by: string | null;
  issued_at: string;
  signed_name: string | null;
  signed_by: string | null;
  signed_at: string | null;
}

export interface LedgerCharterItemTable {
  charter_id: string;
  item_id: string;
  seq: number;
}

export interface LedgerTables {
  ledger_documents: LedgerDocumentTable;
  ledger_items: LedgerItemTable;
  ledger_item_orgs: LedgerItemOrgTable;
  ledger_item_reach: LedgerItemReachTable;
  ledger_assignments: LedgerAssignmentTable;
  ledger_reports: LedgerReportTable;
  ledger_charters: LedgerCharterTable;
  ledger_charter_items: LedgerCharterItemTable;
}
