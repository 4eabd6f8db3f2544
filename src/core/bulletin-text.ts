/**
 * The bulletin as plain text (for copy-paste: tables as tab-separated rows, which Word and
 * WPS turn back into a table with 文本转换成表格) and as Markdown (`sti report --markdown`).
 */
import type { Bulletin, BulletinBlock } from './bulletin.js';

const paragraphText = (b: Extract<BulletinBlock, { kind: 'paragraph' }>) => b.runs.map((r) => r.text).join('');

/** Plain text, one block a paragraph, a blank line between blocks. */
export function bulletinText(bulletin: Bulletin): string {
  const out: string[] = [];
  for (const b of bulletin.blocks) {
    switch (b.kind) {
      case 'title':
      case 'subtitle':
      case 'heading':
      case 'note':
        out.push(b.text);
        break;
      case 'paragraph':
        out.push(paragraphText(b));
        break;
      case 'table':
        out.push(
          [b.caption, [b.columns.map((c) => c.header), ...b.rows].map((r) => r.join('\t')).join('\n'), ...(b.note ? [b.note] : [])].join(
            '\n',
          ),
        );
        break;
    }
  }
  return out.join('\n\n') + '\n';
}

/** Markdown special characters in running text (the figures themselves have none). */
const md = (text: string) => text.replace(/([\\`*_[\]#|<>])/g, '\\$1');

/** Markdown: title #, headings ##, tables as pipe tables, the bold leads of paragraphs **bold**. */
export function bulletinMarkdown(bulletin: Bulletin): string {
  const out: string[] = [];
  for (const b of bulletin.blocks) {
    switch (b.kind) {
      case 'title':
        out.push(`# ${md(b.text)}`);
        break;
      case 'subtitle':
        out.push(md(b.text));
        break;
      case 'heading':
        out.push(`## ${md(b.text)}`);
        break;
      case 'note':
        out.push(md(b.text));
        break;
      case 'paragraph':
        out.push(b.runs.map((r) => (r.bold ? `**${md(r.text)}**` : md(r.text))).join(''));
        break;
      case 'table': {
        const align = b.columns.map((c) => (c.align === 'left' ? ':---' : c.align === 'right' ? '---:' : ':---:'));
        const row = (cells: string[]) => `| ${cells.map(md).join(' | ')} |`;
        out.push(
          [
            `**${md(b.caption)}**`,
            '',
            row(b.columns.map((c) => c.header)),
            `| ${align.join(' | ')} |`,
            ...b.rows.map(row),
            ...(b.note ? ['', md(b.note)] : []),
          ].join('\n'),
        );
        break;
      }
    }
  }
  return out.join('\n\n') + '\n';
}
