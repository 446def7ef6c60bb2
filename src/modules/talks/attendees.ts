// Attendee lists of collective talks from .xlsx: every row is matched to an official in scope first;
// if any row is bad, each bad row is reported and nobody is added.
import { z } from 'zod';
import type { Db } from '../../db/index.js';
import { orgInScope, pathInScope, type Scope } from '../../db/scope.js';
import { AppError } from '../../core/errors.js';
import { readSheet, templateWorkbook } from '../../core/xlsx.js';

export const ATTENDEE_COLUMNS = ['姓名', '单位', '身份证号后四位', '职务'] as const;
const CHUNK = 500;

const rowSchema = z.object({
  姓名: z.string().min(1, '必填 (required)').max(40, '过长 (too long)'),
  单位: z.string().min(1, '必填 (required)').max(100, '过长 (too long)'),
  身份证号后四位: z.union([z.literal(''), z.string().regex(/^\d{3}[\dX]$/, '应为4位 (must be 4 characters)')]),
  职务: z.string().max(60),
});

export interface RowError { row: number; field: string; message: string }
export interface Attendee { id: string; org_id: string; current_title: string | null; principal: boolean }

export async function attendeeTemplate(): Promise<Buffer> {
  return templateWorkbook('参加人员', [...ATTENDEE_COLUMNS], ['张三', '临江县财政局', '', '党组书记、局长'], [
    '每行一名参加谈话的干部。One row per attendee.',
    '姓名、单位必填；单位填写本系统中的单位全称或单位编码，且须在您的权限范围内。',
    '同一单位有同名干部时，填写身份证号后四位加以区分。',
    '职务仅供核对，不作匹配。',
    '任何一行有误则整批不导入，并列出每一行的错误。If any row is wrong, nobody is added and each error is listed.',
  ]);
}

export async function checkAttendees(db: Db, scope: Scope, data: Buffer): Promise<{ attendees: Attendee[]; errors: RowError[] }> {
  const sheet = await readSheet(data, 5000);
  const errors: RowError[] = [];
  if (!sheet.length) errors.push({ row: 1, field: 'file', message: '工作表没有数据行 (the sheet has no data rows)' });
  const orgKeys = [...new Set(sheet.map((r) => r.cells['单位']).filter(Boolean))];
  const orgs: { id: string; name: string; code: string | null }[] = [];
  for (let i = 0; i < orgKeys.length; i += CHUNK) {
    const keys = orgKeys.slice(i, i + CHUNK);
    orgs.push(...await db.selectFrom('orgs').select(['id', 'name', 'code']).where((eb) => eb.or([eb('name', 'in', keys), eb('code', 'in', keys)]))
      .where((eb) => pathInScope(eb, 'orgs.path', scope)).execute());
  }
  const names = [...new Set(sheet.map((r) => r.cells['姓名']).filter(Boolean))];
  const officials: { id: string; name: string; org_id: string; id_number_tail: string | null; current_title: string | null; principal: unknown }[] = [];
  for (let i = 0; i < names.length; i += CHUNK) {
    officials.push(...await db.selectFrom('officials')
      .select((eb) => ['officials.id', 'officials.name', 'officials.org_id', 'officials.id_number_tail', 'officials.current_title',
        eb.exists(eb.selectFrom('posts').select('posts.id').whereRef('posts.official_id', '=', 'officials.id').where('posts.is_principal', '=', 1).where('posts.end_date', 'is', null)).as('principal')])
      .where('officials.name', 'in', names.slice(i, i + CHUNK))
      .where((eb) => orgInScope(eb, 'officials.org_id', scope))
      .execute());
  }
  const seen = new Map<string, number>();
  const attendees: Attendee[] = [];
  for (const { rowNumber, cells } of sheet) {
    const parsed = rowSchema.safeParse(Object.fromEntries(ATTENDEE_COLUMNS.map((c) => [c, cells[c] ?? ''])));
    if (!parsed.success) {
      for (const issue of parsed.error.issues) errors.push({ row: rowNumber, field: String(issue.path[0] ?? 'row'), message: issue.message });
      continue;
    }
    const r = parsed.data;
    const orgMatches = orgs.filter((o) => o.name === r.单位 || o.code === r.单位);
    if (orgMatches.length !== 1) {
      errors.push({ row: rowNumber, field: '单位', message: orgMatches.length ? '单位名称不唯一，请填写单位编码 (ambiguous: use the organization code)' : '您的权限范围内没有此单位 (no such organization in your scope)' });
      continue;
    }
    const candidates = officials.filter((o) => o.name === r.姓名 && o.org_id === orgMatches[0].id && (!r.身份证号后四位 || o.id_number_tail === r.身份证号后四位));
    if (candidates.length !== 1) {
      errors.push({
        row: rowNumber, field: candidates.length ? '身份证号后四位' : '姓名',
        message: candidates.length ? '该单位有同名干部，请填写身份证号后四位 (several officials share this name: add the ID number’s last 4 characters)' : '该单位没有此干部 (no such official in this organization)',
      });
      continue;
    }
    const o = candidates[0];
    const earlier = seen.get(o.id);
    if (earlier) {
      errors.push({ row: rowNumber, field: '姓名', message: `与第 ${earlier} 行重复 (the same official as row ${earlier})` });
      continue;
    }
    seen.set(o.id, rowNumber);
    attendees.push({ id: o.id, org_id: o.org_id, current_title: o.current_title, principal: Boolean(Number(o.principal)) });
  }
  return { attendees, errors };
}

export function importFailed(errors: RowError[]): AppError {
  return new AppError(400, 'import_failed', `发现 ${errors.length} 处错误，未导入任何人员 (${errors.length} problem(s) found; nobody was added)`, 'file', { rows: errors });
}
