// Bulk intake from .xlsx: every row is checked first; if any row is bad, each bad row is reported
// and nothing is written. Messages never repeat what a cell held (it may be a reporter's identity).
import { z } from 'zod';
import type { CryptoBox } from '../../core/crypto.js';
import { AppError } from '../../core/errors.js';
import type { Trx } from '../../core/module.js';
import { today } from '../../core/time.js';
import { readSheet, templateWorkbook } from '../../core/xlsx.js';
import type { Db } from '../../db/index.js';
import { orgInScope, pathInScope, type Scope } from '../../db/scope.js';
import { CHANNEL_ZH, DISCIPLINE_ZH, SECTOR_ZH, codeOf } from './labels.js';
import { createPetition } from './petition-store.js';
import type { CreatePetitionInput } from './schema.js';

export const IMPORT_COLUMNS = [
  '登记单位', '来源渠道', '收到日期', '是否匿名', '举报人姓名', '举报人身份证号', '举报人联系方式', '被反映人', '被反映单位', '标题摘要', '主要内容', '纪律类别', '所属领域',
] as const;

const DATE_MESSAGE = '日期格式应为 YYYY-MM-DD (must be a date YYYY-MM-DD)';
const REQUIRED = '必填 (required)';
const rowSchema = z.object({
  登记单位: z.string().min(1, REQUIRED).max(100),
  来源渠道: z.string().min(1, REQUIRED).refine((v) => codeOf(CHANNEL_ZH, v), `应为 ${Object.values(CHANNEL_ZH).join('/')} (unknown channel)`),
  收到日期: z.iso.date(DATE_MESSAGE),
  是否匿名: z.enum(['是', '否'], '应为“是”或“否” (must be 是 or 否)'),
  举报人姓名: z.string().max(40, '不超过40字 (at most 40 characters)'),
  举报人身份证号: z.union([z.literal(''), z.string().regex(/^\d{17}[\dX]$/, '应为18位身份证号 (must be an 18-character ID number)')]),
  举报人联系方式: z.string().max(60, '不超过60字 (at most 60 characters)'),
  被反映人: z.string().max(400),
  被反映单位: z.string().max(400),
  标题摘要: z.string().min(1, REQUIRED).max(120, '不超过120字 (at most 120 characters)'),
  主要内容: z.string().min(1, REQUIRED).max(20000),
  纪律类别: z.string().refine((v) => !v || codeOf(DISCIPLINE_ZH, v), `应为 ${Object.values(DISCIPLINE_ZH).join('/')} 或留空`),
  所属领域: z.string().refine((v) => !v || codeOf(SECTOR_ZH, v), `应为 ${Object.values(SECTOR_ZH).join('/')} 或留空`),
});

export interface RowError { row: number; field: string; message: string }
export interface ImportRow { rowNumber: number; input: CreatePetitionInput }

export async function importTemplate(): Promise<Buffer> {
  return templateWorkbook('信访举报登记', [...IMPORT_COLUMNS], [
    '临江县纪委监委', '来信', '2026-10-08', '否', '张某', '', '139****0000', '李四', '临江县住房和城乡建设局', '反映县住建局局长在工程招投标中收受贿赂',
    '反映该局局长在某道路工程招投标中收受施工方好处费……', '廉洁纪律', '工程建设',
  ], [
    '每行一件信访举报。One report per row.',
    `来源渠道：${Object.values(CHANNEL_ZH).join('、')}；收到日期：YYYY-MM-DD，不晚于今天；是否匿名：是/否（否则须填举报人姓名）。`,
    '登记单位、被反映单位：本系统中的单位全称或单位编码，且须在您的权限范围内；多个用“、”分隔。',
    '被反映人：干部姓名，须在您的权限范围内且不重名；多个用“、”分隔。被反映人与被反映单位至少填一项。',
    `纪律类别（${Object.values(DISCIPLINE_ZH).join('、')}）与所属领域（${Object.values(SECTOR_ZH).join('、')}）可留空，由系统按内容自动分类。`,
    '任何一行有误则整批不导入，并列出每一行的错误。If any row is wrong, nothing is imported and each error is listed.',
  ]);
}

const split = (v: string) => [...new Set(v.split(/[、,，;；\n]/).map((s) => s.trim()).filter(Boolean))];

export async function checkImport(db: Db, scope: Scope, data: Buffer): Promise<{ rows: ImportRow[]; errors: RowError[] }> {
  const sheet = await readSheet(data, 5000);
  const errors: RowError[] = [];
  const rows: ImportRow[] = [];
  if (!sheet.length) errors.push({ row: 1, field: 'file', message: '工作表没有数据行 (the sheet has no data rows)' });
  // Names looked up once for the whole sheet.
  const orgKeys = [...new Set(sheet.flatMap((r) => [r.cells['登记单位'] ?? '', ...split(r.cells['被反映单位'] ?? '')]).filter(Boolean))];
  const names = [...new Set(sheet.flatMap((r) => split(r.cells['被反映人'] ?? '')))];
  const orgs = orgKeys.length
    ? await db.selectFrom('orgs').select(['id', 'name', 'code']).where((eb) => eb.or([eb('name', 'in', orgKeys), eb('code', 'in', orgKeys)]))
      .where((eb) => pathInScope(eb, 'orgs.path', scope)).execute()
    : [];
  const officials = names.length
    ? await db.selectFrom('officials').select(['id', 'name']).where('name', 'in', names).where((eb) => orgInScope(eb, 'officials.org_id', scope)).execute()
    : [];
  const orgFor = (key: string, row: number, field: string) => {
    const m = orgs.filter((o) => o.name === key || o.code === key);
    if (m.length === 1) return m[0].id;
    errors.push({ row, field, message: m.length ? '单位名称不唯一，请填写单位编码 (ambiguous: use the organization code)' : '您的权限范围内没有此单位 (no such organization in your scope)' });
    return null;
  };
  const t = today();
  for (const { rowNumber, cells } of sheet) {
    const parsed = rowSchema.safeParse(Object.fromEntries(IMPORT_COLUMNS.map((c) => [c, cells[c] ?? ''])));
    if (!parsed.success) {
      for (const issue of parsed.error.issues) errors.push({ row: rowNumber, field: String(issue.path[0] ?? 'row'), message: issue.message });
      continue;
    }
    const r = parsed.data;
    const before = errors.length;
    const orgId = orgFor(r.登记单位, rowNumber, '登记单位');
    const subjectOrgIds = split(r.被反映单位).map((k) => orgFor(k, rowNumber, '被反映单位'));
    const officialIds = split(r.被反映人).map((n) => {
      const m = officials.filter((o) => o.name === n);
      if (m.length === 1) return m[0].id;
      errors.push({ row: rowNumber, field: '被反映人', message: m.length ? '干部重名，请在系统中逐件登记 (several officials share this name)' : '您的权限范围内没有此干部 (no such official in your scope)' });
      return null;
    });
    if (!officialIds.length && !subjectOrgIds.length) errors.push({ row: rowNumber, field: '被反映人', message: '被反映人与被反映单位至少填一项 (name an official or an organization)' });
    if (r.收到日期 > t) errors.push({ row: rowNumber, field: '收到日期', message: '不能晚于今天 (in the future)' });
    const anonymous = r.是否匿名 === '是';
    if (!anonymous && !r.举报人姓名) errors.push({ row: rowNumber, field: '举报人姓名', message: '实名举报须填写举报人姓名 (a named report needs the reporter’s name)' });
    if (errors.length > before || !orgId) continue;
    rows.push({
      rowNumber,
      input: {
        orgId, channel: codeOf(CHANNEL_ZH, r.来源渠道)!, receivedAt: r.收到日期, anonymous,
        reporter: anonymous ? null : { name: r.举报人姓名, idNumber: r.举报人身份证号 || null, contact: r.举报人联系方式 || null },
        subjects: { officialIds: officialIds as string[], orgIds: subjectOrgIds as string[] },
        summary: r.标题摘要, content: r.主要内容,
        discipline: r.纪律类别 ? codeOf(DISCIPLINE_ZH, r.纪律类别) : undefined,
        sector: r.所属领域 ? codeOf(SECTOR_ZH, r.所属领域) : undefined,
      },
    });
  }
  return { rows, errors };
}

export async function writeImport(trx: Trx, crypto: CryptoBox, scope: Scope, actorId: string, rows: ImportRow[]) {
  const matters = new Set<string>();
  for (const r of rows) matters.add((await createPetition(trx, crypto, scope, actorId, r.input, `rows[${r.rowNumber}]`)).matterId);
  return { petitions: rows.length, matters: matters.size };
}

export function importFailed(errors: RowError[]): AppError {
  return new AppError(400, 'import_failed', `发现 ${errors.length} 处错误，未导入任何数据 (${errors.length} problem(s) found; nothing was imported)`, 'file', { rows: errors });
}
