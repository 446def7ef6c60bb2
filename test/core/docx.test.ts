// The formal document: opened with a zip parser and checked for the GB/T 9704 layout and the text.
import { describe, expect, it } from 'vitest';
import { chineseDate, formalDocument } from '../../src/core/docx.js';
import { docxText } from '../helpers/files.js';

describe('formal document (.docx)', () => {
  it('carries the issuer in red, the number, title, recipient, sections, table, signature and date', async () => {
    const buf = await formalDocument({
      issuer: '中共示范省纪律检查委员会',
      docNumber: '示纪发〔2026〕12号',
      title: '关于印发监督任务书的通知',
      recipient: '临江县委',
      sections: [
        { heading: '一、总体要求', paragraphs: ['认真落实主体责任。'] },
        { paragraphs: ['按期报送进展情况。'], table: { headers: ['序号', '任务'], rows: [['1', '开展任前谈话']] } },
      ],
      signature: '中共示范省纪律检查委员会',
      date: '2026-11-30',
      copyTo: '省委办公厅',
    });
    expect(buf.subarray(0, 2).toString()).toBe('PK');
    const { paragraphs, xml } = await docxText(buf);
    expect(paragraphs.slice(0, 3)).toEqual(['中共示范省纪律检查委员会', '示纪发〔2026〕12号', '关于印发监督任务书的通知']);
    expect(paragraphs).toEqual(expect.arrayContaining(['临江县委：', '一、总体要求', '认真落实主体责任。', '开展任前谈话', '2026年11月30日', '抄送：省委办公厅。']));
    expect(xml).toContain('w:color w:val="FF0000"');
    expect(xml).toMatch(/w:pgMar w:top="2098"[^>]*w:right="1474"[^>]*w:bottom="1985"[^>]*w:left="1588"/);
    expect(xml).toContain('仿宋_GB2312');
    expect(xml).toContain('<w:sz w:val="32"/>');
  });

  it('prints dates in Arabic numerals without leading zeros', () => {
    expect(chineseDate('2026-03-05')).toBe('2026年3月5日');
  });
});
