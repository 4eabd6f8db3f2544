/**
 * A small, fast, non-validating XML scanner for the parts of an .xlsx. No DOM, no DTD:
 * a DOCTYPE (with any internal subset) is skipped and its entities are never defined or
 * resolved; only the five predefined entities and numeric character references expand.
 */
import { XlsxReadError } from './read-error.js';

export interface XmlHandler {
  /** A start tag; `name` is the local name (prefix dropped); `attrs` the raw attribute text. */
  open(name: string, attrs: string, selfClosing: boolean): void;
  close?(name: string): void;
  /** Character data between tags: src.slice(start, end), still entity-encoded. */
  text?(src: string, start: number, end: number): void;
  /** CDATA content (already literal). */
  cdata?(content: string): void;
}

const localName = (q: string): string => {
  const i = q.indexOf(':');
  return i < 0 ? q : q.slice(i + 1);
};

function bad(part: string, what: string): never {
  throw new XlsxReadError('BAD_XML', `文件已损坏：${part} 的 XML 结构不完整（${what}）`);
}

/** Scan `src`, calling the handler for tags and text. `part` names the part in errors. */
export function scanXml(src: string, h: XmlHandler, part: string): void {
  const n = src.length;
  const wantText = !!h.text;
  let i = 0;
  while (i < n) {
    const lt = src.indexOf('<', i);
    if (lt < 0) {
      if (wantText) h.text!(src, i, n);
      return;
    }
    if (lt > i && wantText) h.text!(src, i, lt);
    const c = src.charCodeAt(lt + 1);
    if (c === 33 /* ! */) {
      if (src.startsWith('<!--', lt)) {
        const e = src.indexOf('-->', lt + 4);
        if (e < 0) bad(part, '注释未结束');
        i = e + 3;
      } else if (src.startsWith('<![CDATA[', lt)) {
        const e = src.indexOf(']]>', lt + 9);
        if (e < 0) bad(part, 'CDATA 未结束');
        if (h.cdata) h.cdata(src.slice(lt + 9, e));
        i = e + 3;
      } else {
        // <!DOCTYPE ...[ internal subset ]> — skipped whole; nothing in it is ever used.
        let j = lt + 2;
        let depth = 0;
        let quote = 0;
        for (; j < n; j++) {
          const d = src.charCodeAt(j);
          if (quote) {
            if (d === quote) quote = 0;
          } else if (d === 34 || d === 39) quote = d;
          else if (d === 91) depth++;
          else if (d === 93) depth--;
          else if (d === 62 && depth <= 0) break;
        }
        if (j >= n) bad(part, '声明未结束');
        i = j + 1;
      }
      continue;
    }
    if (c === 63 /* ? */) {
      const e = src.indexOf('?>', lt + 2);
      if (e < 0) bad(part, '处理指令未结束');
      i = e + 2;
      continue;
    }
    if (c === 47 /* / */) {
      const e = src.indexOf('>', lt + 2);
      if (e < 0) bad(part, '结束标签未结束');
      if (h.close) h.close(localName(src.slice(lt + 2, e).trim()));
      i = e + 1;
      continue;
    }
    // Start tag: find its '>' outside quoted attribute values (a plain char loop is
    // faster here than indexOf jumps: tags are short).
    let j = lt + 1;
    let quote = 0;
    for (; j < n; j++) {
      const d = src.charCodeAt(j);
      if (quote) {
        if (d === quote) quote = 0;
      } else if (d === 34 || d === 39) quote = d;
      else if (d === 62) break;
    }
    if (j >= n) bad(part, '标签未结束');
    const selfClosing = src.charCodeAt(j - 1) === 47;
    const tagEnd = selfClosing ? j - 1 : j;
    let k = lt + 1;
    while (k < tagEnd) {
      const d = src.charCodeAt(k);
      if (d === 32 || d === 9 || d === 10 || d === 13) break;
      k++;
    }
    const name = localName(src.slice(lt + 1, k));
    h.open(name, src.slice(k, tagEnd), selfClosing);
    if (selfClosing && h.close) h.close(name);
    i = j + 1;
  }
}

/** The value of one attribute (by local name) in raw attribute text, decoded; undefined when absent. */
export function attr(raw: string, name: string): string | undefined {
  const n = raw.length;
  let i = 0;
  while (i < n) {
    // skip spaces
    let d = raw.charCodeAt(i);
    while (i < n && (d === 32 || d === 9 || d === 10 || d === 13)) d = raw.charCodeAt(++i);
    if (i >= n) return undefined;
    const eq = raw.indexOf('=', i);
    if (eq < 0) return undefined;
    const key = raw.slice(i, eq).trim();
    let q = eq + 1;
    while (q < n && raw.charCodeAt(q) !== 34 && raw.charCodeAt(q) !== 39) q++;
    if (q >= n) return undefined;
    const quote = raw[q];
    const end = raw.indexOf(quote, q + 1);
    if (end < 0) return undefined;
    if (key === name || localName(key) === name) return decodeXml(raw.slice(q + 1, end));
    i = end + 1;
  }
  return undefined;
}

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const ENTITY_RE = /&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|amp|lt|gt|quot|apos);/g;

/** Expand the 5 predefined entities and numeric references; anything else stays literal. */
export function decodeXml(s: string): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(ENTITY_RE, (m, body: string) => {
    if (body[0] !== '#') return PREDEFINED[body];
    const cp = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    if (!(cp > 0 && cp <= 0x10ffff) || (cp >= 0xd800 && cp <= 0xdfff)) return m;
    return String.fromCodePoint(cp);
  });
}

const OOXML_ESCAPE_RE = /_x([0-9A-Fa-f]{4})_/g;

/** Text content of a shared or inline string: XML entities, then OOXML's _xHHHH_ escapes. */
export function decodeOoxmlText(s: string): string {
  const t = decodeXml(s);
  if (t.indexOf('_x') < 0) return t;
  return t.replace(OOXML_ESCAPE_RE, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
