// The typed client of /api/clues (server: src/modules/clues/schema.ts).
import { download, http, type Query } from '../../api/client';
import type { Page } from '../../api';

export const CLUE_SOURCES = ['report', 'inspection', 'audit', 'transfer_in', 'other'] as const;
export const METHODS = ['talk_inquiry', 'preliminary_check', 'hold', 'close'] as const;
export const CLUE_STATES = ['registered', 'proposed', 'disposing', 'concluded'] as const;
export const DISCIPLINES = ['political', 'organizational', 'integrity', 'mass', 'work', 'life'] as const;
export const SECTORS = ['approvals', 'construction', 'resources', 'finance', 'procurement', 'law_enforcement', 'education', 'health', 'rural', 'soe', 'other'] as const;
export const BOARD_COLUMNS = ['registered', 'proposed', ...METHODS, 'concluded'] as const;
export const FORMS = [1, 2, 3, 4] as const;

export type ClueSource = (typeof CLUE_SOURCES)[number];
export type Method = (typeof METHODS)[number];
export type ClueState = (typeof CLUE_STATES)[number];
export type BoardColumn = (typeof BOARD_COLUMNS)[number];

export interface ClueSubject { type: 'official' | 'org'; id: string; name: string; orgName: string | null }
export interface ClueSummary {
  id: string; code: string; orgId: string; orgName: string; source: ClueSource; summary: string; discipline: string; sector: string | null;
  receivedDate: string; state: ClueState; method: Method | null; deadline: string | null; overdue: boolean; form: number | null;
  subjects: ClueSubject[]; updatedAt: string;
}
export interface Disposal {
  id: string; method: Method; deadline: string; reason: string; status: 'pending' | 'approved' | 'rejected';
  proposedBy: { id: string; name: string }; proposedAt: string; decidedBy: { id: string; name: string } | null; decidedAt: string | null; decisionNote: string | null;
}
export interface ClueEvent { id: string; at: string; actorName: string; action: string; detail: Record<string, unknown> }
export interface Transfer {
  id: string; clueId: string; clueCode: string; clueSummary: string; fromOrgId: string; fromOrgName: string; toOrgId: string; toOrgName: string;
  note: string; sentDate: string; feedbackDue: string; status: 'sent' | 'received' | 'fed_back'; overdue: boolean; receivedAt: string | null;
  receiptNote: string | null; receivedClueId: string | null; result: string | null; resultAt: string | null;
}
export interface ClueDetail extends ClueSummary {
  petitionId: string | null; transferId: string | null; transferredFrom: { orgName: string; sentDate: string; note: string } | null; sanction: string | null; outcome: string | null; linkedType: string | null;
  linkedId: string | null; createdAt: string; concludedAt: string | null; pendingDisposal: Disposal | null; disposals: Disposal[];
  events: ClueEvent[]; transfers: Transfer[]; consultations: { id: string; meetingDate: string; title: string; opinion: string | null }[];
  can: { propose: boolean; approve: boolean; conclude: boolean; transfer: boolean; link: boolean };
}
export interface ClueStats {
  total: number; byForm: { form: number; count: number }[]; byState: { key: string; count: number }[]; byMethod: { key: string; count: number }[];
  bySource: { key: string; count: number }[]; monthly: { month: string; form1: number; form2: number; form3: number; form4: number }[];
  overdue: { disposal: number; feedback: number };
}
export interface ConsultationSummary { id: string; orgId: string; orgName: string; meetingDate: string; title: string; clueCount: number; participants: string[] }
export interface ConsultationDetail extends ConsultationSummary {
  otherParticipants: string | null; conclusions: string; createdAt: string;
  clues: { id: string; code: string; summary: string; state: ClueState; opinion: string | null }[];
  assignments: { id: string; task: string; assigneeOrgId: string; assigneeOrgName: string; dueDate: string | null }[];
}

export interface ClueQuery extends Query {
  state?: ClueState; method?: Method; source?: ClueSource; discipline?: string; form?: number; orgId?: string; subjectId?: string;
  overdue?: boolean; q?: string; from?: string; to?: string; sort?: 'receivedDate' | 'deadline' | 'updatedAt' | 'code'; order?: 'asc' | 'desc';
  page?: number; pageSize?: number;
}
export interface CreateClueInput {
  orgId: string; source: ClueSource; petitionId?: string | null; summary: string; discipline: string; sector?: string | null; receivedDate: string;
  subjects: { type: 'official' | 'org'; id: string }[];
}
export interface CreateConsultationInput {
  orgId: string; meetingDate: string; title: string; participantOrgIds: string[]; otherParticipants?: string | null;
  clues: { clueId: string; opinion?: string | null }[]; conclusions: string; assignments: { task: string; assigneeOrgId: string; dueDate?: string | null }[];
}

export interface TransferQuery extends Query {
  box: 'inbox' | 'outbox'; status?: string; overdue?: boolean; sort?: 'sentDate' | 'feedbackDue'; order?: 'asc' | 'desc'; page?: number; pageSize?: number;
}

const enc = encodeURIComponent;

export const cluesApi = {
  list: (q: ClueQuery) => http.get<Page<ClueSummary>>('/api/clues', q),
  export: (q: ClueQuery) => download('/api/clues/export', { ...q, page: undefined, pageSize: undefined }, 'clues.xlsx'),
  board: (q: { orgId?: string; q?: string; limit?: number }) => http.get<{ columns: { key: BoardColumn; total: number; items: ClueSummary[] }[] }>('/api/clues/board', q),
  stats: (q: { orgId?: string; from?: string; to?: string }) => http.get<ClueStats>('/api/clues/stats', q),
  get: (id: string) => http.get<ClueDetail>(`/api/clues/${enc(id)}`),
  create: (body: CreateClueInput) => http.post<{ id: string }>('/api/clues', body),
  fromPetition: (petitionId: string) => http.post<{ id: string }>('/api/clues/from-petition', { petitionId }),
  propose: (id: string, body: { method: Method; deadline: string; reason: string }) => http.post<{ id: string }>(`/api/clues/${enc(id)}/disposals`, body),
  decide: (id: string, disposalId: string, approve: boolean, note?: string) =>
    http.post<void>(`/api/clues/${enc(id)}/disposals/${enc(disposalId)}/${approve ? 'approve' : 'reject'}`, { note: note || null }),
  conclude: (id: string, body: { form: number | null; sanction?: string | null; outcome: string }) => http.post<void>(`/api/clues/${enc(id)}/conclude`, body),
  link: (id: string, body: { linkedType: string | null; linkedId: string | null }) => http.put<void>(`/api/clues/${enc(id)}/link`, body),
  transfer: (id: string, body: { toOrgId: string; note: string; feedbackDue: string }) => http.post<{ id: string }>(`/api/clues/${enc(id)}/transfers`, body),
  transfers: (q: TransferQuery) => http.get<Page<Transfer>>('/api/clues/transfers', q),
  exportTransfers: (q: TransferQuery) => download('/api/clues/transfers/export', { ...q, page: undefined, pageSize: undefined }, 'clue-transfers.xlsx'),
  receive: (id: string, note?: string) => http.post<{ id: string }>(`/api/clues/transfers/${enc(id)}/receive`, { note: note || null }),
  feedback: (id: string, result: string) => http.post<void>(`/api/clues/transfers/${enc(id)}/feedback`, { result }),
  consultations: (q: { orgId?: string; clueId?: string; page?: number; pageSize?: number }) => http.get<Page<ConsultationSummary>>('/api/clues/consultations', q),
  consultation: (id: string) => http.get<ConsultationDetail>(`/api/clues/consultations/${enc(id)}`),
  exportConsultations: () => download('/api/clues/consultations/export', undefined, 'consultations.xlsx'),
  createConsultation: (body: CreateConsultationInput) => http.post<{ id: string }>('/api/clues/consultations', body),
};
