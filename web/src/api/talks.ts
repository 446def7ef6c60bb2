// The typed API of talks (/api/talks) and written inquiries (/api/inquiries).
import { download, http, type Query } from './client';
import type { Page, SortOrder } from './types';

const enc = encodeURIComponent;

export interface TalkType {
  id: string; name: string; nameEn: string; trigger: string; subjectKind: string; conductingBody: string; cooperatingBodies: string;
  safeguards: string; cadenceMonths: number | null; collective: boolean; sortOrder: number;
}
export type TalkMode = 'individual' | 'collective';
export type TalkStatus = 'planned' | 'held';
export interface TalkSummary {
  id: string; typeId: string; typeName: string; mode: TalkMode; status: TalkStatus; talkDate: string; orgId: string; orgName: string;
  topic: string; conductors: string; subjectCount: number; firstSubjects: string;
}
export interface TalkSubject { officialId: string; name: string; orgId: string; orgName: string; title: string | null; principal: boolean }
export interface TalkProblem { id?: string; nature: 'sign' | 'tendency'; category: string; description: string }
export interface TalkFollowup { id: string; content: string; deadline: string; completedOn: string | null; completionNote: string | null; overdue: boolean }
export interface TalkDetail extends TalkSummary {
  place: string | null; leadConductorId: string | null; leadConductorName: string | null; summary: string | null; requirements: string | null; subjects: TalkSubject[];
  problems: TalkProblem[]; followups: TalkFollowup[]; preceding: { id: string; typeName: string; talkDate: string; topic: string }[];
  createdAt: string; updatedAt: string;
}
export interface TalkInput {
  typeId: string; mode: TalkMode; status: TalkStatus; orgId: string; talkDate: string; place?: string | null; conductors: string;
  leadConductorId?: string | null; topic: string;
  summary?: string | null; requirements?: string | null; subjectIds: string[]; precedingTalkIds?: string[];
  problems?: Omit<TalkProblem, 'id'>[]; followups?: { content: string; deadline: string }[];
}
export interface TalkQuery extends Query {
  orgId?: string; typeId?: string; mode?: TalkMode; status?: TalkStatus; officialId?: string; from?: string; to?: string; q?: string;
  sort?: 'talkDate' | 'subjectCount' | 'createdAt'; order?: SortOrder; page?: number; pageSize?: number;
}
export interface CountRow { key: string; label: string; talks: number; subjects: number }
export interface TalkStats {
  from: string; to: string;
  total: { talks: number; subjects: number; collective: number; admonishments: number };
  byType: CountRow[]; byLevel: CountRow[]; byOrg: CountRow[]; byMonth: CountRow[];
  coverage: { year: number; principals: { total: number; covered: number }; members: { total: number; covered: number } };
  collectives: { id: string; talkDate: string; topic: string; typeName: string; subjectCount: number }[];
}
export interface CoverageRow { officialId: string; name: string; orgId: string; orgName: string; title: string; principal: boolean; talks: number; lastTalkDate: string | null }
export interface CoverageQuery extends Query { orgId?: string; role?: 'principal' | 'member'; covered?: '0' | '1'; page?: number; pageSize?: number }
export interface Admonishment {
  id: string; orgId: string; orgName: string; officialId: string; officialName: string; talkId: string | null; form: 'talk' | 'written';
  decidedOn: string; basis: string; reason: string; effectUntil: string; inEffect: boolean;
}
export interface AdmonishmentQuery extends Query { orgId?: string; officialId?: string; form?: string; page?: number; pageSize?: number }
export interface AttendeeImportResult { added: number; alreadyListed: number; subjectCount: number }

export const talksApi = {
  types: () => http.get<{ items: TalkType[] }>('/api/talks/types'),
  updateType: (id: string, body: Partial<Omit<TalkType, 'id' | 'sortOrder'>>) => http.patch<void>(`/api/talks/types/${enc(id)}`, body),
  list: (q: TalkQuery) => http.get<Page<TalkSummary>>('/api/talks', q),
  export: (q: TalkQuery) => download('/api/talks/export', { ...q, page: undefined, pageSize: undefined }, 'talks.xlsx'),
  get: (id: string) => http.get<TalkDetail>(`/api/talks/${enc(id)}`),
  create: (body: TalkInput) => http.post<{ id: string }>('/api/talks', body),
  update: (id: string, body: Partial<Omit<TalkInput, 'subjectIds' | 'typeId' | 'mode' | 'orgId'>> & { addFollowups?: { content: string; deadline: string }[] }) =>
    http.patch<void>(`/api/talks/${enc(id)}`, body),
  subjects: (id: string, q: { q?: string; page?: number; pageSize?: number }) => http.get<Page<TalkSubject>>(`/api/talks/${enc(id)}/subjects`, q),
  completeFollowup: (id: string, followupId: string, body: { completedOn: string; note?: string }) =>
    http.post<void>(`/api/talks/${enc(id)}/followups/${enc(followupId)}/complete`, body),
  document: (id: string) => download(`/api/talks/${enc(id)}/document`, undefined, 'talk.docx'),
  attendeeTemplate: () => download('/api/talks/attendees/template', undefined, 'talk-attendees-template.xlsx'),
  importAttendees: (id: string, file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return http.upload<AttendeeImportResult>(`/api/talks/${enc(id)}/attendees`, form);
  },
  stats: (q: { orgId?: string; from?: string; to?: string }) => http.get<TalkStats>('/api/talks/stats', q),
  coverage: (q: CoverageQuery) => http.get<Page<CoverageRow>>('/api/talks/coverage', q),
  exportCoverage: (q: CoverageQuery) => download('/api/talks/coverage/export', { ...q, page: undefined, pageSize: undefined }, 'talk-coverage.xlsx'),
  admonishments: (q: AdmonishmentQuery) => http.get<Page<Admonishment>>('/api/talks/admonishments', q),
  exportAdmonishments: (q: AdmonishmentQuery) => download('/api/talks/admonishments/export', { ...q, page: undefined, pageSize: undefined }, 'admonishments.xlsx'),
  createAdmonishment: (body: { orgId: string; officialId: string; talkId?: string | null; form: 'talk' | 'written'; decidedOn: string; basis: string; reason: string; effectMonths?: number }) =>
    http.post<{ id: string }>('/api/talks/admonishments', body),
};

export type InquiryStatus = 'issued' | 'replied' | 'signed' | 'accepted' | 'not_accepted' | 'escalated';
export const INQUIRY_STATUSES: InquiryStatus[] = ['issued', 'replied', 'signed', 'accepted', 'not_accepted', 'escalated'];
export interface InquirySummary {
  id: string; orgId: string; orgName: string; officialId: string; officialName: string; officialTitle: string | null; matter: string;
  issuedOn: string; replyDue: string; status: InquiryStatus; needsSignature: boolean; overdue: boolean; sourceType: string | null; sourceId: string | null;
}
export interface AttachmentMeta { id: string; filename: string; mime: string; size: number; hash: string; createdAt: string; createdBy: string | null }
export interface InquiryDetail extends InquirySummary {
  replyText: string | null; repliedOn: string | null; signerName: string | null; signerOpinion: string | null; signedOn: string | null;
  assessmentReason: string | null; assessedOn: string | null; attachments: AttachmentMeta[];
  history: { at: string; actorName: string; fromStatus: string | null; toStatus: string; note: string | null }[];
}
export interface InquiryQuery extends Query {
  orgId?: string; status?: InquiryStatus; officialId?: string; overdue?: '0' | '1'; from?: string; to?: string;
  sort?: 'issuedOn' | 'replyDue'; order?: SortOrder; page?: number; pageSize?: number;
}

export const inquiriesApi = {
  list: (q: InquiryQuery) => http.get<Page<InquirySummary> & { byStatus: Record<string, number> }>('/api/inquiries', q),
  export: (q: InquiryQuery) => download('/api/inquiries/export', { ...q, page: undefined, pageSize: undefined }, 'inquiries.xlsx'),
  get: (id: string) => http.get<InquiryDetail>(`/api/inquiries/${enc(id)}`),
  issue: (body: { orgId: string; officialId: string; matter: string; issuedOn: string; replyWorkingDays?: number; sourceType?: string | null; sourceId?: string | null }) =>
    http.post<{ id: string }>('/api/inquiries', body),
  reply: (id: string, body: { text: string; repliedOn: string }) => http.post<void>(`/api/inquiries/${enc(id)}/reply`, body),
  sign: (id: string, body: { signerName: string; opinion: string; signedOn: string }) => http.post<void>(`/api/inquiries/${enc(id)}/sign`, body),
  assess: (id: string, body: { result: 'accepted' | 'not_accepted' | 'escalated'; reason: string; assessedOn: string }) =>
    http.post<void>(`/api/inquiries/${enc(id)}/assess`, body),
  attach: (id: string, file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return http.upload<AttachmentMeta>(`/api/inquiries/${enc(id)}/attachments`, form);
  },
  download: (id: string, attId: string, name: string) => download(`/api/inquiries/${enc(id)}/attachments/${enc(attId)}`, undefined, name),
};
