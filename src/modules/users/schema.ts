import { z } from 'zod';
import { ROLES } from '../../core/roles.js';

export const id = z.string().regex(/^[0-9a-f-]{36}$/, 'must be an id');
export const idParams = z.strictObject({ id });
export const role = z.enum(ROLES);

export const username = z.string().trim().min(3).max(40).regex(/^[a-zA-Z0-9._-]+$/, 'letters, digits, dot, dash and underscore only');
export const password = z.string().min(1).max(128);

export const loginBody = z.strictObject({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(128),
  totp: z.string().regex(/^\d{6}$/, 'must be six digits').optional(),
});

export const me = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  roles: z.array(z.string()),
  permissions: z.array(z.string()),
  totpEnabled: z.boolean(),
  demoMode: z.boolean(),
});

export const loginResult = z.object({ user: me, csrfToken: z.string(), mfaSetupRequired: z.boolean() });
export const meResult = z.object({ user: me, csrfToken: z.string() });

export const changePasswordBody = z.strictObject({ currentPassword: password, newPassword: password });
export const totpSetupResult = z.object({ secret: z.string(), uri: z.string() });
export const totpSetupBody = z.strictObject({ password: z.string().min(1).max(128).optional() }).optional();
export const totpEnableBody = z.strictObject({ code: z.string().regex(/^\d{6}$/, 'must be six digits') });

export const userListQuery = z.strictObject({
  q: z.string().max(64).optional(),
  orgId: id.optional(),
  role: role.optional(),
  sort: z.enum(['username', 'displayName', 'lastLoginAt']).default('username'),
  order: z.enum(['asc', 'desc']).default('asc'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type UserListQuery = z.infer<typeof userListQuery>;
export const userExportQuery = userListQuery.omit({ page: true, pageSize: true });

export const userSummary = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  roles: z.array(z.string()),
  scopes: z.array(z.object({ id: z.string(), name: z.string() })),
  status: z.string(),
  lockedUntil: z.string().nullable(),
  totpEnabled: z.boolean(),
  lastLoginAt: z.string().nullable(),
});
export const userPage = z.object({ items: z.array(userSummary), total: z.number() });

export const createUserBody = z.strictObject({
  username,
  displayName: z.string().trim().min(1).max(60),
  orgId: id,
  password,
});
export const updateUserBody = z.strictObject({
  displayName: z.string().trim().min(1).max(60).optional(),
  orgId: id.optional(),
  status: z.enum(['active', 'disabled']).optional(),
});
export const resetPasswordBody = z.strictObject({ password });
export const rolesBody = z.strictObject({ roles: z.array(role).max(ROLES.length) });
export const scopesBody = z.strictObject({ orgIds: z.array(id).max(50) });
export const created = z.object({ id: z.string() });

export const roleCatalogue = z.object({
  roles: z.array(z.object({ role: z.string(), zh: z.string(), en: z.string(), actions: z.array(z.string()) })),
  actions: z.array(z.string()),
});
