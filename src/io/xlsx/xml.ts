/**
 * What every written part shares: the XML declaration, the namespaces, and the one XML
 * escaper (attribute values and element text) with its OOXML cell-text form. Reading is
 * xml-scan.ts (scanner, entity and _xHHHH_ decoding).
 */

export const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
export const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
export const NS_R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
export const NS_PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';
export const NS_DRAWING_MAIN = 'http://schemas.openxmlformats.org/drawingml/2006/main';
export const NS_CHART = 'http://schemas.openxmlformats.org/drawingml/2006/chart';
export const NS_SPREADSHEET_DRAWING = 'http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing';

const XML_ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
const NEEDS_XML_ESC = /[&<>"]/;

/** Attribute or element text with XML's special characters escaped (the only escaper of the writer). */
export function escapeXml(s: string): string {
  return NEEDS_XML_ESC.test(s) ? s.replace(/[&<>"]/g, (c) => XML_ESC[c]) : s;
}

// Most texts (names, codes, labels) need nothing: one test before any replace.
// eslint-disable-next-line no-control-regex
const NEEDS_CELL_ESC = /[&<>"_\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]/;

/**
 * Cell, shared-string and comment text: XML-escaped, characters XML cannot carry written as
 * OOXML _xHHHH_ escapes (so nothing is dropped), and a literal "_xHHHH_" protected as
 * "_x005F_xHHHH_" so it reads back unchanged.
 */
export function escapeCellText(s: string): string {
  if (!NEEDS_CELL_ESC.test(s)) return s;
  let t = s;
  if (t.includes('_x')) t = t.replace(/_(x[0-9A-Fa-f]{4}_)/g, '_x005F_$1');
  t = t.replace(
    // eslint-disable-next-line no-control-regex
    /[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\ufffe\uffff]/g,
    (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`,
  );
  // Lone surrogates cannot be written in UTF-8 XML.
  t = t.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
  return escapeXml(t);
}

/** A <t> element; xml:space="preserve" when leading/trailing space or a line break must survive (or when asked). */
export function textElement(s: string, preserve = /^\s|\s$|\n/.test(s)): string {
  return `<t${preserve ? ' xml:space="preserve"' : ''}>${escapeCellText(s)}</t>`;
}

/** A number in an attribute or bound (widths, heights, limits); cell values go through cellValueForWrite. */
export function xmlNumber(v: number): string {
  return Number.isFinite(v) ? String(v) : '0';
}
