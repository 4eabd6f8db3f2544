/**
 * `npm run bench`: STI Rollup against what a statistician would use instead (issues 6 and 15).
 *
 *   npm run bench                    # N = 100, 1,000, 10,000: ours, peer, floor (3 runs each) + engine
 *   npm run bench -- --quick         # N = 100 only (a fast check)
 *   npm run bench -- --full          # adds N = 40,000 (measured once: --runs applies up to 10,000)
 *   npm run bench -- --sizes 100,1000 --runs 5 --no-engine
 *   npm run bench -- --report        # rewrite BENCHMARKS.md from the stored results only
 *   npm run bench -- --web           # also the 网页版 in Chromium at N = 1,000 (after npm run build:web)
 *
 * Every command is timed whole (a child process: wall time, and peak RSS from /usr/bin/time).
 * Results per N are stored in bench/out/results/n<N>.json (the last measurement of each N);
 * BENCHMARKS.md is written from all stored results, so sizes may be measured in separate runs.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeXlsx } from '../src/io/xlsx/write.js';
import { runEngine, type EngineResult } from './engine.js';
import { measureWebPage, webPageSection } from './web-page.js';
import { BENCH_DIR, GENERATOR_VERSION, OUT_DIR, generateSet, type SetInfo } from './generate.js';

const ROOT = join(BENCH_DIR, '..');
const RESULTS_DIR = join(OUT_DIR, 'results');
const WORK_DIR = join(OUT_DIR, 'work');
const PYTHON = '/usr/bin/python3';
const TIME = '/usr/bin/time';

// ---------------------------------------------------------------------------------------
// Options

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(name);
const option = (name: string): string | undefined => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const quick = flag('--quick');
const full = flag('--full');
const reportOnly = flag('--report');
const sizes = option('--sizes')?.split(',').map(Number) ?? (quick ? [100] : full ? [100, 1000, 10_000, 40_000] : [100, 1000, 10_000]);
const runs = Number(option('--runs') ?? 3);
/** Runs per N: the 40,000 set (the peer alone takes over ten minutes a run) is measured once unless --runs says. */
const runsFor = (n: number) => (option('--runs') !== undefined || n <= 10_000 ? runs : 1);
/** LibreOffice opens the rollup workbook at these N (each a few seconds to minutes). */
const OPEN_SIZES = new Set([100, 1000, 10_000]);
const SOFFICE = ['/usr/bin/soffice', '/usr/bin/libreoffice'].find((p) => existsSync(p)) ?? null;
const withEngine = !flag('--no-engine');
/** The 网页版 in Chromium at N = 1,000 (needs dist/web/sti.html: npm run build:web). */
const withWeb = flag('--web');
/** A command running longer than this is stopped and reported as not finished. */
const timeoutFor = (n: number) => Number(option('--timeout') ?? Math.max(300, Math.ceil(n * 0.15)));

// ---------------------------------------------------------------------------------------
// Timing a command

interface Measure {
  wallS: number;
  /** Peak resident set size (MB) of the command and its children; null without /usr/bin/time. */
  peakMB: number | null;
  exitCode: number | null;
  /** Stopped at the time limit (or killed for memory). */
  failed: string | null;
}

const hasTime = existsSync(TIME);
const rel = (p: string) => relative(ROOT, p) || '.';

/** Run a command to completion (stdout to a file when given), timing it whole. */
function timed(cmd: string, args: string[], opts: { stdout?: string; timeoutS: number }): Measure {
  const rusage = join(WORK_DIR, `time-${process.pid}.txt`);
  rmSync(rusage, { force: true });
  const out = opts.stdout ? openSync(opts.stdout, 'w') : 'ignore';
  // timeout(1) under time(1): the killed command's peak memory is still reported.
  const full = [...(hasTime ? [TIME, '-f', '%e %M', '-o', rusage] : []), 'timeout', '-s', 'KILL', String(opts.timeoutS), cmd, ...args];
  const t0 = performance.now();
  const r = spawnSync(full[0], full.slice(1), {
    cwd: ROOT,
    stdio: ['ignore', out, 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, CI: '' },
  });
  const wallS = (performance.now() - t0) / 1000;
  if (typeof out === 'number') closeSync(out);
  let peakMB: number | null = null;
  if (hasTime && existsSync(rusage)) {
    const m = /(\d+(?:\.\d+)?)\s+(\d+)\s*$/.exec(readFileSync(rusage, 'utf8').trim());
    if (m) peakMB = Number(m[2]) / 1024;
  }
  const stderr = r.stderr?.toString() ?? '';
  let failed: string | null = null;
  if (r.status === 137 || r.signal)
    failed =
      wallS >= opts.timeoutS - 1 ? `stopped after ${opts.timeoutS} s (time limit)` : `killed (${r.signal ?? 'SIGKILL'}; out of memory?)`;
  else if (/heap out of memory|Allocation failed/i.test(stderr)) failed = 'JavaScript heap out of memory';
  else if (r.status !== 0 && r.status !== 1)
    failed = `exit ${r.status}: ${stderr.split('\n').filter(Boolean).slice(-3).join(' | ').slice(0, 300)}`;
  return { wallS, peakMB, exitCode: r.status, failed };
}

const median = (xs: number[]): number | null => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const max = (xs: (number | null)[]): number | null => {
  const v = xs.filter((x): x is number => x !== null);
  return v.length ? Math.max(...v) : null;
};

// ---------------------------------------------------------------------------------------
// Checking that ours, the peer and the generator agree

interface CheckResult {
  compared: number;
  mismatches: { where: string; code: string; ours: number | null; other: number | null; against: 'peer' | 'truth' }[];
  maxRelDiff: number;
  ok: boolean;
}

type OursJson = {
  levels: {
    level: string;
    unitCode: string;
    total: { fields: Record<string, { current: number | null }>; indicators: Record<string, number | null> };
  }[];
  files: { read: number; used: number };
};
type PeerJson = {
  districts: Record<string, { fields: Record<string, number | null>; indicators: Record<string, number | null> }>;
  city: { unit: string; fields: Record<string, number | null>; indicators: Record<string, number | null> } | null;
};

function check(oursPath: string, peerPath: string | null, truth: SetInfo['truth']): CheckResult {
  const ours = JSON.parse(readFileSync(oursPath, 'utf8')) as OursJson;
  const peer = peerPath && existsSync(peerPath) ? (JSON.parse(readFileSync(peerPath, 'utf8')) as PeerJson) : null;
  const res: CheckResult = { compared: 0, mismatches: [], maxRelDiff: 0, ok: true };
  const cmp = (where: string, code: string, a: number | null | undefined, b: number | null | undefined, against: 'peer' | 'truth') => {
    res.compared++;
    const x = a ?? null;
    const y = b ?? null;
    if (x === null || y === null) {
      if (x !== y) res.mismatches.push({ where, code, ours: x, other: y, against });
      return;
    }
    const d = Math.abs(x - y) / Math.max(1, Math.abs(x), Math.abs(y));
    res.maxRelDiff = Math.max(res.maxRelDiff, d);
    if (d > 1e-9) res.mismatches.push({ where, code, ours: x, other: y, against });
  };
  const byCode = new Map(ours.levels.map((l) => [`${l.level}:${l.unitCode}`, l]));
  for (const t of truth.districts) {
    const o = byCode.get(`district:${t.code}`);
    if (!o) {
      res.mismatches.push({ where: t.code, code: '(district missing from ours)', ours: null, other: null, against: 'truth' });
      continue;
    }
    for (const [code, v] of Object.entries({ ...t.sums, ...t.counts, ...t.inputs }))
      cmp(t.code, code, o.total.fields[code]?.current, v, 'truth');
    const p = peer?.districts[t.code];
    if (peer && !p) res.mismatches.push({ where: t.code, code: '(district missing from peer)', ours: null, other: null, against: 'peer' });
    if (p) {
      for (const [code, v] of Object.entries(p.fields)) cmp(t.code, code, o.total.fields[code]?.current, v, 'peer');
      for (const [code, v] of Object.entries(p.indicators)) cmp(t.code, code, o.total.indicators[code], v, 'peer');
    }
  }
  if (peer?.city) {
    const o = ours.levels.find((l) => l.level === 'city');
    if (!o) res.mismatches.push({ where: 'city', code: '(city missing from ours)', ours: null, other: null, against: 'peer' });
    else {
      for (const [code, v] of Object.entries(peer.city.fields)) cmp('city', code, o.total.fields[code]?.current, v, 'peer');
      for (const [code, v] of Object.entries(peer.city.indicators)) cmp('city', code, o.total.indicators[code], v, 'peer');
    }
  }
  res.ok = res.mismatches.length === 0 && res.compared > 0;
  return res;
}

// ---------------------------------------------------------------------------------------
// One N

interface ToolRuns {
  command: string;
  runs: Measure[];
  medianS: number | null;
  peakMB: number | null;
  failed: string | null;
}

interface SizeResult {
  n: number;
  measuredAt: string;
  /** HEAD and uncommitted source files when this N was measured (the working tree is shared). */
  code?: { commit: string; dirty: string[] };
  loadBefore: number[];
  loadAfter: number[];
  set: Omit<SetInfo, 'truth'>;
  ours: { rollup: ToolRuns; rank: ToolRuns; totalMedianS: number | null; peakMB: number | null };
  oursCompute: ToolRuns;
  phases: Record<string, unknown> | null;
  peer: ToolRuns;
  floor: ToolRuns & { cells: number | null };
  check: CheckResult | null;
  /** 1-minute load average when each command started (run, tool, load). */
  loadSamples?: { run: number; tool: string; load: number }[];
  /** The rollup workbook `sti rollup` wrote: bytes, and LibreOffice opening it (headless, converting its first sheet). */
  workbook?: { bytes: number; open: { wallS: number; peakMB: number | null; failed: string | null; startupS: number } | null };
}

function toolRuns(command: string, ms: Measure[]): ToolRuns {
  const okRuns = ms.filter((m) => !m.failed);
  const failed = ms.find((m) => m.failed)?.failed ?? null;
  return { command, runs: ms, medianS: failed ? null : median(okRuns.map((m) => m.wallS)), peakMB: max(ms.map((m) => m.peakMB)), failed };
}

async function measureSize(n: number, log: (s: string) => void): Promise<SizeResult> {
  log(`\n== N = ${n.toLocaleString('en')} ==`);
  const set = await generateSet(n, { log });
  log(
    `set: ${set.files} files, ${(set.bytes / 1048576).toFixed(1)} MB, ${set.districts} districts (${rel(set.dir)}; generated in ${set.generateSeconds.toFixed(1)} s)`,
  );
  const work = join(WORK_DIR, `n${n}`);
  mkdirSync(work, { recursive: true });
  const dir = rel(set.submissionsDir);
  const reg = rel(set.registerPath);
  const w = (f: string) => rel(join(work, f));
  const timeoutS = timeoutFor(n);
  const cmd = {
    rollup: ['node', 'bin/sti.js', 'rollup', dir, '--register', reg, '--out', w('ours-rollup.xlsx'), '--json'],
    rank: ['node', 'bin/sti.js', 'rank', w('ours-rollup.xlsx'), '--out', w('ours-rank.xlsx'), '--json'],
    compute: ['node', '--import', 'tsx', 'bench/ours-phases.ts', dir, reg, '--no-workbook'],
    phases: ['node', '--import', 'tsx', 'bench/ours-phases.ts', dir, reg],
    peer: [PYTHON, 'bench/peer/rollup_pandas.py', dir, '--register', reg, '--out', w('peer.xlsx'), '--json', w('peer.json')],
    floor: ['node', '--import', 'tsx', 'bench/floor.ts', dir],
  };
  const show = (c: string[]) => c.join(' ');
  const loadBefore = loadavg();
  const loadSamples: { run: number; tool: string; load: number }[] = [];
  const m = { rollup: [] as Measure[], rank: [] as Measure[], compute: [] as Measure[], peer: [] as Measure[], floor: [] as Measure[] };
  let floorCells: number | null = null;
  const stop = { ours: false, peer: false, compute: false };
  for (let r = 1; r <= runsFor(n); r++) {
    // The tools take turns within each run, so load from other processes falls on all of them.
    const sample = (tool: string) => loadSamples.push({ run: r, tool, load: Number(loadavg()[0].toFixed(2)) });
    sample('floor');
    const f = timed(cmd.floor[0], cmd.floor.slice(1), { stdout: join(work, 'floor.json'), timeoutS });
    m.floor.push(f);
    try {
      floorCells = (JSON.parse(readFileSync(join(work, 'floor.json'), 'utf8')) as { cells: number }).cells;
    } catch {
      /* reported as failed below */
    }
    log(`run ${r}: floor ${f.wallS.toFixed(2)} s`);
    if (!stop.ours) {
      sample('rollup');
      const a = timed(cmd.rollup[0], cmd.rollup.slice(1), { stdout: join(work, 'ours-rollup.json'), timeoutS });
      m.rollup.push(a);
      log(`run ${r}: sti rollup ${a.wallS.toFixed(2)} s, ${a.peakMB?.toFixed(0) ?? '?'} MB${a.failed ? ` — ${a.failed}` : ''}`);
      if (a.failed) stop.ours = true;
      else {
        const b = timed(cmd.rank[0], cmd.rank.slice(1), { stdout: join(work, 'ours-rank.json'), timeoutS });
        m.rank.push(b);
        log(`run ${r}: sti rank ${b.wallS.toFixed(2)} s, ${b.peakMB?.toFixed(0) ?? '?'} MB${b.failed ? ` — ${b.failed}` : ''}`);
        if (b.failed) stop.ours = true;
      }
    }
    if (!stop.compute) {
      sample('compute');
      const c = timed(cmd.compute[0], cmd.compute.slice(1), { stdout: join(work, 'ours-compute.json'), timeoutS });
      m.compute.push(c);
      log(`run ${r}: ours without workbook ${c.wallS.toFixed(2)} s, ${c.peakMB?.toFixed(0) ?? '?'} MB${c.failed ? ` — ${c.failed}` : ''}`);
      if (c.failed) stop.compute = true;
    }
    if (!stop.peer) {
      sample('peer');
      const p = timed(cmd.peer[0], cmd.peer.slice(1), { timeoutS });
      m.peer.push(p);
      log(`run ${r}: peer ${p.wallS.toFixed(2)} s, ${p.peakMB?.toFixed(0) ?? '?'} MB${p.failed ? ` — ${p.failed}` : ''}`);
      if (p.failed) stop.peer = true;
    }
  }
  // Where the time goes (one run, not part of the medians).
  let phases: Record<string, unknown> | null = null;
  if (!stop.ours) {
    const ph = timed(cmd.phases[0], cmd.phases.slice(1), { stdout: join(work, 'phases.json'), timeoutS });
    try {
      phases = {
        ...(JSON.parse(readFileSync(join(work, 'phases.json'), 'utf8')) as Record<string, unknown>),
        peakMB: ph.peakMB,
        wallS: ph.wallS,
      };
    } catch {
      phases = { failed: ph.failed ?? 'no output', peakMB: ph.peakMB, wallS: ph.wallS };
    }
  }
  const workbook = await measureWorkbook(
    n,
    join(work, 'ours-rollup.xlsx'),
    m.rollup.some((x) => !x.failed),
    log,
  );
  let checkResult: CheckResult | null = null;
  if (existsSync(join(work, 'ours-rollup.json')) && m.rollup.some((x) => !x.failed)) {
    try {
      checkResult = check(join(work, 'ours-rollup.json'), m.peer.some((x) => !x.failed) ? join(work, 'peer.json') : null, set.truth);
      log(
        `check: ${checkResult.compared} values compared, ${checkResult.mismatches.length} mismatches, max relative difference ${checkResult.maxRelDiff.toExponential(1)}`,
      );
    } catch (e) {
      log(`check failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const rollup = toolRuns(show(cmd.rollup), m.rollup);
  const rank = toolRuns(show(cmd.rank), m.rank);
  const totals = m.rollup
    .map((a, i) => (m.rank[i] && !a.failed && !m.rank[i].failed ? a.wallS + m.rank[i].wallS : null))
    .filter((x): x is number => x !== null);
  const { truth: _truth, ...setInfo } = set;
  return {
    n,
    measuredAt: new Date().toISOString(),
    code: codeState(),
    loadBefore,
    loadAfter: loadavg(),
    set: setInfo,
    ours: { rollup, rank, totalMedianS: rollup.failed || rank.failed ? null : median(totals), peakMB: max([rollup.peakMB, rank.peakMB]) },
    oursCompute: toolRuns(show(cmd.compute), m.compute),
    phases,
    peer: toolRuns(show(cmd.peer), m.peer),
    floor: { ...toolRuns(show(cmd.floor), m.floor), cells: floorCells },
    check: checkResult,
    loadSamples,
    workbook,
  };
}

/** The rollup workbook's size, and the time LibreOffice takes to open it (headless, converting its first sheet to CSV). */
async function measureWorkbook(n: number, path: string, written: boolean, log: (s: string) => void): Promise<SizeResult['workbook']> {
  if (!written || !existsSync(path)) return undefined;
  const bytes = statSync(path).size;
  if (!SOFFICE || !OPEN_SIZES.has(n)) return { bytes, open: null };
  const dir = join(WORK_DIR, `lo-n${n}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'out'), { recursive: true });
  const profile = `-env:UserInstallation=${pathToFileURL(join(dir, 'profile')).href}`;
  const convert = (file: string, timeoutS: number) =>
    timed(SOFFICE, ['--headless', '--norestore', profile, '--convert-to', 'csv', '--outdir', join(dir, 'out'), file], { timeoutS });
  // The first start of a profile builds it: done once with a small file, whose time is LibreOffice's own start-up.
  const small = join(dir, 'one-cell.xlsx');
  writeFileSync(small, await writeXlsx({ sheets: [{ name: 'Sheet1', rows: [[{ value: 1 }]] }] }));
  convert(small, 300);
  const startup = convert(small, 300);
  const open = convert(path, 1800);
  log(
    `LibreOffice opens the rollup workbook (${(bytes / 1048576).toFixed(1)} MB): ${open.wallS.toFixed(1)} s, ${open.peakMB?.toFixed(0) ?? '?'} MB${open.failed ? ` — ${open.failed}` : ''} (start-up alone ${startup.wallS.toFixed(1)} s)`,
  );
  return { bytes, open: { wallS: open.wallS, peakMB: open.peakMB, failed: open.failed, startupS: startup.wallS } };
}

// ---------------------------------------------------------------------------------------
// The machine

function sh(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return (r.stdout || r.stderr || '').trim();
}

interface Machine {
  cpuModel: string;
  nproc: string;
  memory: string;
  os: string;
  node: string;
  python: string;
  pandas: string;
  openpyxl: string;
  time: boolean;
  /** The code measured: HEAD and the source files with uncommitted changes (the tree is shared). */
  commit: string;
  dirty: string[];
  startup: { stiHelpS: number; pythonImportS: number; nodeTsxS: number };
}

function codeState(): { commit: string; dirty: string[] } {
  return {
    commit: sh('git', ['-C', ROOT, 'log', '-1', '--format=%h %s']),
    // Porcelain lines are "XY path"; sh() trims, so the first line may have lost its leading space.
    dirty: sh('git', ['-C', ROOT, 'status', '--porcelain', '--untracked-files=no', '--', 'src', 'bin'])
      .split('\n')
      .filter(Boolean)
      .map((l) => l.replace(/^\s*\S{1,2}\s+/, '')),
  };
}

function machine(): Machine {
  const cpuinfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  const model = /model name\s*:\s*(.+)/.exec(cpuinfo)?.[1] ?? cpus()[0]?.model ?? 'unknown';
  const py = sh(PYTHON, [
    '-c',
    'import sys, pandas, openpyxl; print(sys.version.split()[0], pandas.__version__, openpyxl.__version__)',
  ]).split(/\s+/);
  const startup = (cmd: string[]) => median([0, 1, 2].map(() => timed(cmd[0], cmd.slice(1), { timeoutS: 60 }).wallS)) ?? 0;
  return {
    cpuModel: model,
    nproc: sh('nproc', []),
    memory: sh('free', ['-h']).split('\n').slice(0, 2).join('\n') || `${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    os: sh('uname', ['-srm']),
    node: process.version,
    python: py[0] ?? 'missing',
    pandas: py[1] ?? 'missing',
    openpyxl: py[2] ?? 'missing',
    time: hasTime,
    ...codeState(),
    startup: {
      stiHelpS: startup(['node', 'bin/sti.js', '--help']),
      nodeTsxS: startup(['node', '--import', 'tsx', '-e', '0']),
      pythonImportS: startup([PYTHON, '-c', 'import pandas, openpyxl']),
    },
  };
}

// ---------------------------------------------------------------------------------------
// The report

const f1 = (x: number | null | undefined, d = 1) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(d));
const fx = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : `${x.toFixed(x < 10 ? 2 : 1)}×`);
const nf = (n: number) => n.toLocaleString('en');
const secs = (t: ToolRuns) => (t.failed ? `did not finish (${t.failed})` : f1(t.medianS, 2));
const perFile = (t: number | null, n: number) => (t === null ? '—' : f1((t * 1000) / n, 1));

function report(results: SizeResult[], engine: EngineResult | null, mach: Machine, started: string): string {
  const L: string[] = [];
  const rows = [...results].sort((a, b) => a.n - b.n);
  L.push('# Benchmarks', '');
  L.push(
    `Written by \`npm run bench\` (bench/run.ts); last run started ${started}. Raw numbers: \`bench/out/results/n<N>.json\` and \`bench/out/bench-results.json\` (git-ignored).`,
    '',
    "What is measured (issues 6 and 15): N submission workbooks of a synthetic city (基准市, synthetic data: districts of 8–20 townships/streets and 1–2 parks, one district file each and one city file; 20–80 enterprises with valid USCCs per township/park; about a third of a memo park's enterprises also listed by their township; about one park in twelve a partition member), rolled up three ways:",
    '',
    '- **ours**: `sti rollup` (read by labels, validate, roll up every district and the city, write the rollup workbook with live formulas, the de-duplicated 企业名录 and the 来源 provenance sheet, print `--json`), then `sti rank` on that workbook — two whole commands, wall time and peak RSS of each;',
    '- **ours without workbook** (the computing part): the same library calls as `sti rollup --json` without `--out` in one process (read + validate + admit + roll up + the JSON, each district turned into JSON as it is rolled up and written piece by piece as the command writes it); against the whole `sti rollup` it shows what the workbook writer costs (bench/ours-phases.ts `--no-workbook`);',
    '- **peer**: bench/peer/rollup_pandas.py, what a capable statistician would write: openpyxl (`read_only=True, data_only=True`) + pandas, header rows found by label text, rows by 指标代码, Σ over the partition, distinct-USCC counts, Σnum/Σden ratios, an output .xlsx;',
    '- **floor**: bench/floor.ts, only reading each file, inflating its worksheets and shared strings and counting `<c ` cells — no interpretation; the lower bound.',
    '',
    `Times are the median of ${rows.map((r) => `${r.ours.rollup.runs.length || r.floor.runs.length} run${(r.ours.rollup.runs.length || r.floor.runs.length) === 1 ? '' : 's'} at ${nf(r.n)}`).join(', ')} (the tools take turns within each run), whole commands including start-up; peak memory is the largest RSS over the runs (\`/usr/bin/time -f %M\`). The 1-minute load average when each command started is in \`bench/out/results/n<N>.json\` (\`loadSamples\`) and summed up under Analysis.`,
    '',
  );

  L.push('## Results', '');
  L.push(
    '| N files | MB | ours: rollup s | rank s | total s | ours w/o workbook s | peer s | floor s | peer ÷ ours | ours ÷ floor | ours peak MB | w/o workbook peak MB | peer peak MB | floor peak MB |',
  );
  L.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    const t = r.ours.totalMedianS;
    L.push(
      `| ${nf(r.n)} | ${f1(r.set.bytes / 1048576)} | ${secs(r.ours.rollup)} | ${r.ours.rollup.failed ? '—' : secs(r.ours.rank)} | ${f1(t, 2)} | ${secs(r.oursCompute)} | ${secs(r.peer)} | ${secs(r.floor)} | ${fx(t !== null && r.peer.medianS ? r.peer.medianS / t : null)} | ${fx(t !== null && r.floor.medianS ? t / r.floor.medianS : null)} | ${f1(r.ours.peakMB, 0)} | ${f1(r.oursCompute.peakMB, 0)} | ${f1(r.peer.peakMB, 0)} | ${f1(r.floor.peakMB, 0)} |`,
    );
  }
  L.push(
    '',
    '"peer ÷ ours" is how many times faster ours (rollup + rank) is than the peer (target ≥ 5×); "ours ÷ floor" how many times slower than the floor (target ≤ 3×).',
    '',
  );
  L.push('### Without the workbook (computing part only)', '');
  L.push('| N | ours w/o workbook s | peer s | floor s | peer ÷ ours w/o workbook | ours w/o workbook ÷ floor |');
  L.push('|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    const c = r.oursCompute.medianS;
    L.push(
      `| ${nf(r.n)} | ${secs(r.oursCompute)} | ${secs(r.peer)} | ${secs(r.floor)} | ${fx(c && r.peer.medianS ? r.peer.medianS / c : null)} | ${fx(c && r.floor.medianS ? c / r.floor.medianS : null)} |`,
    );
  }
  L.push('');

  L.push('### How time grows with N (ms per file, median run)', '');
  L.push('| N | ours (rollup + rank) | ours w/o workbook | peer | floor |');
  L.push('|---:|---:|---:|---:|---:|');
  for (const r of rows)
    L.push(
      `| ${nf(r.n)} | ${perFile(r.ours.totalMedianS, r.n)} | ${perFile(r.oursCompute.medianS, r.n)} | ${perFile(r.peer.medianS, r.n)} | ${perFile(r.floor.medianS, r.n)} |`,
    );
  L.push(
    '',
    `Fixed start-up included in every figure: \`node bin/sti.js --help\` ${f1(mach.startup.stiHelpS, 2)} s; \`node --import tsx\` ${f1(mach.startup.nodeTsxS, 2)} s; python3 importing pandas + openpyxl ${f1(mach.startup.pythonImportS, 2)} s.`,
    '',
  );

  L.push("### Where `sti rollup`'s time goes (one run per N, same calls as the command)", '');
  L.push(
    '| N | read + validate + roll up s | write rollup workbook s | JSON s | workbook MB | RSS after read MB | RSS after workbook MB | peak MB |',
  );
  L.push('|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    const p = r.phases as {
      phases?: Record<string, number>;
      rssMB?: Record<string, number>;
      workbookBytes?: number;
      peakMB?: number;
      failed?: string;
    } | null;
    if (!p) continue;
    if (p.failed || !p.phases) {
      L.push(`| ${nf(r.n)} | did not finish (${p.failed ?? '?'}) | | | | | | ${f1(p.peakMB ?? null, 0)} |`);
      continue;
    }
    L.push(
      `| ${nf(r.n)} | ${f1(p.phases.readValidateRollup, 2)} | ${f1(p.phases.writeWorkbook, 2)} | ${f1(p.phases.json, 2)} | ${f1((p.workbookBytes ?? 0) / 1048576)} | ${f1(p.rssMB?.readValidateRollup, 0)} | ${f1(p.rssMB?.writeWorkbook, 0)} | ${f1(p.peakMB ?? null, 0)} |`,
    );
  }
  L.push('');

  L.push('### Same results', '');
  L.push(
    "Each N: every district total (SUM fields, distinct-USCC counts, district-only inputs) and every ratio/completion the peer computes, and the city total, compared between `sti rollup --json` and the peer's JSON, and ours against the totals the generator knows to be true (relative tolerance 1e-9).",
    '',
  );
  L.push('| N | values compared | mismatches | max relative difference | result |');
  L.push('|---:|---:|---:|---:|---|');
  for (const r of rows) {
    const c = r.check;
    L.push(
      c
        ? `| ${nf(r.n)} | ${nf(c.compared)} | ${c.mismatches.length} | ${c.maxRelDiff.toExponential(1)} | ${
            c.ok
              ? 'same'
              : 'DIFFERENT: ' +
                c.mismatches
                  .slice(0, 3)
                  .map((m) => `${m.where} ${m.code} ours ${m.ours} vs ${m.against} ${m.other}`)
                  .join('; ')
          } |`
        : `| ${nf(r.n)} | — | — | — | not checked (ours did not finish) |`,
    );
  }
  L.push('');

  if (engine) {
    L.push('## Engine throughput (in process, median of repeated calls)', '');
    L.push('| what | n | core ms | custom function ms (STI.*) |');
    L.push('|---|---:|---:|---:|');
    for (const x of engine.rank)
      L.push(`| rank (RANK.EQ), STI.RANK spilled over the whole column | ${nf(x.n)} | ${f1(x.coreMs, 2)} | ${f1(x.functionMs, 2)} |`);
    L.push(`| composite minmax, STI.COMPOSITE | 1,000 × 30 | ${f1(engine.composite.coreMs, 2)} | ${f1(engine.composite.functionMs, 2)} |`);
    L.push(`| composite zscore (to 0–100) | 1,000 × 30 | ${f1(engine.composite.coreZscoreMs, 2)} | |`);
    L.push(`| composite minmax | 10,000 × 30 | ${f1(engine.composite2.coreMs, 2)} | |`);
    if (engine.nlognLarge) L.push(`| rank (RANK.EQ) | ${nf(engine.nlognLarge.n2)} | ${f1(engine.nlognLarge.coreMs2, 2)} | |`);
    const g = engine.nlogn;
    L.push(
      '',
      `n log n check: from n = ${nf(g.n1)} to ${nf(g.n2)} the core rank's time grew ${g.timeRatio.toFixed(1)}× (STI.RANK ${g.functionTimeRatio.toFixed(1)}×); n·log n grows ${g.nlognRatio.toFixed(1)}× and n ${g.linearRatio.toFixed(0)}×. ${g.timeRatio <= g.nlognRatio * 1.5 ? 'Consistent with O(n log n).' : `Above n·log n by ${(g.timeRatio / g.nlognRatio).toFixed(1)}×: at 100,000 the sort's array of {index, key} objects no longer fits the CPU caches and allocation/GC grows, and the machine was shared (see load). The algorithm is one sort plus linear passes (src/core/rank.ts), so the growth is memory effects, not a quadratic path.`}`,
      '',
    );
    const h = engine.nlognLarge;
    if (h)
      L.push(
        `One decade up, from ${nf(h.n1)} to ${nf(h.n2)} (both past the CPU caches): time ${h.timeRatio.toFixed(1)}× against n·log n ${h.nlognRatio.toFixed(1)}× — ${h.timeRatio <= h.nlognRatio * 1.5 ? 'consistent with O(n log n)' : 'above n·log n'}.`,
        '',
      );
  }

  L.push(...workbookSection(rows));
  L.push(...webPageSection(RESULTS_DIR));
  L.push(...targetsSection(rows));
  L.push(...analysisSection(rows, mach));

  L.push('## Machine', '');
  L.push(`- CPU: ${mach.cpuModel}; \`nproc\`: ${mach.nproc}`);
  L.push(`- Memory (\`free -h\`):`, '', '```', mach.memory, '```', '');
  // Each size was measured at its own time (--report rewrites this file later): say which code each saw.
  const measured = rows
    .filter((r) => r.code)
    .map(
      (r) =>
        `N = ${r.n.toLocaleString('en-US')}: ${r.code!.commit.split(' ')[0]}${r.code!.dirty.length ? ' plus uncommitted changes' : ''}`,
    );
  L.push(
    `- Code measured: ${measured.length ? measured.join('; ') : `${mach.commit}${mach.dirty.length ? ` (plus uncommitted changes in ${mach.dirty.join(', ')})` : ''}`}`,
  );
  L.push(
    `- OS: ${mach.os}; Node ${mach.node}; Python ${mach.python} (Debian python3-pandas ${mach.pandas}, python3-openpyxl ${mach.openpyxl}) at ${PYTHON}`,
  );
  L.push(
    `- Load average (1/5/15 min) before and after each N, and the code measured — the machine and the working tree were shared with other work while measuring:`,
  );
  for (const r of rows)
    L.push(
      `  - N = ${nf(r.n)} (${r.measuredAt}${r.code ? `, code ${r.code.commit.split(' ')[0]}${r.code.dirty.length ? ` + uncommitted ${r.code.dirty.join(', ')}` : ''}` : ''}): ${r.loadBefore.map((x) => x.toFixed(2)).join(' / ')} → ${r.loadAfter.map((x) => x.toFixed(2)).join(' / ')}`,
    );
  L.push('');

  L.push('## Exact commands', '');
  L.push(
    '```sh',
    'npm run bench                  # N = 100, 1,000, 10,000 + engine (3 runs each)',
    'npm run bench -- --quick       # N = 100',
    'npm run bench -- --full        # + N = 40,000',
    'npm run bench -- --web         # + the 网页版 in Chromium at N = 1,000 (after npm run build:web)',
    `tsx bench/generate.ts --n N    # the data set alone (cached in bench/out/sets/v${GENERATOR_VERSION}-n<N>/)`,
    '```',
    '',
  );
  L.push(
    'Per N (paths relative to the repository; `<W>` = bench/out/work/n<N>), each under `/usr/bin/time -f "%e %M" timeout -s KILL <limit>`:',
    '',
    '```sh',
  );
  const last = rows[rows.length - 1];
  if (last) {
    for (const c of [
      last.floor.command,
      last.ours.rollup.command + ' > <W>/ours-rollup.json',
      last.ours.rank.command,
      last.oursCompute.command,
      last.peer.command,
    ])
      L.push(c.replace(new RegExp(`n${last.n}\\b`, 'g'), 'n<N>'));
  }
  L.push('```', '');
  return L.join('\n');
}

// ---------------------------------------------------------------------------------------

type Phases = {
  phases?: Record<string, number>;
  rssMB?: Record<string, number>;
  workbookBytes?: number;
  jsonBytes?: number;
  peakMB?: number;
  failed?: string;
};
const phasesOf = (r: SizeResult) => r.phases as Phases | null;
const mb = (bytes: number | undefined) => f1((bytes ?? 0) / 1048576);

/** The rollup workbook at each N: its size and LibreOffice opening it. */
function workbookSection(rows: SizeResult[]): string[] {
  const L: string[] = ['### The rollup workbook: size, and LibreOffice opening it', ''];
  L.push(
    'The workbook `sti rollup` wrote (live formulas, one 汇总 sheet per district, 园区排名, 报送情况, the de-duplicated 企业名录, 来源 with one row per submission giving the cell of every figure it contributed, 说明). LibreOffice: `soffice --headless --convert-to csv` of the workbook (it loads every sheet, then writes the first), with a profile made beforehand; its start-up alone is the same conversion of a one-cell workbook.',
    '',
  );
  L.push('| N | workbook MB | LibreOffice opens it, s | LibreOffice peak MB | LibreOffice start-up alone, s |');
  L.push('|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    const w = r.workbook;
    if (!w) {
      L.push(`| ${nf(r.n)} | not written | | | |`);
      continue;
    }
    const o = w.open;
    L.push(
      `| ${nf(r.n)} | ${mb(w.bytes)} | ${o ? (o.failed ? `no result after ${f1(o.wallS, 0)} s (ended; exit message: ${o.failed})` : f1(o.wallS, 1)) : 'not measured'} | ${o ? f1(o.peakMB, 0) : ''} | ${o ? f1(o.startupS, 1) : ''} |`,
    );
  }
  L.push('');
  return L;
}

const yesNo = (ok: boolean | null) => (ok === null ? 'not measured' : ok ? 'yes' : 'no');

/** Issue 15's targets, each from the measurements above. */
function targetsSection(rows: SizeResult[]): string[] {
  const at = (n: number) => rows.find((r) => r.n === n);
  const r1 = at(1000);
  const r10 = at(10_000);
  const r40 = at(40_000);
  const L: string[] = ['## Targets (issue 15)', '', '| target | measured | met? |', '|---|---|---|'];
  // 40,000: rollup + rank under 4 minutes, and it finishes.
  if (r40) {
    const t = r40.ours.totalMedianS;
    L.push(
      `| 40,000 submissions: \`sti rollup\` + \`sti rank\` finish, under 4 minutes | ${t !== null ? `${f1(t, 1)} s (rollup ${secs(r40.ours.rollup)} s + rank ${secs(r40.ours.rank)} s)` : `did not finish: ${r40.ours.rollup.failed ?? r40.ours.rank.failed}`} | ${yesNo(t !== null && t < 240)} |`,
    );
  } else
    L.push(
      '| 40,000 submissions: `sti rollup` + `sti rank` finish, under 4 minutes | not measured (`npm run bench -- --full`) | not measured |',
    );
  // Memory: computing part at 40,000 ≤ 2 × at 1,000.
  const c1 = r1?.oursCompute.peakMB ?? null;
  const big = r40 ?? r10;
  const cBig = big?.oursCompute.peakMB ?? null;
  L.push(
    `| peak RSS of the computing part (read + validate + admit + roll up + JSON) at 40,000 ≤ 2× at 1,000 | ${c1 !== null ? `${f1(c1, 0)} MB at 1,000` : '1,000 not measured'}${rows
      .filter((r) => r.n > 1000)
      .map(
        (r) =>
          `, ${f1(r.oursCompute.peakMB, 0)} MB at ${nf(r.n)}${c1 && r.oursCompute.peakMB ? ` (${fx(r.oursCompute.peakMB / c1)})` : ''}`,
      )
      .join(
        '',
      )} | ${r40 ? yesNo(c1 !== null && cBig !== null && !r40.oursCompute.failed ? cBig <= 2 * c1 : false) : 'not measured at 40,000'} |`,
  );
  L.push(
    `| the workbook writer's own peak (whole \`sti rollup\`, stated separately) | ${rows.map((r) => `${f1(r.ours.rollup.peakMB, 0)} MB at ${nf(r.n)}`).join(', ')} | (reported) |`,
  );
  // Whole commands against the peer.
  const ratio = (r: SizeResult | undefined) => (r && r.ours.totalMedianS && r.peer.medianS ? r.peer.medianS / r.ours.totalMedianS : null);
  const p1 = ratio(r1);
  const p10 = ratio(r10);
  L.push(`| rollup + rank ≥ 5× faster than the peer at 1,000 | ${fx(p1)} | ${yesNo(p1 === null ? null : p1 >= 5)} |`);
  L.push(`| rollup + rank ≥ 8× faster than the peer at 10,000 | ${fx(p10)} | ${yesNo(p10 === null ? null : p10 >= 8)} |`);
  const fl = r10 && r10.oursCompute.medianS && r10.floor.medianS ? r10.oursCompute.medianS / r10.floor.medianS : null;
  L.push(`| computing part within 3× of the floor at 10,000 | ${fx(fl)} | ${yesNo(fl === null ? null : fl <= 3)} |`);
  const wb = rows.filter((r) => (r.n === 1000 || r.n === 10_000) && r.workbook?.open);
  L.push(
    `| rollup workbook size and LibreOffice open time measured at 1,000 and 10,000 | ${wb.map((r) => `${nf(r.n)}: ${mb(r.workbook!.bytes)} MB, ${r.workbook!.open!.failed ? `no result after ${f1(r.workbook!.open!.wallS, 0)} s` : `${f1(r.workbook!.open!.wallS, 1)} s`}`).join('; ') || 'not measured'} | ${yesNo(wb.length === 2 ? true : null)} |`,
  );
  const checked = rows.filter((r) => r.check);
  L.push(
    `| same results (ours, the peer, the generator's truth) at every N | ${rows.map((r) => `${nf(r.n)}: ${r.check ? (r.check.ok ? 'same' : `${r.check.mismatches.length} differences`) : 'not checked'}`).join('; ')} | ${yesNo(checked.length === rows.length && checked.every((r) => r.check!.ok))} |`,
  );
  L.push('');
  return L;
}

/** What the measurements say, in numbers taken from them (nothing here is written by hand). */
function analysisSection(rows: SizeResult[], mach: Machine): string[] {
  const L: string[] = ['## Analysis (from the measurements above)', ''];
  const perFileMs = (t: number | null, n: number) => (t === null ? null : (t * 1000) / n);
  for (const r of rows) {
    const p = phasesOf(r);
    const parts: string[] = [];
    const t = r.ours.totalMedianS;
    if (t !== null)
      parts.push(
        `rollup + rank ${f1(t, 1)} s (${f1(perFileMs(t, r.n), 2)} ms a file), the peer ${r.peer.medianS !== null ? `${f1(r.peer.medianS, 1)} s (${f1(perFileMs(r.peer.medianS, r.n), 2)} ms a file)` : 'did not finish'}, the floor ${f1(r.floor.medianS, 2)} s`,
      );
    else parts.push(`ours did not finish (${r.ours.rollup.failed ?? r.ours.rank.failed})`);
    if (p?.phases) {
      const total = (p.phases.readValidateRollup ?? 0) + (p.phases.writeWorkbook ?? 0) + (p.phases.json ?? 0);
      const share = (x: number | undefined) => (total > 0 && x !== undefined ? `${Math.round((100 * x) / total)}%` : '—');
      parts.push(
        `inside \`sti rollup\`: read + validate + roll up ${f1(p.phases.readValidateRollup, 2)} s (${share(p.phases.readValidateRollup)}), the workbook ${f1(p.phases.writeWorkbook, 2)} s (${share(p.phases.writeWorkbook)}), the JSON ${f1(p.phases.json, 2)} s (${share(p.phases.json)}, ${mb(p.jsonBytes)} MB, written piece by piece)`,
      );
    }
    const loads = (r.loadSamples ?? []).map((x) => x.load);
    if (loads.length)
      parts.push(
        `1-minute load when the commands started ${f1(Math.min(...loads), 1)}–${f1(Math.max(...loads), 1)} on ${mach.nproc} cores`,
      );
    L.push(`- **N = ${nf(r.n)}**: ${parts.join('; ')}.`);
  }
  L.push('');
  // Memory per file: slope of the computing part's peak between the smallest and largest N measured.
  const withPeak = rows.filter((r) => r.oursCompute.peakMB !== null && !r.oursCompute.failed);
  if (withPeak.length >= 2) {
    const a = withPeak[0];
    const b = withPeak[withPeak.length - 1];
    const slope = ((b.oursCompute.peakMB! - a.oursCompute.peakMB!) * 1024) / (b.n - a.n);
    const wa = a.ours.rollup.peakMB;
    const wbk = b.ours.rollup.peakMB;
    L.push(
      `**Memory.** The computing part's peak grows ${f1(slope, 1)} KB a file from ${nf(a.n)} to ${nf(b.n)} files (${f1(a.oursCompute.peakMB, 0)} → ${f1(b.oursCompute.peakMB, 0)} MB)${wa && wbk ? `; the whole \`sti rollup\`, with the workbook writer, ${f1(((wbk - wa) * 1024) / (b.n - a.n), 1)} KB a file (${f1(wa, 0)} → ${f1(wbk, 0)} MB)` : ''}. The peer's peak: ${withPeak.map((r) => `${f1(r.peer.peakMB, 0)} MB at ${nf(r.n)}`).join(', ')}.`,
      '',
    );
  }
  const loaded = rows.filter((r) => (r.loadSamples ?? []).some((x) => x.load > Number(mach.nproc)));
  if (loaded.length)
    L.push(
      `**Load.** At ${loaded.map((r) => nf(r.n)).join(', ')} the 1-minute load exceeded the ${mach.nproc} cores while commands ran (other work on the machine): times there are slower than on a quiet machine, for all tools alike (they take turns within each run).`,
      '',
    );
  return L;
}

async function main(): Promise<void> {
  const started = new Date().toISOString();
  const log = (s: string) => console.log(s);
  mkdirSync(RESULTS_DIR, { recursive: true });
  mkdirSync(WORK_DIR, { recursive: true });
  if (!hasTime) log('note: /usr/bin/time not found (apt-get install -y time): peak memory will not be reported');
  const mach = machine();
  log(
    `machine: ${mach.cpuModel}, ${mach.nproc} cores; node ${mach.node}; python ${mach.python}, pandas ${mach.pandas}, openpyxl ${mach.openpyxl}`,
  );
  if (!reportOnly) {
    for (const n of sizes) {
      const r = await measureSize(n, log);
      writeFileSync(join(RESULTS_DIR, `n${n}.json`), JSON.stringify(r, null, 2));
    }
  }
  if (withWeb && !reportOnly) {
    log('\n== 网页版 in Chromium, N = 1,000 ==');
    const record = await measureWebPage(await generateSet(1000, { log }), join(ROOT, 'dist', 'web', 'sti.html'), RESULTS_DIR);
    for (const r of record.results)
      log(`${r.mode}: import ${Math.round(r.importSeconds * 10) / 10} s, rollup ${Math.round(r.rollupSeconds * 10) / 10} s`);
  }
  let engine: EngineResult | null = null;
  const enginePath = join(RESULTS_DIR, 'engine.json');
  if (withEngine && !reportOnly) {
    log('\n== engine throughput ==');
    engine = runEngine();
    writeFileSync(enginePath, JSON.stringify(engine, null, 2));
  } else if (existsSync(enginePath)) engine = JSON.parse(readFileSync(enginePath, 'utf8')) as EngineResult;
  const all = readdirSync(RESULTS_DIR)
    .filter((f) => /^n\d+\.json$/.test(f))
    .map((f) => JSON.parse(readFileSync(join(RESULTS_DIR, f), 'utf8')) as SizeResult)
    .filter((r) => r.set.version === GENERATOR_VERSION);
  writeFileSync(join(OUT_DIR, 'bench-results.json'), JSON.stringify({ started, machine: mach, sizes: all, engine }, null, 2));
  writeFileSync(join(ROOT, 'BENCHMARKS.md'), report(all, engine, mach, started));
  log(`\nwrote BENCHMARKS.md and ${rel(join(OUT_DIR, 'bench-results.json'))}`);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
