// Spreadsheet helpers shared by every module's import and export.
import ExcelJS from 'exceljs';
import { PassThrough, type Readable } from 'node:stream';
import { badRequest } from './errors.js';

export interface Column<T> {
  header: string; // "中文 English"
  key: string;
  width?: number;
  value(row: T): string | number | null | undefined;
}

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Streams a workbook of one sheet; rows come in pages so nothing large sits in memory. */
export function streamSheet<T>(sheetName: string, columns: Column<T>[], pages: AsyncIterable<T[]>): Readable {
  const out = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
  const ws = wb.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width ?? 16 }));
  ws.getRow(1).font = { bold: true };
  (async () => {
    for await (const page of pages) {
      for (const row of page) ws.addRow(Object.fromEntries(columns.map((c) => [c.key, c.value(row) ?? null]))).commit();
    }
    ws.commit();
    await wb.commit();
  })().catch((err) => out.destroy(err));
  return out;
}

/** A template: headers, one example row, and a sheet of notes. */
export async function templateWorkbook(sheetName: string, headers: string[], example: (string | number)[], notes: string[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.addRow(headers).font = { bold: true };
  ws.addRow(example);
  ws.columns.forEach((c) => (c.width = 18));
  const help = wb.addWorksheet('说明 Notes');
  notes.forEach((n) => help.addRow([n]));
  help.getColumn(1).width = 100;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Reads the first sheet into objects keyed by header text; rejects anything that is not an .xlsx. */
export async function readSheet(data: Buffer, maxRows = 20000): Promise<{ rowNumber: number; cells: Record<string, string> }[]> {
  if (data.length < 4 || data.readUInt32LE(0) !== 0x04034b50) throw badRequest('The file is not an .xlsx workbook', 'file');
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    throw badRequest('The workbook could not be read', 'file');
  }
  const ws = wb.worksheets[0];
  if (!ws) throw badRequest('The workbook has no sheet', 'file');
  const headers: string[] = [];
  ws.getRow(1).eachCell((cell, col) => (headers[col] = cellText(cell.value)));
  const rows: { rowNumber: number; cells: Record<string, string> }[] = [];
  ws.eachRow((row, rowNumber) => {
    if (rowNumber === 1) return;
    const cells: Record<string, string> = {};
    row.eachCell((cell, col) => {
      if (headers[col]) cells[headers[col]] = cellText(cell.value);
    });
    if (Object.values(cells).some((v) => v !== '')) rows.push({ rowNumber, cells });
  });
  if (rows.length > maxRows) throw badRequest(`At most ${maxRows} rows per import`, 'file');
  return rows;
}

function cellText(v: ExcelJS.CellValue): string {
  if (v == null) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('').trim();
    if ('text' in v) return String(v.text).trim();
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    return '';
  }
  return String(v).trim();
}

/** Pages of a query, by offset, for exports. */
export async function* pages<T>(fetch: (offset: number, limit: number) => Promise<T[]>, size = 1000): AsyncIterable<T[]> {
  for (let offset = 0; ; offset += size) {
    const rows = await fetch(offset, size);
    if (rows.length) yield rows;
    if (rows.length < size) return;
  }
}
