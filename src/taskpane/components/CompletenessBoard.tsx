import { Badge, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@fluentui/react-components';
import type { CompletenessRow } from '../engine.js';
import { useI18n } from '../i18n/index.js';

const STATUS_COLOR = { submitted: 'success', missing: 'subtle', failed: 'danger' } as const;
const ORDER = { failed: 0, missing: 1, submitted: 2 } as const;

/** Which units submitted, which are missing, which failed checks. */
export function CompletenessBoard({ rows }: { rows: readonly CompletenessRow[] }) {
  const { t } = useI18n();
  const count = (s: CompletenessRow['status']) => rows.filter((r) => r.status === s).length;
  const sorted = [...rows].sort((a, b) => ORDER[a.status] - ORDER[b.status]);
  return (
    <div data-testid="completeness">
      <div className="sti-row sti-counts">
        <Badge size="large" color="success" data-testid="count-submitted">
          {t('board.submitted')} {count('submitted')}
        </Badge>
        <Badge size="large" color="subtle" data-testid="count-missing">
          {t('board.missing')} {count('missing')}
        </Badge>
        <Badge size="large" color="danger" data-testid="count-failed">
          {t('board.failed')} {count('failed')}
        </Badge>
      </div>
      <div className="sti-scroll">
        <Table size="small" aria-label={t('import.board')}>
          <TableHeader>
            <TableRow>
              <TableHeaderCell>{t('board.unit')}</TableHeaderCell>
              <TableHeaderCell>{t('board.kind')}</TableHeaderCell>
              <TableHeaderCell>{t('board.status')}</TableHeaderCell>
              <TableHeaderCell>{t('board.files')}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {sorted.map((r) => (
              <TableRow key={r.unitCode} data-testid="board-row" data-status={r.status}>
                <TableCell>{r.unitName}</TableCell>
                <TableCell>{t(`template.kind.${r.kind}`)}</TableCell>
                <TableCell>
                  <Badge appearance="tint" color={STATUS_COLOR[r.status]}>
                    {t(`board.${r.status}`)}
                  </Badge>
                </TableCell>
                <TableCell>{r.files.join('、')}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
    </div>
  );
}
