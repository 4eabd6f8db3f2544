/** Comments (notes), model → XML: the comments part and its VML shapes. */
import { describe, expect, it } from 'vitest';
import { commentsVml, commentsXml } from '../../../src/io/xlsx/parts/comments.js';
import { scanXml } from '../../../src/io/xlsx/xml-scan.js';

describe('comments: model → XML', () => {
  const list = [
    { ref: 'B3', row: 2, col: 1, text: '口径：A&B\n第二行' },
    { ref: 'D1', row: 0, col: 3, text: '说明' },
  ];

  it('writes each note with its cell and text (escaped, line breaks kept)', () => {
    const xml = commentsXml(list);
    expect(xml).toContain('<authors><author>STI Rollup</author></authors>');
    expect(xml).toContain('<comment ref="B3" authorId="0"><text><t xml:space="preserve">口径：A&amp;B\n第二行</t></text></comment>');
    expect(xml).toContain('<comment ref="D1" authorId="0"><text><t>说明</t></text></comment>');
    expect(() => scanXml(xml, { open() {} }, 'comments')).not.toThrow();
  });

  it('draws one hidden note shape per comment, ids unique per sheet', () => {
    const vml = commentsVml(list, 3);
    expect(vml).toContain('<o:idmap v:ext="edit" data="3"/>');
    const ids = [...vml.matchAll(/<v:shape id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids).toEqual(['_x0000_s3073', '_x0000_s3074']);
    expect(vml).toContain('<x:Row>2</x:Row><x:Column>1</x:Column>');
    expect(vml).toContain('<x:Anchor>2, 15, 2, 2, 5, 15, 6, 16</x:Anchor>');
    expect(vml.match(/visibility:hidden/g)).toHaveLength(2);
    expect(() => scanXml(vml, { open() {} }, 'vml')).not.toThrow();
  });
});
