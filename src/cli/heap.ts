import { setFlagsFromString } from 'node:v8';

/**
 * V8 lets its heap grow to up to four times what survived the last full collection before it
 * collects again. `sti rollup --json` without a workbook loads each district's submissions, rolls
 * them up and lets them go, so most of what it allocates is soon garbage: at the default, 10,000
 * files peaked at 534 MB with 87 MB alive. Growing by 15% at most keeps the peak near what is
 * alive, for more but short collections: 40,000 files peaked at 310-315 MB against 319-321 MB
 * growing by a quarter and 372-373 MB by half, in the same time (39.2-45.1 s against 41.3-42.4 s
 * and 41.0-41.7 s; 10,000 files by a quarter 11.1-12.8 s, by half 11.4-11.7 s). Not for the
 * rollup with its workbook: every district's full result stays alive until the workbook is
 * written, and over that large heap the extra collections cost 10% of the time (10,000 files:
 * 28.7 s against 25.5 s) for 8% less memory. Process-wide: the reading workers (started after it) too.
 */
export function limitHeapGrowth(): void {
  setFlagsFromString('--heap-growing-percent=15');
}
