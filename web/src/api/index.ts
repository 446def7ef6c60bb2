// The typed Jiandu API: one object per resource prefix.
import { download, http, type Query } from './client';
import type {
  AuditCheckpoint, AuditPage, AuditVerify, CheckpointVerify, DashboardSummary, Health, ImportResult, Job,
  LoginResult, MeResult, OfficialDetail, OfficialInput, OfficialListItem, Org, OrgDetail, OrgNode, Page, PostInput,
  RoleCatalogue, SortOrder, TeamMember, Thresholds, TotpSetup, User, UserSort, Warning, WarningPage, WarningRule, WarningSort,
  FamilyMember, Post,
} from './types';

export * from './types';
export * from './ledger';
export { ApiError, download, saveBlob, setCsrfToken, onUnauthorized, onMfaRequired } from './client';

const enc = encodeURIComponent;

export const authApi = {
  login: (body: { username: string; password: string; totp?: string }) =>
    http.post<LoginResult>('/api/auth/login', body, { noAuthRedirect: true }),
  logout: () => http.post<void>('/api/auth/logout', undefined, { noAuthRedirect: true }),
  me: () => http.get<MeResult>('/api/auth/me'),
  changePassword: (currentPassword: string, newPassword: string) =>
    http.post<void>('/api/auth/password', { currentPassword, newPassword }),
  totpSetup: () => http.post<TotpSetup>('/api/auth/totp/setup'),
  totpEnable: (code: string) => http.post<void>('/api/auth/totp/enable', { code }),
};

export interface OrgQuery extends Query { q?: string; level?: string; kind?: string; parentId?: string; page?: number; pageSize?: number }

export const orgsApi = {
  tree: (parentId?: string) => http.get<{ nodes: OrgNode[] }>('/api/orgs/tree', { parentId }),
  list: (q: OrgQuery) => http.get<Page<Org>>('/api/orgs', q),
  get: (id: string) => http.get<OrgDetail>(`/api/orgs/${enc(id)}`),
  team: (id: string) => http.get<{ members: TeamMember[] }>(`/api/orgs/${enc(id)}/team`),
  create: (body: { parentId: string; name: string; shortName?: string; level: string; kind: string; code?: string }) =>
    http.post<Org>('/api/orgs', body),
  update: (id: string, body: { name?: string; shortName?: string; kind?: string; code?: string; sortOrder?: number }) =>
    http.patch<Org>(`/api/orgs/${enc(id)}`, body),
};

export interface OfficialQuery extends Query {
  orgId?: string; subtree?: boolean; q?: string; principal?: boolean; page?: number; pageSize?: number;
  sort?: 'name' | 'birthDate' | 'updatedAt'; order?: 'asc' | 'desc';
}

export const officialsApi = {
  list: (q: OfficialQuery) => http.get<Page<OfficialListItem>>('/api/officials', q),
  export: (q: OfficialQuery) => download('/api/officials/export', { ...q, page: undefined, pageSize: undefined }, 'officials.xlsx'),
  get: (id: string) => http.get<OfficialDetail>(`/api/officials/${enc(id)}`),
  idNumber: (id: string) => http.get<{ idNumber: string }>(`/api/officials/${enc(id)}/id-number`),
  create: (body: OfficialInput) => http.post<{ id: string }>('/api/officials', body),
  update: (id: string, body: Partial<OfficialInput>) => http.patch<OfficialDetail>(`/api/officials/${enc(id)}`, body),
  addPost: (id: string, body: PostInput) => http.post<Post>(`/api/officials/${enc(id)}/posts`, body),
  updatePost: (id: string, postId: string, body: { title?: string; rank?: string | null; division?: string | null; isKeyPost?: boolean; endDate?: string | null }) =>
    http.patch<Post>(`/api/officials/${enc(id)}/posts/${enc(postId)}`, body),
  addFamily: (id: string, body: { relation: string; name: string; idNumber?: string; employer?: string; position?: string }) =>
    http.post<FamilyMember>(`/api/officials/${enc(id)}/family`, body),
  removeFamily: (id: string, familyId: string) => http.del<void>(`/api/officials/${enc(id)}/family/${enc(familyId)}`),
  template: () => download('/api/officials/import/template', undefined, 'officials-template.xlsx'),
  import: (file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return http.upload<ImportResult>('/api/officials/import', form);
  },
};

export interface UserQuery extends Query {
  q?: string; orgId?: string; role?: string; page?: number; pageSize?: number; sort?: UserSort; order?: SortOrder;
}

export const usersApi = {
  list: (q: UserQuery) => http.get<Page<User>>('/api/users', q),
  /** The filtered, sorted account list as .xlsx (all pages). */
  export: (q: UserQuery) => download('/api/users/export', { ...q, page: undefined, pageSize: undefined }, 'users.xlsx'),
  create: (body: { username: string; displayName: string; orgId: string; password: string }) => http.post<User>('/api/users', body),
  update: (id: string, body: { displayName?: string; orgId?: string; status?: 'active' | 'disabled' }) =>
    http.patch<User>(`/api/users/${enc(id)}`, body),
  resetPassword: (id: string, password: string) => http.post<void>(`/api/users/${enc(id)}/password`, { password }),
  setRoles: (id: string, roles: string[]) => http.put<void>(`/api/users/${enc(id)}/roles`, { roles }),
  setScopes: (id: string, orgIds: string[]) => http.put<void>(`/api/users/${enc(id)}/scopes`, { orgIds }),
  unlock: (id: string) => http.post<void>(`/api/users/${enc(id)}/unlock`),
  roles: () => http.get<RoleCatalogue>('/api/users/roles'),
};

export interface AuditQuery extends Query { actor?: string; action?: string; targetId?: string; from?: string; to?: string; before?: number; limit?: number }

export const auditApi = {
  list: (q: AuditQuery) => http.get<AuditPage>('/api/audit', q),
  /** The matching log rows as .xlsx, newest first (at most 100,000); the paging cursor and page size do not apply. */
  export: (q: AuditQuery) => download('/api/audit/export', { ...q, before: undefined, limit: undefined }, 'audit-log.xlsx'),
  verify: () => http.get<AuditVerify>('/api/audit/verify'),
  checkpoint: () => http.get<AuditCheckpoint>('/api/audit/checkpoint'),
  verifyCheckpoint: (cp: AuditCheckpoint) => http.post<CheckpointVerify>('/api/audit/checkpoint/verify', cp),
};

export interface WarningQuery extends Query {
  status?: string; severity?: string; ruleId?: string; page?: number; pageSize?: number; sort?: WarningSort; order?: SortOrder;
}

export const warningsApi = {
  list: (q: WarningQuery) => http.get<WarningPage>('/api/warnings', q),
  /** The filtered, sorted inbox as .xlsx (all pages). */
  export: (q: WarningQuery) => download('/api/warnings/export', { ...q, page: undefined, pageSize: undefined }, 'warnings.xlsx'),
  get: (id: string) => http.get<Warning>(`/api/warnings/${enc(id)}`),
  assign: (id: string, assigneeId: string) => http.post<Warning>(`/api/warnings/${enc(id)}/assign`, { assigneeId }),
  resolve: (id: string, resolution: string) => http.post<Warning>(`/api/warnings/${enc(id)}/resolve`, { resolution }),
  dismiss: (id: string, reason: string) => http.post<Warning>(`/api/warnings/${enc(id)}/dismiss`, { reason }),
  assignees: () => http.get<{ items: { id: string; displayName: string }[] }>('/api/warnings/assignees'),
  rules: () => http.get<{ items: WarningRule[] }>('/api/warnings/rules'),
  updateRule: (id: string, body: { enabled: boolean; thresholds: Thresholds }) => http.put<WarningRule>(`/api/warnings/rules/${enc(id)}`, body),
  run: (ruleId?: string) => http.post<{ jobId: string }>('/api/warnings/run', ruleId ? { ruleId } : {}),
};

export const jobsApi = {
  get: (id: string) => http.get<Job>(`/api/jobs/${enc(id)}`),
};

export const dashboardApi = {
  summary: () => http.get<DashboardSummary>('/api/dashboard/summary'),
};

export const healthApi = {
  get: () => http.get<Health>('/api/health'),
};
