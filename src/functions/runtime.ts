/**
 * Outside Excel (the task pane opened in a plain browser, browser tests) there is no
 * CustomFunctions global; the build appends CustomFunctions.associate(...) calls to
 * functions.ts, so give them a no-op target there instead of a ReferenceError.
 * Inside Excel, office.js defines the global before this bundle runs and nothing changes.
 */
const g = globalThis as { CustomFunctions?: unknown };
if (typeof g.CustomFunctions === 'undefined') {
  g.CustomFunctions = { associate: () => undefined };
}

export {};
