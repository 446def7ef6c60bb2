import { z } from 'zod';

export const ORG_LEVELS = ['province', 'city', 'county', 'township'] as const;
export const ORG_KINDS = [
  'region', 'party_committee', 'congress', 'government', 'cppcc', 'department', 'soe', 'university', 'zone',
  'commission', 'stationed_group', 'org_department', 'inspection_office',
] as const;
export const RELATIONS = ['spouse', 'child', 'child_spouse', 'parent', 'sibling'] as const;

const id = z.string().regex(/^[0-9a-f-]{36}$/, 'must be an id');
const date = z.iso.date();
const text = (max: number) => z.string().trim().min(1).max(max);
const optText = (max: number) => z.string().trim().max(max).nullish();
const flag = z.enum(['0', '1']).transform((v) => v === '1');

export const idParams = z.strictObject({ id });
export const officialPostParams = z.strictObject({ id, postId: id });
export const officialFamilyParams = z.strictObject({ id, familyId: id });
export const page = {
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
};

/** GB 11643 citizen ID: 17 digits and a check character. */
export const idNumber = z
  .string()
  .trim()
  .regex(/^\d{17}[\dX]$/, '应为18位身份证号 (must be an 18-character ID number)')
  .refine(validIdChecksum, '身份证号校验位不符 (check digit does not match)');

export function validIdChecksum(v: string): boolean {
  if (!/^\d{17}[\dX]$/.test(v)) return false;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = w.reduce((s, wi, i) => s + wi * Number(v[i]), 0);
  return '10X98765432'[sum % 11] === v[17];
}

// ---- organizations
export const orgTreeQuery = z.strictObject({ parentId: id.optional() });
export const orgNode = z.object({
  id: z.string(), parentId: z.string().nullable(), name: z.string(), level: z.string(), kind: z.string(), hasChildren: z.boolean(),
});
export const orgTree = z.object({ nodes: z.array(orgNode) });

export const orgListQuery = z.strictObject({
  q: z.string().max(64).optional(),
  level: z.enum(ORG_LEVELS).optional(),
  kind: z.enum(ORG_KINDS).optional(),
  parentId: id.optional(),
  ...page,
});
export const org = z.object({
  id: z.string(), parentId: z.string().nullable(), name: z.string(), shortName: z.string().nullable(), level: z.string(),
  kind: z.string(), code: z.string().nullable(), path: z.string(), depth: z.number(), sortOrder: z.number(),
});
export const orgPage = z.object({ items: z.array(org), total: z.number() });
export const orgDetail = org.extend({
  ancestors: z.array(z.object({ id: z.string(), name: z.string() })),
  stationedUnits: z.array(z.object({ id: z.string(), name: z.string() })),
  childCount: z.number(),
});
export const createOrgBody = z.strictObject({
  parentId: id,
  name: text(100),
  shortName: optText(40),
  level: z.enum(ORG_LEVELS),
  kind: z.enum(ORG_KINDS),
  code: optText(40),
  sortOrder: z.number().int().min(0).max(100000).optional(),
});
export const updateOrgBody = z.strictObject({
  name: text(100).optional(),
  shortName: optText(40),
  kind: z.enum(ORG_KINDS).optional(),
  code: optText(40),
  sortOrder: z.number().int().min(0).max(100000).optional(),
});
export const teamMember = z.object({
  postId: z.string(), officialId: z.string(), name: z.string(), title: z.string(), rank: z.string().nullable(),
  division: z.string().nullable(), isPrincipal: z.boolean(), isKeyPost: z.boolean(), startDate: z.string(), tenureYears: z.number(),
});
export const team = z.object({ members: z.array(teamMember) });

// ---- officials
export const officialListQuery = z.strictObject({
  orgId: id.optional(),
  subtree: flag.default(true),
  q: z.string().trim().max(64).optional(),
  principal: flag.optional(),
  sort: z.enum(['name', 'birthDate', 'updatedAt']).default('name'),
  order: z.enum(['asc', 'desc']).default('asc'),
  ...page,
});
export type OfficialListQuery = z.infer<typeof officialListQuery>;
export const officialExportQuery = officialListQuery.omit({ page: true, pageSize: true });

export const officialSummary = z.object({
  id: z.string(), name: z.string(), gender: z.string(), birthDate: z.string().nullable(), orgId: z.string(), orgName: z.string(),
  currentTitle: z.string().nullable(), isPrincipal: z.boolean(),
});
export const officialPage = z.object({ items: z.array(officialSummary), total: z.number() });

export const post = z.object({
  id: z.string(), orgId: z.string(), orgName: z.string(), title: z.string(), rank: z.string().nullable(), division: z.string().nullable(),
  isTeamMember: z.boolean(), isPrincipal: z.boolean(), isKeyPost: z.boolean(), startDate: z.string(), endDate: z.string().nullable(),
  tenureYears: z.number(),
});
export const familyMember = z.object({
  id: z.string(), relation: z.string(), name: z.string(), idNumberMasked: z.string().nullable(), employer: z.string().nullable(),
  position: z.string().nullable(),
});
export const officialDetail = z.object({
  id: z.string(), name: z.string(), gender: z.string(), birthDate: z.string().nullable(), ethnicity: z.string().nullable(),
  education: z.string().nullable(), partyMember: z.boolean(), idNumberMasked: z.string().nullable(), orgId: z.string(),
  orgName: z.string(), currentTitle: z.string().nullable(), posts: z.array(post), family: z.array(familyMember),
});

export const officialFields = {
  orgId: id,
  name: text(40),
  gender: z.enum(['M', 'F']),
  birthDate: date.nullish(),
  ethnicity: optText(20),
  education: optText(40),
  partyMember: z.boolean().optional(),
  idNumber: idNumber.nullish(),
};
export const createOfficialBody = z.strictObject(officialFields);
export const updateOfficialBody = z.strictObject({
  orgId: officialFields.orgId.optional(),
  name: officialFields.name.optional(),
  gender: officialFields.gender.optional(),
  birthDate: officialFields.birthDate,
  ethnicity: officialFields.ethnicity,
  education: officialFields.education,
  partyMember: officialFields.partyMember,
  idNumber: officialFields.idNumber,
});
export type OfficialInput = z.infer<typeof createOfficialBody>;

export const createPostBody = z.strictObject({
  orgId: id,
  title: text(60),
  rank: optText(20),
  division: optText(200),
  isTeamMember: z.boolean().default(true),
  isPrincipal: z.boolean().default(false),
  isKeyPost: z.boolean().default(false),
  startDate: date,
  endDate: date.nullish(),
});
export type PostInput = z.infer<typeof createPostBody>;
export const updatePostBody = z.strictObject({
  title: text(60).optional(),
  rank: optText(20),
  division: optText(200),
  isKeyPost: z.boolean().optional(),
  endDate: date.nullish(),
});

export const createFamilyBody = z.strictObject({
  relation: z.enum(RELATIONS),
  name: text(40),
  idNumber: idNumber.nullish(),
  employer: optText(100),
  position: optText(60),
});
export type FamilyInput = z.infer<typeof createFamilyBody>;

export const created = z.object({ id: z.string() });
export const revealedIdNumber = z.object({ idNumber: z.string().nullable() });
export const importResult = z.object({ created: z.object({ officials: z.number(), posts: z.number() }) });
