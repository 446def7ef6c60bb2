// Excel import of officials and their posts: every row is checked first; if any row is bad,
// the report lists each bad row and nothing is written.
import { z } from 'zod';
import type { Db } from '../../db/index.js';
import { pathInScope, type Scope } from '../../db/scope.js';
import type { CryptoBox } from '../../core/crypto.js';
import { AppError } from '../../core/errors.js';
import type { Trx } from '../../core/module.js';
import { readSheet, templateWorkbook } from '../../core/xlsx.js';
import { today } from '../../core/time.js';
import { addPost, createOfficial } from './official-store.js';
import { idNumber } from './schema.js';

export const IMPORT_COLUMNS = [
  '姓名', '性别', '出生日期', '民族', '学历', '身份证号', '任职单位', '职务', '职级', '分管工作', '班子成员', '一把手', '关键岗位', '任职开始', '任职结束',
] as const;

// Messages name the problem in Chinese first, then English: the report is read by the person who filled the sheet.
const DATE_MESSAGE = '日期格式应为 YYYY-MM-DD (must be a date YYYY-MM-DD)';
const yesNo = z.enum(['是', '否', ''], '应为“是”或“否” (must be 是 or 否)').transform((v) => v === '是');
const optional = (max: number) => z.string().max(max).transform((v) => v || null);
const rowSchema = z.object({
  姓名: z.string().min(1, '必填 (required)').max(40),
  性别: z.enum(['男', '女'], '应为“男”或“女” (must be 男 or 女)').transform((v) => (v === '男' ? 'M' : 'F') as 'M' | 'F'),
  出生日期: z.union([z.literal(''), z.iso.date(DATE_MESSAGE)]).transform((v) => v || null),
  民族: optional(20),
  学历: optional(40),
  身份证号: z.union([z.literal(''), idNumber]).transform((v) => v || null),
  任职单位: z.string().min(1, '必填 (required)').max(100),
  职务: z.string().min(1, '必填 (required)').max(60),
  职级: optional(20),
  分管工作: optional(200),
  班子成员: yesNo,
  一把手: yesNo,
  关键岗位: yesNo,
  任职开始: z.iso.date(DATE_MESSAGE),
  任职结束: z.union([z.literal(''), z.iso.date(DATE_MESSAGE)]).transform((v) => v || null),
});
type ImportRow = z.infer<typeof rowSchema> & { rowNumber: number; orgId: string };

export interface RowError {
  row: number;
  field: string;
  message: string;
}

export async function importTemplate(): Promise<Buffer> {
  return templateWorkbook(
    '干部及任职',
    [...IMPORT_COLUMNS],
    ['张三', '男', '1972-05-01', '汉族', '研究生', '', '临江县财政局', '党组书记、局长', '正科级', '', '是', '是', '是', '2021-03-01', ''],
    [
      '每行一个任职记录；同一身份证号的多行归为同一名干部。One row per post; rows with the same ID number are one official.',
      '性别：男/女；日期：YYYY-MM-DD；班子成员、一把手、关键岗位：是/否。',
      '任职单位：填写本系统中的单位全称或单位编码，且须在您的权限范围内。',
      '一个班子同一时间只能有一名一把手（任职结束为空视为现任）。',
      '任何一行有误则整批不导入，并列出每一行的错误。If any row is wrong, nothing is imported and each error is listed.',
    ],
  );
}

export async function checkImport(db: Db, scope: Scope, data: Buffer): Promise<{ rows: ImportRow[]; errors: RowError[] }> {
  const sheet = await readSheet(data);
  const errors: RowError[] = [];
  const rows: ImportRow[] = [];
  if (!sheet.length) errors.push({ row: 1, field: 'file', message: '工作表没有数据行 (the sheet has no data rows)' });
  const orgKeys = [...new Set(sheet.map((r) => r.cells['任职单位']).filter(Boolean))];
  const orgs = orgKeys.length
    ? await db.selectFrom('orgs').select(['id', 'name', 'code']).where((eb) => eb.or([eb('name', 'in', orgKeys), eb('code', 'in', orgKeys)]))
        .where((eb) => pathInScope(eb, 'orgs.path', scope)).execute()
    : [];
  const principalsInFile = new Map<string, number>();
  const t = today();
  for (const { rowNumber, cells } of sheet) {
    const parsed = rowSchema.safeParse(Object.fromEntries(IMPORT_COLUMNS.map((c) => [c, cells[c] ?? ''])));
    // Every problem of a row is reported at once, the organization included.
    const orgKey = cells['任职单位'] ?? '';
    const matches = orgs.filter((o) => o.name === orgKey || o.code === orgKey);
    if (orgKey && matches.length !== 1) {
      errors.push({ row: rowNumber, field: '任职单位', message: matches.length ? '单位名称不唯一，请填写单位编码 (ambiguous: use the organization code)' : '您的权限范围内没有此单位 (no such organization in your scope)' });
    }
    if (!parsed.success) {
      for (const issue of parsed.error.issues) errors.push({ row: rowNumber, field: String(issue.path[0] ?? 'row'), message: issue.message });
      continue;
    }
    if (matches.length !== 1) continue;
    const r = parsed.data;
    const orgId = matches[0].id;
    if (r.任职结束 && r.任职结束 < r.任职开始) errors.push({ row: rowNumber, field: '任职结束', message: '早于任职开始日期 (before the start date)' });
    if (r.任职开始 > t) errors.push({ row: rowNumber, field: '任职开始', message: '不能晚于今天 (in the future)' });
    if (r.一把手 && !r.任职结束) {
      const earlier = principalsInFile.get(orgId);
      if (earlier) errors.push({ row: rowNumber, field: '一把手', message: `第 ${earlier} 行已是该班子的现任一把手 (row ${earlier} already names a current principal for this team)` });
      else {
        principalsInFile.set(orgId, rowNumber);
        const existing = await db.selectFrom('posts').select('id').where('org_id', '=', orgId).where('is_principal', '=', 1).where('end_date', 'is', null).executeTakeFirst();
        if (existing) errors.push({ row: rowNumber, field: '一把手', message: '该班子已有现任一把手 (this team already has a current principal)' });
      }
    }
    rows.push({ ...r, rowNumber, orgId });
  }
  return { rows, errors };
}

export async function writeImport(trx: Trx, crypto: CryptoBox, scope: Scope, rows: ImportRow[]) {
  const byIdNumber = new Map<string, string>();
  let officials = 0;
  for (const r of rows) {
    let officialId = r.身份证号 ? byIdNumber.get(r.身份证号) : undefined;
    if (!officialId) {
      officialId = await createOfficial(trx, crypto, scope, {
        orgId: r.orgId, name: r.姓名, gender: r.性别, birthDate: r.出生日期, ethnicity: r.民族, education: r.学历, idNumber: r.身份证号,
      }, `rows[${r.rowNumber}].任职单位`);
      officials++;
      if (r.身份证号) byIdNumber.set(r.身份证号, officialId);
    }
    await addPost(trx, scope, officialId, {
      orgId: r.orgId, title: r.职务, rank: r.职级, division: r.分管工作, isTeamMember: r.班子成员, isPrincipal: r.一把手,
      isKeyPost: r.关键岗位, startDate: r.任职开始, endDate: r.任职结束,
    }, `rows[${r.rowNumber}]`);
  }
  return { officials, posts: rows.length };
}

export function importFailed(errors: RowError[]): AppError {
  return new AppError(400, 'import_failed', `发现 ${errors.length} 处错误，未导入任何数据 (${errors.length} problem(s) found; nothing was imported)`, 'file', { rows: errors });
}
