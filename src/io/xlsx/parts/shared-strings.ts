/**
 * The shared-string table (xl/sharedStrings.xml), both directions, and the text of an
 * inline string (<is>), which worksheets carry in the same <t>/<r>/<rPh> form.
 */
import { decodeOoxmlText, scanXml } from '../xml-scan.js';
import { NS_MAIN, XML_HEAD, textElement } from '../xml.js';
import { flat, type SharedStringSink } from './cell.js';

/** The table being written: each distinct text once, in first-use order. */
export class SharedStrings implements SharedStringSink {
  private ix = new Map<string, number>();
  private items: string[] = [];
  /** Uses (cells that refer to the table), for the count attribute. */
  count = 0;

  id(s: string): number {
    this.count++;
    let i = this.ix.get(s);
    if (i === undefined) {
      i = this.items.length;
      this.items.push(`<si>${textElement(s)}</si>`);
      this.ix.set(s, i);
    }
    return i;
  }

  get size(): number {
    return this.items.length;
  }

  xml(): string {
    return XML_HEAD + `<sst xmlns="${NS_MAIN}" count="${this.count}" uniqueCount="${this.items.length}">${this.items.join('')}</sst>`;
  }
}

/** Read a shared-string table: each <si>'s text (its <t> runs joined, phonetic <rPh> runs left out). */
export function readSharedStrings(xml: string, partName: string): string[] {
  return parseSharedStringsFast(xml) ?? parseSharedStrings(xml, partName);
}

/** The general reader (any prefix, comments, CDATA). */
export function parseSharedStrings(xml: string, partName: string): string[] {
  const out: string[] = [];
  let inSi = false;
  let inT = false;
  let phonetic = 0;
  let buf = '';
  scanXml(
    xml,
    {
      open(name, _a, self) {
        if (name === 'si') {
          inSi = true;
          buf = '';
          if (self) {
            out.push('');
            inSi = false;
          }
        } else if (name === 'rPh') phonetic++;
        else if (name === 't' && inSi && !self) inT = true;
      },
      close(name) {
        if (name === 'si') {
          if (inSi) out.push(flat(buf));
          inSi = false;
        } else if (name === 'rPh') phonetic--;
        else if (name === 't') inT = false;
      },
      text(src, s, e) {
        if (inT && phonetic === 0) buf += decodeOoxmlText(src.slice(s, e));
      },
      cdata(c) {
        if (inT && phonetic === 0) buf += c;
      },
    },
    partName,
  );
  return out;
}

/**
 * Shared strings as Excel and this project write them (unprefixed, no comments, CDATA or
 * DTD): each <si> cut out with indexOf, its <t> runs joined (phonetic runs dropped). Null
 * when the XML is not of that form; the general scanner then reads it.
 */
export function parseSharedStringsFast(xml: string): string[] | null {
  if (xml.indexOf('<sst') < 0 || xml.includes('<!--') || xml.includes('<![CDATA[') || xml.includes('<!DOCTYPE')) return null;
  const out: string[] = [];
  let i = xml.indexOf('<si');
  while (i >= 0) {
    const next = xml.charCodeAt(i + 3);
    if (next !== 62 && next !== 47 && next !== 32) return null; // <sil…>? not ours
    const gt = xml.indexOf('>', i + 3);
    if (gt < 0) return null;
    if (xml.charCodeAt(gt - 1) === 47) {
      out.push('');
      i = xml.indexOf('<si', gt + 1);
      continue;
    }
    const end = xml.indexOf('</si>', gt + 1);
    if (end < 0) return null;
    const inner = xml.slice(gt + 1, end);
    // The common case: one plain <t>…</t>.
    let raw: string;
    if (inner.startsWith('<t>') && inner.endsWith('</t>') && inner.indexOf('<', 3) === inner.length - 4) raw = inner.slice(3, -4);
    else raw = inlineStringText(inner);
    out.push(flat(decodeOoxmlText(raw)));
    i = xml.indexOf('<si', end + 5);
  }
  return out;
}

/** The text of an <si> or <is> content: its <t> runs, without phonetic (<rPh>) runs; still encoded. */
export function inlineStringText(inner: string): string {
  const body = inner.includes('<rPh') ? inner.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '') : inner;
  let out = '';
  const re = /<t(?:\s[^>]*)?>([^<]*)<\/t>/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(body))) out += m[1];
  return out;
}
