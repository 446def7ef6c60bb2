// Formal documents (公文) as Word files, laid out after GB/T 9704-2012: A4 with 37/35/28/26 mm
// margins; the issuing body's mark in red 小标宋 over a red rule; the document number; the title in
// 二号 小标宋; body text in 三号 仿宋, 22 lines of 28 characters; first-level headings in 黑体;
// the issuer's signature and the date (Arabic numerals) at the right; page numbers "— 1 —".
import {
  AlignmentType, BorderStyle, Document, Footer, LineRuleType, Packer, PageNumber, Paragraph, Table, TableCell,
  TableRow, TextRun, WidthType,
} from 'docx';

export interface FormalSection {
  heading?: string;
  paragraphs: string[];
  table?: { headers: string[]; rows: string[][] };
}

export interface FormalDoc {
  issuer: string;
  docNumber?: string;
  title: string;
  recipient?: string;
  sections: FormalSection[];
  signature?: string;
  /** YYYY-MM-DD, printed as 2026年11月30日. */
  date: string;
  copyTo?: string;
}

const MM = 56.7; // twips per millimetre
const PT = 2; // half-points per point
const SIZE = { mark: 26 * PT, title: 22 * PT, body: 16 * PT, table: 12 * PT, page: 14 * PT };
const FONT = { mark: '方正小标宋简体', title: '方正小标宋简体', body: '仿宋_GB2312', heading: '黑体', page: '宋体' };
const RED = 'FF0000';
// 22 lines on the 225 mm text block: an exact line pitch of about 28.9 pt.
const LINE = { line: 578, lineRule: LineRuleType.EXACT };
const INDENT_2_CHARS = 32 * 20; // two 16-pt characters, in twips

export function chineseDate(isoDate: string): string {
  const [y, m, d] = isoDate.slice(0, 10).split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

const run = (text: string, font: string, size: number, extra: { bold?: boolean; color?: string } = {}) =>
  new TextRun({ text, font: { eastAsia: font, ascii: font, hAnsi: font }, size, ...extra });

function bodyParagraph(text: string): Paragraph {
  return new Paragraph({ children: [run(text, FONT.body, SIZE.body)], indent: { firstLine: INDENT_2_CHARS }, alignment: AlignmentType.JUSTIFIED, spacing: LINE });
}

function headingParagraph(text: string): Paragraph {
  return new Paragraph({ children: [run(text, FONT.heading, SIZE.body)], indent: { firstLine: INDENT_2_CHARS }, spacing: LINE });
}

const blank = () => new Paragraph({ children: [run('', FONT.body, SIZE.body)], spacing: LINE });

function table(t: NonNullable<FormalSection['table']>): Table {
  const cell = (text: string, bold = false) => new TableCell({
    children: [new Paragraph({ children: [run(text, bold ? FONT.heading : FONT.body, SIZE.table)], alignment: AlignmentType.CENTER })],
  });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: t.headers.map((h) => cell(h, true)) }),
      ...t.rows.map((r) => new TableRow({ children: t.headers.map((_, i) => cell(r[i] ?? '')) })),
    ],
  });
}

function header(doc: FormalDoc): Paragraph[] {
  const out = [
    new Paragraph({ children: [run(doc.issuer, FONT.mark, SIZE.mark, { color: RED })], alignment: AlignmentType.CENTER, spacing: { before: 0, after: 240 } }),
  ];
  // The red rule under the mark (版头中的分隔线), carried by the document number's paragraph.
  out.push(new Paragraph({
    children: doc.docNumber ? [run(doc.docNumber, FONT.body, SIZE.body)] : [],
    alignment: AlignmentType.CENTER,
    border: { bottom: { style: BorderStyle.SINGLE, size: 12, color: RED, space: 4 } },
    spacing: { after: 480 },
  }));
  return out;
}

/** Builds the .docx bytes of a formal document. */
export async function formalDocument(doc: FormalDoc): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [
    ...header(doc),
    new Paragraph({ children: [run(doc.title, FONT.title, SIZE.title)], alignment: AlignmentType.CENTER, spacing: { after: 240, line: 700, lineRule: LineRuleType.EXACT } }),
    blank(),
  ];
  if (doc.recipient) children.push(new Paragraph({ children: [run(`${doc.recipient}：`, FONT.body, SIZE.body)], spacing: LINE }));
  for (const s of doc.sections) {
    if (s.heading) children.push(headingParagraph(s.heading));
    for (const p of s.paragraphs) children.push(bodyParagraph(p));
    if (s.table) children.push(table(s.table));
  }
  children.push(blank(), blank());
  const rightBlock = (text: string) => new Paragraph({ children: [run(text, FONT.body, SIZE.body)], alignment: AlignmentType.RIGHT, indent: { right: INDENT_2_CHARS * 2 }, spacing: LINE });
  if (doc.signature) children.push(rightBlock(doc.signature));
  children.push(rightBlock(chineseDate(doc.date)));
  if (doc.copyTo) {
    children.push(blank());
    children.push(new Paragraph({
      children: [run(`抄送：${doc.copyTo}。`, FONT.body, 14 * PT)],
      border: { top: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 4 }, bottom: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 4 } },
      indent: { left: 280, right: 280 },
    }));
  }
  const footer = new Footer({
    children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [run('— ', FONT.page, SIZE.page), new TextRun({ children: [PageNumber.CURRENT], size: SIZE.page, font: FONT.page }), run(' —', FONT.page, SIZE.page)] })],
  });
  const document = new Document({
    creator: doc.issuer,
    title: doc.title,
    styles: { default: { document: { run: { font: FONT.body, size: SIZE.body } } } },
    sections: [{
      properties: {
        page: {
          size: { width: Math.round(210 * MM), height: Math.round(297 * MM) },
          margin: { top: Math.round(37 * MM), bottom: Math.round(35 * MM), left: Math.round(28 * MM), right: Math.round(26 * MM), footer: Math.round(28 * MM) - 567 },
        },
      },
      footers: { default: footer },
      children,
    }],
  });
  return Packer.toBuffer(document);
}
