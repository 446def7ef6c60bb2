// The typed client of /api/petitions (信访举报). Never carries the reporter's identity except the
// reveal call, which the server allows only after a second person's approval.
import { download, http, type Query } from './client';
import type { Page } from './types';

export type Channel = 'letter' | 'visit' | 'phone' | 'online' | 'transferred';
export type Discipline = 'political' | 'organizational' | 'integrity' | 'mass' | 'work' | 'life';
export type Sector = 'approvals' | 'construction' | 'resources' | 'finance' | 'procurement' | 'law_enforcement' | 'education' | 'health' | 'rural' | 'soe' | 'other';
export type PetitionStatus = 'registered' | 'processing' | 'to_clue' | 'closed';
export const CHANNELS: Channel[] = ['letter', 'visit', 'phone', 'online', 'transferred'];
export const DISCIPLINES: Discipline[] = ['political', 'organizational', 'integrity', 'mass', 'work', 'life'];
export const SECTORS: Sector[] = ['approvals', 'construction', 'resources', 'finance', 'procurement', 'law_enforcement', 'education', 'health', 'rural', 'soe', 'other'];
export const PETITION_STATUSES: PetitionStatus[] = ['registered', 'processing', 'to_clue', 'closed'];

export interface PetitionSubject { type: 'official' | 'org'; id: string; name: string; orgName: string; role: 'principal' | 'team_member' | 'official' | 'org' }
export interface PetitionItem {
  id: string; serial: string; orgId: string; orgName: string; channel: Channel; receivedAt: string; anonymous: boolean; summary: string;
  discipline: Discipline; sector: Sector; status: PetitionStatus; matterId: string; matterReportCount: number; subjects: PetitionSubject[];
}
export interface RevealView {
  id: string; requestedBy: string; requestedByName: string; reason: string; status: 'pending' | 'approved' | 'rejected'; decidedByName: string | null;
  decidedAt: string | null; expiresAt: string | null; views: number; createdAt: string; canView: boolean; canDecide: boolean;
}
export interface AttachmentMeta { id: string; filename: string; mime: string; size: number; hash: string; createdAt: string; createdBy: string | null }
export interface PetitionDetail extends PetitionItem {
  content: string; result: string | null; closedAt: string | null; createdAt: string;
  reporter: { nameMasked: string | null; idNumberMasked: string | null; contactMasked: string | null };
  matter: { id: string; title: string; status: string; reportCount: number; firstReceivedAt: string; lastReceivedAt: string };
  matterReports: { id: string; serial: string; receivedAt: string; summary: string; status: PetitionStatus }[];
  reveals: RevealView[];
  attachments: AttachmentMeta[];
}
export interface RepeatCandidate {
  petitionId: string; serial: string; matterId: string; matterTitle: string; matterReportCount: number; receivedAt: string; summary: string; similarity: number;
}
export interface PetitionInput {
  orgId: string; channel: Channel; receivedAt: string; anonymous: boolean;
  reporter?: { name: string; idNumber?: string | null; contact?: string | null } | null;
  subjects: { officialIds: string[]; orgIds: string[] }; summary: string; content: string;
  discipline?: Discipline; sector?: Sector; matterId?: string;
}
export interface PetitionQuery extends Query {
  q?: string; orgId?: string; officialId?: string; matterId?: string; status?: PetitionStatus; channel?: Channel; discipline?: Discipline;
  sector?: Sector; from?: string; to?: string; leaders?: boolean; sort?: 'receivedAt' | 'serial' | 'status' | 'discipline'; order?: 'asc' | 'desc';
  page?: number; pageSize?: number;
}
interface CountRow { key: string; name: string; count: number }
export interface PetitionAnalysis {
  from: string; to: string; previousFrom: string; previousTo: string; total: number; previousTotal: number; change: number | null;
  byRegion: CountRow[]; byOrg: CountRow[]; byOfficial: (CountRow & { orgName: string; role: string })[];
  byDiscipline: (CountRow & { previous: number })[]; bySector: (CountRow & { previous: number })[]; byChannel: CountRow[];
  byMonth: { month: string; count: number }[];
  leaders: { principal: number; teamMember: number; previousPrincipal: number; previousTeamMember: number; top: (CountRow & { orgName: string; role: string })[] };
  manyReports: { threshold: number; basis: string; officials: (CountRow & { orgName: string })[] };
  outliers: { basis: string; orgs: { key: string; name: string; count: number; peers: number; q1: number; q3: number; fence: number; level: string; kind: string }[] };
}
export interface RevealInboxItem { id: string; petitionId: string; serial: string; summary: string; requestedByName: string; reason: string; status: string; createdAt: string; canDecide: boolean }

const enc = encodeURIComponent;

export const petitionsApi = {
  list: (q: PetitionQuery) => http.get<Page<PetitionItem>>('/api/petitions', q),
  export: (q: PetitionQuery) => download('/api/petitions/export', { ...q, page: undefined, pageSize: undefined }, 'petitions.xlsx'),
  template: () => download('/api/petitions/import/template', undefined, 'petitions-template.xlsx'),
  import: (file: File) => {
    const form = new FormData();
    form.append('file', file);
    return http.upload<{ created: { petitions: number; matters: number } }>('/api/petitions/import', form);
  },
  get: (id: string) => http.get<PetitionDetail>(`/api/petitions/${enc(id)}`),
  create: (body: PetitionInput) => http.post<{ id: string; serial: string; matterId: string; discipline: Discipline; sector: Sector; repeats: RepeatCandidate[] }>('/api/petitions', body),
  classify: (text: string) => http.post<{ discipline: Discipline; sector: Sector; matched: string[] }>('/api/petitions/classify', { text }),
  checkRepeats: (body: { subjects: { officialIds: string[]; orgIds: string[] }; summary: string; content: string }) =>
    http.post<{ items: RepeatCandidate[] }>('/api/petitions/repeats/check', body),
  repeats: (id: string) => http.get<{ items: RepeatCandidate[] }>(`/api/petitions/${enc(id)}/repeats`),
  linkMatter: (id: string, matterId: string | null) => http.post<void>(`/api/petitions/${enc(id)}/matter`, { matterId }),
  setStatus: (id: string, status: PetitionStatus, result?: string) => http.post<void>(`/api/petitions/${enc(id)}/status`, { status, result }),
  attach: (id: string, file: File) => {
    const form = new FormData();
    form.append('file', file);
    return http.upload<AttachmentMeta>(`/api/petitions/${enc(id)}/attachments`, form);
  },
  downloadAttachment: (id: string, att: AttachmentMeta) => download(`/api/petitions/${enc(id)}/attachments/${enc(att.id)}`, undefined, att.filename),
  requestReveal: (id: string, reason: string) => http.post<{ id: string }>(`/api/petitions/${enc(id)}/reveals`, { reason }),
  decideReveal: (id: string, revealId: string, approve: boolean) => http.post<void>(`/api/petitions/${enc(id)}/reveals/${enc(revealId)}/decision`, { approve }),
  identity: (id: string, revealId: string) =>
    http.get<{ name: string | null; idNumber: string | null; contact: string | null; expiresAt: string }>(`/api/petitions/${enc(id)}/reveals/${enc(revealId)}/identity`),
  revealInbox: (q: { status?: string; page?: number; pageSize?: number }) => http.get<Page<RevealInboxItem>>('/api/petitions/reveals', q),
  search: (q: { q: string; orgId?: string; page?: number; pageSize?: number }) => http.get<Page<PetitionItem> & { terms: string[]; totalCapped: boolean }>('/api/petitions/search', q),
  analysis: (q: { from?: string; to?: string; orgId?: string }) => http.get<PetitionAnalysis>('/api/petitions/analysis', q),
  retention: () => http.get<{ years: number; eligibleMatters: number }>('/api/petitions/retention'),
  setRetention: (years: number) => http.put<void>('/api/petitions/retention', { years }),
  purge: () => http.post<{ matters: number; petitions: number }>('/api/petitions/retention/purge'),
};
