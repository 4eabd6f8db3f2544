/** Relationship parts (_rels/*.rels), both directions. */
import { attr, scanXml } from '../xml-scan.js';
import { NS_PKG_REL, XML_HEAD, escapeXml } from '../xml.js';

const OFFICE_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** Relationship types this project writes. */
export const REL = {
  officeDocument: `${OFFICE_REL}/officeDocument`,
  coreProperties: 'http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties',
  extendedProperties: `${OFFICE_REL}/extended-properties`,
  worksheet: `${OFFICE_REL}/worksheet`,
  styles: `${OFFICE_REL}/styles`,
  sharedStrings: `${OFFICE_REL}/sharedStrings`,
  comments: `${OFFICE_REL}/comments`,
  vmlDrawing: `${OFFICE_REL}/vmlDrawing`,
  drawing: `${OFFICE_REL}/drawing`,
  chart: `${OFFICE_REL}/chart`,
} as const;

export interface Rel {
  id: string;
  type: string;
  /** As written: relative to the source part's folder. As read: resolved to a zip path. */
  target: string;
}

export function relsXml(list: readonly Rel[]): string {
  return (
    XML_HEAD +
    `<Relationships xmlns="${NS_PKG_REL}">${list.map((r) => `<Relationship Id="${r.id}" Type="${r.type}" Target="${escapeXml(r.target)}"/>`).join('')}</Relationships>`
  );
}

/** A target relative to `baseDir` (a folder with its trailing '/') as a zip path; '/x' is absolute. */
export function resolveTarget(baseDir: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = (baseDir + target).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p !== '.' && p !== '') out.push(p);
  }
  return out.join('/');
}

/** Read a .rels part: internal relationships with their targets resolved against `baseDir` (external ones left out). */
export function readRels(xml: string, partName: string, baseDir: string): Rel[] {
  const out: Rel[] = [];
  scanXml(
    xml,
    {
      open(name, a) {
        if (name !== 'Relationship') return;
        if (attr(a, 'TargetMode') === 'External') return;
        const id = attr(a, 'Id');
        const type = attr(a, 'Type') ?? '';
        const target = attr(a, 'Target');
        if (id && target) out.push({ id, type, target: resolveTarget(baseDir, target) });
      },
    },
    partName,
  );
  return out;
}
