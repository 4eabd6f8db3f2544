/**
 * Loads the pane's engine (core + io). The implementation (engine-impl.ts) and the .xlsx
 * libraries behind it are loaded with import() on first use, so the pane's first load stays
 * small. The interfaces are in engine-types.ts (re-exported here for existing imports).
 */
import type { PaneEngine } from './engine-types.js';

export * from './engine-types.js';

/** Loads the real engine on first use (its own chunk; .xlsx code loads later still, on first file). */
export function loadEngine(): Promise<PaneEngine> {
  return import(/* webpackChunkName: "engine" */ './engine-impl.js').then((m) => m.createEngine());
}
