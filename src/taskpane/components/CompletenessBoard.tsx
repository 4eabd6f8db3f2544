import { Badge, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@fluentui/react-components';
import type { CompletenessRow } from '../engine-types.js';
import { useI18n } from '../i18n/index.js';

const STATUS_COLOR = { included: 'success', missing: 'subtle', 'left-out': 'danger' } as const;
const ORDER = { 'left-out': 0, missing: 1, included: 2 } as const;
const STATUS_KEY = { included: 'board.included', missing: 'board.missing', 'left-out': 'board.leftOut' } as const;

/** Which units are in the totals (已纳入), sent a file that does not count (已报送但未纳入, with why), or sent nothing (未报送). */
export function CompletenessBoard({ rows }: { rows: readonly CompletenessRow[] }) {
  const { t } = useI18n();
  const count = (s: CompletenessRow['status']) => rows.filter((r) => r.status === s).length;
  const sorted = [...rows].sort((a, b) => ORDER[a.status] - ORDER[b.status]);
  return (
    <div data-testid="completeness">
      <div className="sti-row sti-counts">
        <Badge size="large" color="success" data-testid="count-included">
          {t('board.included')} {count('included')}
        </Badge>
        <Badge size="large" color="subtle" data-testid="count-missing">
          {t('board.missing')} {count('missing')}
        </Badge>
        <Badge size="large" color="danger" data-testid="count-left-out">
          {t('board.leftOut')} {count('left-out')}
        </Badge>
      </div>
      <div className="sti-scroll">
        <Table size="small" aria-label={t('import.board')} style={{ tableLayout: 'fixed' }}>
          <TableHeader>
            <TableRow>
              <TableHeaderCell>{t('board.unit')}</TableHeaderCell>
              <TableHeaderCell>{t('board.status')}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {sorted.map((r) => (
              <TableRow key={r.unitCode} data-testid="board-row" data-status={r.status}>
                <TableCell className="sti-wrap">
                  <div>{r.unitName}</div>
                  {/* Township names repeat across districts (新民镇, 清河街道 …): the district tells them apart. */}
                  <div className="sti-muted sti-small" data-testid="board-parent">
                    {[t(`template.kind.${r.kind}`), r.parentName].filter(Boolean).join(' · ')}
                  </div>
                </TableCell>
                <TableCell className="sti-wrap">
                  <Badge appearance="tint" color={STATUS_COLOR[r.status]}>
                    {t(STATUS_KEY[r.status])}
                  </Badge>
                  {r.reason && <div className="sti-muted">{r.reason}</div>}
                  {r.files.length > 0 && (
                    <div className="sti-muted sti-small" title={r.files.join('\n')}>
                      {t('common.labelled', { label: t('board.files'), value: r.files.join(t('common.listSep')) })}
                    </div>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
    </div>
  );
}
