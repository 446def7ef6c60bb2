// Chinese word segmentation in the application (DESIGN.md "Chinese search"): ICU's dictionary
// segmenter through Intl.Segmenter. The same function prepares documents and queries, so a word
// is indexed exactly as it is later asked for.
const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

/** Words of a text: letters and digits only, Latin lower-cased, in order, repeats kept. */
export function segmentWords(text: string): string[] {
  const out: string[] = [];
  for (const s of segmenter.segment(text.normalize('NFKC'))) {
    if (!s.isWordLike) continue;
    const w = s.segment.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
    if (w) out.push(w);
  }
  return out;
}

const HAN = /^\p{Script=Han}+$/u;

/** Index terms: every word, plus the two-character pieces of longer Chinese words (so 工程 finds
 *  工程建设 when the dictionary keeps it whole) and of runs of single characters (住|建|局 → 住建). */
export function indexTerms(text: string): string[] {
  const words = segmentWords(text);
  const terms = new Set<string>();
  let run = '';
  const flushRun = () => {
    for (let i = 0; i + 2 <= run.length; i++) terms.add(run.slice(i, i + 2));
    run = '';
  };
  for (const w of words) {
    terms.add(w);
    if (HAN.test(w) && w.length === 1) {
      run += w;
      continue;
    }
    flushRun();
    if (HAN.test(w) && w.length > 2) for (let i = 0; i + 2 <= w.length; i++) terms.add(w.slice(i, i + 2));
  }
  flushRun();
  return [...terms];
}

/** The text stored in search_docs.search_text: index terms separated by spaces. */
export function searchText(text: string): string {
  return indexTerms(text).join(' ');
}

/** Terms of a query: its words (every one must match). Capped so a pasted essay stays a cheap query. */
export function queryTerms(query: string, max = 12): string[] {
  return [...new Set(segmentWords(query))].slice(0, max);
}

// Words that say nothing about what a report is about; left out of similarity.
const STOP = new Set(['举报', '反映', '问题', '情况', '一个', '我们', '他们', '进行', '存在', '有关', '相关', '要求', '以及', '其中', '同志', '本人', '没有', '已经', '可以', '因为', '所以', '但是']);

/** The content terms of a text indexed by searchText (its terms, space-separated): those that say
 *  something (no stop words, no single Chinese characters), for similarity between reports. Read
 *  from the stored index, a report need not be segmented again each time it is compared. */
export function contentTerms(indexedText: string): Set<string> {
  return new Set(indexedText.split(' ').filter((w) => w && (w.length >= 2 || !HAN.test(w)) && !STOP.has(w)));
}

/** Jaccard similarity of two word sets (0 when both are empty). */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (!a.size && !b.size) return 0;
  let both = 0;
  for (const w of a) if (b.has(w)) both++;
  return both / (a.size + b.size - both);
}
