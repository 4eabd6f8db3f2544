import { Button, Field, Select, Text } from '@fluentui/react-components';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { SheetGrid, WorkbookGrid } from '../../core/grid.js';
import { useI18n } from '../i18n/index.js';
import { useServices } from '../services.js';

/** The chosen source: a sheet of the open workbook, or a sheet of a workbook file. */
const SHEET = 'sheet:';
const FILE = 'file:';

/** 排名设置 written with a ranking under the same suffix ("城市排名 (2)" ↔ "排名设置 (2)"). */
function settingsNameFor(ranking: string, names: readonly string[]): string | null {
  const suffix = / \(\d+\)$/.exec(ranking)?.[0] ?? '';
  const wanted = `排名设置${suffix}`.toLowerCase();
  return names.find((n) => n.toLowerCase() === wanted) ?? null;
}

/**
 * Last year's ranking, chosen by the statistician (排名 and 通报 steps): a sheet of the open
 * workbook (when there is one) or a sheet of a workbook file. Only sheets that are rankings are
 * offered; a choice that turns out not to be one is cleared and the reason shown.
 */
export function usePreviousRanking(active: boolean, onChange?: () => void) {
  const { t } = useI18n();
  const services = useServices();
  const { port } = services;
  const [sheets, setSheets] = useState<string[]>([]);
  const [allSheets, setAllSheets] = useState<string[]>([]);
  const [file, setFile] = useState<{ grid: WorkbookGrid; rankings: string[] } | null>(null);
  const [previous, setPreviousValue] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;

  /** The workbook's rankings: visible sheets not named as the product's other sheets, read once and kept when they are rankings. */
  const refresh = useCallback(() => {
    if (!port) return;
    (async () => {
      const [list, engine] = await Promise.all([port.listSheets(), services.engine()]);
      setAllSheets(list.map((s) => s.name));
      const candidates = list.filter((s) => s.visibility === 'Visible' && engine.mayBeRanking(s.name)).map((s) => s.name);
      const grids = candidates.length ? await port.readSheets(candidates) : [];
      const rankings: string[] = [];
      for (const g of grids) if (!(await engine.rankingProblem(g))) rankings.push(g.name);
      setSheets(rankings);
    })().catch(() => setSheets([]));
  }, [port, services]);

  useEffect(() => {
    if (active) refresh();
  }, [active, refresh]);

  const settingsSheet = previous.startsWith(SHEET)
    ? settingsNameFor(previous.slice(SHEET.length), allSheets)
    : previous.startsWith(FILE) && file
      ? settingsNameFor(
          previous.slice(FILE.length),
          file.grid.sheets.map((s) => s.name),
        )
      : null;

  /** The chosen ranking and its 排名设置 (read together: one round trip), or nulls. */
  const read = async (): Promise<{ ranking: SheetGrid | null; settings: SheetGrid | null }> => {
    if (previous.startsWith(FILE) && file) {
      const find = (n: string | null) => (n ? (file.grid.sheets.find((s) => s.name === n) ?? null) : null);
      return { ranking: find(previous.slice(FILE.length)), settings: find(settingsSheet) };
    }
    if (!previous.startsWith(SHEET) || !port) return { ranking: null, settings: null };
    const name = previous.slice(SHEET.length);
    const [ranking, settings] = await port.readSheets(settingsSheet ? [name, settingsSheet] : [name]);
    return { ranking, settings: settings ?? null };
  };

  /** Choose a source (only rankings are offered: refresh and pickFile read and checked them already). */
  const setPrevious = (value: string) => {
    setProblem(null);
    setPreviousValue(value);
    onChangeRef.current?.();
  };

  /** A workbook file: its ranking sheets are offered, the first chosen. */
  const pickFile = async (f: File) => {
    setProblem(null);
    onChangeRef.current?.();
    try {
      const engine = await services.engine();
      const grid = await engine.readWorkbook({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) });
      const rankings: string[] = [];
      for (const s of grid.sheets) {
        if (s.state === 'hidden' || s.state === 'veryHidden' || !engine.mayBeRanking(s.name)) continue;
        if (!(await engine.rankingProblem(s))) rankings.push(s.name);
      }
      if (rankings.length === 0) {
        setFile(null);
        setPreviousValue('');
        setProblem(t('rank.noRankingInFile', { file: f.name }));
        return;
      }
      setFile({ grid, rankings });
      setPreviousValue(FILE + (rankings.find((n) => n === '城市排名') ?? rankings[0]));
    } catch (e) {
      setFile(null);
      setPreviousValue('');
      setProblem(e instanceof Error ? e.message : String(e));
    }
  };

  return { sheets, file, previous, setPrevious, pickFile, refresh, settingsSheet, read, problem, hasWorkbook: !!port };
}

/** The select of last year's ranking (workbook sheets and a file's ranking sheets), a file button and a refresh button. */
export function PreviousRankingField({ picker, testId }: { picker: ReturnType<typeof usePreviousRanking>; testId: string }) {
  const { t } = useI18n();
  const fileInput = useRef<HTMLInputElement>(null);
  return (
    <Field label={t('rank.previous')}>
      <Select data-testid={testId} value={picker.previous} onChange={(_, d) => picker.setPrevious(d.value)}>
        <option value="">{t('rank.previousNone')}</option>
        {picker.sheets.map((s) => (
          <option key={SHEET + s} value={SHEET + s}>
            {s}
          </option>
        ))}
        {picker.file?.rankings.map((s) => (
          <option key={FILE + s} value={FILE + s}>
            {t('rank.previousFromFile', { file: picker.file!.grid.fileName, sheet: s })}
          </option>
        ))}
      </Select>
      <div className="sti-actions">
        <input
          ref={fileInput}
          type="file"
          accept=".xlsx"
          hidden
          data-testid={`${testId}-file`}
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void picker.pickFile(f);
            e.target.value = '';
          }}
        />
        <Button size="small" onClick={() => fileInput.current?.click()}>
          {t('rank.previousPickFile')}
        </Button>
        {picker.hasWorkbook && (
          <Button size="small" appearance="subtle" onClick={picker.refresh}>
            {t('rank.refreshSheets')}
          </Button>
        )}
      </div>
      {picker.problem && (
        <Text size={200} className="sti-error sti-wrap" data-testid={`${testId}-problem`}>
          {picker.problem}
        </Text>
      )}
    </Field>
  );
}
