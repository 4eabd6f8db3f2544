/**
 * The 通报 as a Word document (.docx, with the maintained `docx` package): A4, the layout of a
 * bureau's 公文 (GB/T 9704 margins, 宋体 title, 黑体 headings, 仿宋 body at 三号 with a fixed
 * 28 pt line, page numbers “— 1 —”), tables with a header row repeated on every page and
 * rows that do not split; the 附表 on landscape pages. Opens in Word, WPS and LibreOffice Writer.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  LineRuleType,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  SectionType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
  type ISectionOptions,
} from 'docx';
import type { Bulletin, BulletinBlock } from '../core/bulletin.js';

/** A4 in twips, and the 公文 margins (top 37 mm, bottom 35 mm, left 28 mm, right 26 mm). */
const A4 = { width: 11906, height: 16838 };
const PORTRAIT_MARGIN = { top: 2098, bottom: 1984, left: 1588, right: 1474 };
const LANDSCAPE_MARGIN = { top: 1440, bottom: 1247, left: 1440, right: 1440 };
const PORTRAIT_WIDTH = A4.width - PORTRAIT_MARGIN.left - PORTRAIT_MARGIN.right;
const LANDSCAPE_WIDTH = A4.height - LANDSCAPE_MARGIN.left - LANDSCAPE_MARGIN.right;

/** East Asian fonts present on every Chinese Windows (and mapped by WPS / LibreOffice); digits in Times New Roman. */
const font = (eastAsia: string) => ({ eastAsia, ascii: 'Times New Roman', hAnsi: 'Times New Roman' });
const FONT = { title: font('宋体'), subtitle: font('楷体'), heading: font('黑体'), body: font('仿宋'), table: font('宋体') };
/** Sizes in half-points: 二号 22 pt, 三号 16 pt, 四号 14 pt, 五号 10.5 pt. */
const SIZE = { title: 44, body: 32, note: 28, caption: 28, table: 21 };
const LINE = { body: 560, note: 480, table: 300 };

function run(text: string, options: { bold?: boolean; font?: ReturnType<typeof font>; size?: number } = {}): TextRun {
  return new TextRun({ text, bold: options.bold, font: options.font ?? FONT.body, size: options.size ?? SIZE.body });
}

function blockParagraphs(b: Exclude<BulletinBlock, { kind: 'table' }>): Paragraph {
  switch (b.kind) {
    case 'title':
      return new Paragraph({
        alignment: AlignmentType.CENTER,
        spacing: { after: 200, line: 700, lineRule: LineRuleType.EXACT },
        children: b.lines.map(
          (line, i) => new TextRun({ text: line, break: i > 0 ? 1 : undefined, bold: true, font: FONT.title, size: SIZE.title }),
        ),
      });
    case 'subtitle':
      return new Paragraph({
        alignment: AlignmentType.CENTER,
        spacing: { after: 300, line: LINE.body, lineRule: LineRuleType.EXACT },
        children: [run(b.text, { font: FONT.subtitle })],
      });
    case 'heading':
      return new Paragraph({
        keepNext: true,
        indent: { firstLine: 640 },
        spacing: { line: LINE.body, lineRule: LineRuleType.EXACT },
        children: [run(b.text, { font: FONT.heading })],
      });
    case 'paragraph':
      return new Paragraph({
        alignment: AlignmentType.JUSTIFIED,
        indent: { firstLine: 640 },
        spacing: { line: LINE.body, lineRule: LineRuleType.EXACT },
        children: b.runs.map((r) => run(r.text, { bold: r.bold })),
      });
    case 'note':
      return new Paragraph({
        alignment: AlignmentType.JUSTIFIED,
        indent: { firstLine: 560 },
        spacing: { line: LINE.note, lineRule: LineRuleType.EXACT },
        children: [run(b.text, { size: SIZE.note })],
      });
  }
}

const BORDER = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const ALIGN = { left: AlignmentType.LEFT, center: AlignmentType.CENTER, right: AlignmentType.RIGHT } as const;

function tableBlock(b: Extract<BulletinBlock, { kind: 'table' }>, width: number): (Paragraph | Table)[] {
  const total = b.columns.reduce((s, c) => s + c.width, 0);
  const widths = b.columns.map((c) => Math.floor((c.width / total) * width));
  const cell = (text: string, i: number, header: boolean) =>
    new TableCell({
      width: { size: widths[i], type: WidthType.DXA },
      verticalAlign: VerticalAlign.CENTER,
      margins: { left: 60, right: 60, top: 30, bottom: 30 },
      borders: { top: BORDER, bottom: BORDER, left: BORDER, right: BORDER },
      children: [
        new Paragraph({
          alignment: header ? AlignmentType.CENTER : ALIGN[b.columns[i].align],
          spacing: { line: LINE.table, lineRule: LineRuleType.AT_LEAST },
          children: [run(text, { bold: header, font: FONT.table, size: SIZE.table })],
        }),
      ],
    });
  const table = new Table({
    width: { size: widths.reduce((s, w) => s + w, 0), type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    alignment: AlignmentType.CENTER,
    rows: [
      new TableRow({ tableHeader: true, cantSplit: true, children: b.columns.map((c, i) => cell(c.header, i, true)) }),
      ...b.rows.map((r) => new TableRow({ cantSplit: true, children: r.map((t, i) => cell(t, i, false)) })),
    ],
  });
  const out: (Paragraph | Table)[] = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      keepNext: true,
      spacing: { before: 200, after: 120, line: LINE.note, lineRule: LineRuleType.EXACT },
      children: [run(b.caption, { font: FONT.heading, size: SIZE.caption })],
    }),
    table,
  ];
  if (b.note)
    out.push(
      new Paragraph({
        spacing: { before: 60, line: LINE.table, lineRule: LineRuleType.AT_LEAST },
        children: [run(b.note, { font: FONT.table, size: SIZE.table })],
      }),
    );
  else out.push(new Paragraph({ spacing: { after: 120 }, children: [] }));
  return out;
}

const pageFooter = () =>
  new Footer({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: FONT.title, size: SIZE.note })],
      }),
    ],
  });

/** The bulletin's blocks in sections: portrait for the text, landscape for the 附表. */
export function bulletinDocument(bulletin: Bulletin): Document {
  const sections: ISectionOptions[] = [];
  let current: { landscape: boolean; children: (Paragraph | Table)[] } | null = null;
  const flush = () => {
    if (!current) return;
    const landscape = current.landscape;
    sections.push({
      properties: {
        type: sections.length === 0 ? undefined : SectionType.NEXT_PAGE,
        page: {
          size: { width: A4.width, height: A4.height, orientation: landscape ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT },
          margin: landscape ? LANDSCAPE_MARGIN : PORTRAIT_MARGIN,
        },
      },
      footers: { default: pageFooter() },
      children: current.children,
    });
  };
  for (const b of bulletin.blocks) {
    const landscape = b.kind === 'table' && Boolean(b.landscape);
    if (!current || current.landscape !== landscape) {
      flush();
      current = { landscape, children: [] };
    }
    if (b.kind === 'table') current.children.push(...tableBlock(b, landscape ? LANDSCAPE_WIDTH : PORTRAIT_WIDTH));
    else current.children.push(blockParagraphs(b));
  }
  flush();
  return new Document({
    title: bulletin.title,
    creator: 'STI Rollup 科技指标汇总助手',
    styles: { default: { document: { run: { font: FONT.body, size: SIZE.body, language: { value: 'en-US', eastAsia: 'zh-CN' } } } } },
    sections,
  });
}

/** The bulletin as .docx bytes. */
export async function writeBulletinDocx(bulletin: Bulletin): Promise<Uint8Array> {
  return new Uint8Array(await Packer.toArrayBuffer(bulletinDocument(bulletin)));
}
