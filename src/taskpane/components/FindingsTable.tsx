import {
  Badge,
  Field,
  Input,
  Select,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
} from '@fluentui/react-components';
import { useMemo, useState } from 'react';
import type { Finding, Severity } from '../../core/types.js';
import { selectFindings, type FindingSortKey, type FindingsView } from '../findings-view.js';
import { useI18n } from '../i18n/index.js';

const SEVERITY_COLOR = { error: 'danger', warning: 'warning', info: 'informative' } as const;

/** The validation report: sortable by any column, filterable by severity and text. */
export function FindingsTable({ findings, unitNames }: { findings: readonly Finding[]; unitNames: ReadonlyMap<string, string> }) {
  const { t } = useI18n();
  const [sort, setSort] = useState<FindingsView['sort']>({ key: 'severity', dir: 'ascending' });
  const [severity, setSeverity] = useState<'all' | Severity>('all');
  const [query, setQuery] = useState('');

  const unitOf = (f: Finding) => (f.unitCode ? (unitNames.get(f.unitCode) ?? f.unitCode) : '');

  const rows = useMemo(() => selectFindings(findings, { severity, query, sort }, unitOf), [findings, severity, query, sort, unitNames]);

  const header = (key: FindingSortKey, label: string, width?: number) => (
    <TableHeaderCell
      data-testid={`findings-sort-${key}`}
      sortDirection={sort.key === key ? sort.dir : undefined}
      onClick={() => setSort((s) => ({ key, dir: s.key === key && s.dir === 'ascending' ? 'descending' : 'ascending' }))}
      style={{ cursor: 'pointer', width }}
    >
      {label}
    </TableHeaderCell>
  );

  return (
    <div data-testid="findings" className="sti-findings">
      <div className="sti-row">
        <Field label={t('findings.filterSeverity')}>
          <Select data-testid="findings-filter-severity" value={severity} onChange={(_, d) => setSeverity(d.value as 'all' | Severity)}>
            <option value="all">{t('findings.all')}</option>
            <option value="error">{t('severity.error')}</option>
            <option value="warning">{t('severity.warning')}</option>
            <option value="info">{t('severity.info')}</option>
          </Select>
        </Field>
        <Field label={t('findings.filterText')}>
          <Input
            data-testid="findings-filter-text"
            placeholder={t('findings.filterPlaceholder')}
            value={query}
            onChange={(_, d) => setQuery(d.value)}
          />
        </Field>
      </div>
      <Text size={200} data-testid="findings-count">
        {t('findings.count', { shown: rows.length, total: findings.length })}
      </Text>
      <div className="sti-scroll">
        <Table size="small" aria-label={t('import.report')} sortable style={{ tableLayout: 'fixed', minWidth: 300 }}>
          <TableHeader>
            <TableRow>
              {header('severity', t('findings.severity'), 52)}
              {header('unit', t('findings.unit'), 64)}
              {header('cell', t('findings.place'), 84)}
              {header('message', t('findings.message'))}
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((f, i) => (
              <TableRow key={i} data-testid="finding-row" data-severity={f.severity} data-code={f.code}>
                <TableCell>
                  <Badge appearance="tint" color={SEVERITY_COLOR[f.severity]}>
                    {t(`severity.${f.severity}`)}
                  </Badge>
                </TableCell>
                <TableCell className="sti-wrap">{unitOf(f)}</TableCell>
                <TableCell className="sti-wrap" data-testid="finding-place">
                  {f.sheet ?? ''}
                  {f.cell ? <span>!{f.cell}</span> : null}
                </TableCell>
                <TableCell className="sti-wrap">
                  <div>{f.message}</div>
                  <Text size={200} className="sti-muted" block title={f.file}>
                    {t('common.labelled', { label: t('findings.file'), value: f.file })}
                  </Text>
                  {(f.value !== undefined || f.expected) && (
                    <Text size={200} className="sti-muted" block>
                      {[
                        f.value !== undefined ? t('common.labelled', { label: t('findings.value'), value: f.value }) : '',
                        f.expected ? t('common.labelled', { label: t('findings.expected'), value: f.expected }) : '',
                      ]
                        .filter(Boolean)
                        .join(t('common.listSep'))}
                    </Text>
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
