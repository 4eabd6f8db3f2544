/**
 * Cell comments (notes): xl/commentsN.xml with the legacy VML drawing that Excel needs to
 * show them (xl/drawings/vmlDrawingN.vml). Written only (the reader reads values, not notes).
 */
import { NS_MAIN, XML_HEAD, textElement } from '../xml.js';

export interface CommentAt {
  /** A1 address. */
  ref: string;
  /** 0-based row and column. */
  row: number;
  col: number;
  text: string;
}

/** The comments part of a sheet. */
export function commentsXml(list: readonly CommentAt[]): string {
  return (
    XML_HEAD +
    `<comments xmlns="${NS_MAIN}"><authors><author>STI Rollup</author></authors><commentList>` +
    list.map((c) => `<comment ref="${c.ref}" authorId="0"><text>${textElement(c.text)}</text></comment>`).join('') +
    '</commentList></comments>'
  );
}

/** The VML drawing with one hidden note shape per comment; `sheetNo` (1-based) keeps shape ids unique in the workbook. */
export function commentsVml(list: readonly CommentAt[], sheetNo: number): string {
  const shapes = list
    .map(
      (c, i) =>
        `<v:shape id="_x0000_s${sheetNo * 1024 + 1 + i}" type="#_x0000_t202" style="position:absolute;margin-left:59.25pt;margin-top:1.5pt;width:144pt;height:60pt;z-index:${i + 1};visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto">` +
        '<v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/>' +
        '<v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox>' +
        `<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>${c.col + 1}, 15, ${c.row}, 2, ${c.col + 4}, 15, ${c.row + 4}, 16</x:Anchor>` +
        `<x:AutoFill>False</x:AutoFill><x:Row>${c.row}</x:Row><x:Column>${c.col}</x:Column></x:ClientData></v:shape>`,
    )
    .join('');
  return (
    '<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">' +
    `<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="${sheetNo}"/></o:shapelayout>` +
    '<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>' +
    shapes +
    '</xml>'
  );
}
