// The ledger API (/api/ledger): types as src/modules/ledger/schema.ts describes them.
import { download, http, type Query } from './client';
import type { Page } from './types';

const enc = encodeURIComponent;

export type ItemStatus = 'not_started' | 'in_progress' | 'done' | 'overdue' | 'stalled' | 'withdrawn';
export const ITEM_STATUSES: ItemStatus[] = ['not_started', 'in_progress', 'done', 'overdue', 'stalled', 'withdrawn'];
export type ItemKind = 'area' | 'measure' | 'task' | 'sub';
export const ITEM_KINDS: ItemKind[] = ['area', 'measure', 'task', 'sub'];
export type Cycle = 'none' | 'monthly' | 'quarterly';
export type RollupView = 'document' | 'area' | 'measure' | 'org' | 'level' | 'region';

export interface LedgerDocument { id: string; orgId: string; orgName: string; kind: string; title: string; docNumber: string | null; issuedOn: string | null; year: number | null; createdAt: string }
export interface LedgerItem {
  id: string; documentId: string; parentId: string | null; depth: number; code: string; kind: ItemKind; title: string; leadOrgId: string;
  leadOrgName: string; ownerName: string | null; deadline: string | null; cycle: Cycle; state: string; status: ItemStatus; childCount: number;
  lastReportOn: string | null; reportCount: number; returnedCount: number; leaves: number; leavesDone: number;
}
export interface Attachment { id: string; filename: string; mime: string; size: number; hash: string; createdAt: string; createdBy: string | null }
export interface LedgerReport {
  id: string; version: number; orgId: string; orgName: string; reportedOn: string; text: string; progress: number; figures: string | null; completes: boolean;
  state: 'submitted' | 'accepted' | 'returned'; reviewNote: string | null; reviewedAt: string | null; createdAt: string; createdBy: string | null; attachments: Attachment[];
}
export interface LedgerItemDetail extends LedgerItem {
  content: string | null; outcome: string | null; measureBy: string | null; evidence: string | null; documentTitle: string; orgName: string; startedOn: string;
  doneOn: string | null; cooperatingOrgs: { id: string; name: string }[]; ancestors: { id: string; code: string; title: string }[];
  assignments: { id: string; orgId: string; orgName: string; childItemId: string; note: string | null; assignedAt: string }[];
  handedDownFrom: { code: string; title: string; orgName: string } | null; reports: LedgerReport[];
  timeline: { at: string; kind: string; text: string }[]; canReport: boolean; canEdit: boolean;
}
export interface ItemQuery extends Query {
  documentId?: string; parentId?: string; under?: string; leadOrgId?: string; leaf?: '0' | '1'; status?: ItemStatus; dueWithin?: number;
  deadlineFrom?: string; deadlineTo?: string; q?: string; sort?: 'code' | 'deadline' | 'title' | 'lastReport'; order?: 'asc' | 'desc'; page?: number; pageSize?: number;
}
export interface ItemInput {
  documentId: string; parentId?: string | null; kind: ItemKind; code?: string; title: string; content?: string | null; leadOrgId: string; cooperatingOrgIds?: string[];
  ownerName?: string | null; deadline?: string | null; cycle?: Cycle; outcome?: string | null; measureBy?: string | null; evidence?: string | null;
}
export interface ReviewEntry {
  id: string; itemId: string; itemCode: string; itemTitle: string; orgId: string; orgName: string; version: number; reportedOn: string; text: string;
  progress: number; completes: boolean; state: string; reviewNote: string | null; createdAt: string;
}
export interface RollupGroup { key: string | null; label: string; total: number; done: number; inProgress: number; notStarted: number; overdue: number; stalled: number; completion: number }
export interface Rollup { view: RollupView; groups: RollupGroup[]; totalGroups: number; page: number; pageSize: number; totals: RollupGroup; basis: string; stalledDays: number; today: string }
export type RollupSort = 'label' | 'total' | 'done' | 'overdue' | 'stalled' | 'completion';
export type RollupQuery = { view: RollupView; documentId?: string; under?: string; orgId?: string; sort?: RollupSort; order?: 'asc' | 'desc' };
export interface Charter {
  id: string; orgId: string; orgName: string; issuerOrgName: string; kind: 'duty_list' | 'task_book'; year: number; title: string; docNumber: string | null;
  principalName: string | null; state: 'issued' | 'signed'; issuedAt: string; signedName: string | null; signedAt: string | null; items: number; done: number; overdue: number;
}
export interface CharterDetail extends Charter { duties: LedgerItem[] }
export interface LedgerImportResult { documentId: string; created: { items: number } }

export const ledgerApi = {
  documents: (q: { orgId?: string; kind?: string; page?: number; pageSize?: number } = {}) => http.get<Page<LedgerDocument>>('/api/ledger/documents', q),
  createDocument: (body: { orgId: string; kind: string; title: string; docNumber?: string | null; issuedOn?: string | null; year?: number | null }) =>
    http.post<{ id: string }>('/api/ledger/documents', body),
  items: (q: ItemQuery) => http.get<Page<LedgerItem>>('/api/ledger/items', q),
  export: (q: ItemQuery) => download('/api/ledger/items/export', { ...q, page: undefined, pageSize: undefined }, 'ledger.xlsx'),
  item: (id: string) => http.get<LedgerItemDetail>(`/api/ledger/items/${enc(id)}`),
  createItem: (body: ItemInput) => http.post<{ id: string }>('/api/ledger/items', body),
  updateItem: (id: string, body: Partial<Omit<ItemInput, 'documentId' | 'parentId' | 'kind' | 'code'>> & { state?: string }) =>
    http.patch<void>(`/api/ledger/items/${enc(id)}`, body),
  deleteItem: (id: string) => http.del<void>(`/api/ledger/items/${enc(id)}`),
  assign: (id: string, body: { orgIds: string[]; note?: string | null; deadline?: string | null }) =>
    http.post<{ assignments: { id: string; orgId: string; childItemId: string }[] }>(`/api/ledger/items/${enc(id)}/assign`, body),
  report: (id: string, body: { text: string; progress: number; figures?: string | null; completes?: boolean; reportedOn?: string }) =>
    http.post<{ id: string }>(`/api/ledger/items/${enc(id)}/reports`, body),
  attach: (reportId: string, file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return http.upload<Attachment>(`/api/ledger/reports/${enc(reportId)}/attachments`, form);
  },
  downloadAttachment: (reportId: string, a: Attachment) => download(`/api/ledger/reports/${enc(reportId)}/attachments/${enc(a.id)}`, undefined, a.filename),
  reviews: (q: { state?: string; orgId?: string; page?: number; pageSize?: number }) => http.get<Page<ReviewEntry>>('/api/ledger/reviews', q),
  review: (reportId: string, body: { decision: 'accept' | 'return'; reason?: string | null }) => http.post<void>(`/api/ledger/reports/${enc(reportId)}/review`, body),
  rollup: (q: RollupQuery & { page?: number; pageSize?: number }) => http.get<Rollup>('/api/ledger/rollup', q),
  exportRollup: (q: RollupQuery) => download('/api/ledger/rollup/export', q, 'ledger-rollup.xlsx'),
  template: () => download('/api/ledger/import/template', undefined, 'ledger-template.xlsx'),
  import: (q: { orgId: string; title: string; kind?: string; docNumber?: string }, file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    const qs = new URLSearchParams(Object.entries(q).filter(([, v]) => v) as [string, string][]).toString();
    return http.upload<LedgerImportResult>(`/api/ledger/import?${qs}`, form);
  },
  charters: (q: { orgId?: string; state?: string; year?: number; page?: number; pageSize?: number }) => http.get<Page<Charter>>('/api/ledger/charters', q),
  charter: (id: string) => http.get<CharterDetail>(`/api/ledger/charters/${enc(id)}`),
  issueCharter: (body: { orgId: string; kind: string; year: number; docNumber?: string | null; documentId?: string }) => http.post<{ id: string }>('/api/ledger/charters', body),
  charterDocx: (c: Charter) => download(`/api/ledger/charters/${enc(c.id)}/docx`, undefined, `${c.title}.docx`),
  sign: (id: string, signedName: string) => http.post<void>(`/api/ledger/charters/${enc(id)}/sign`, { signedName }),
};
