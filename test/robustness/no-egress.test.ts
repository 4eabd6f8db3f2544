/**
 * Nothing leaves the machine (product.md §8): no network API in our sources or in the built
 * bundles, and no address but the Office.js script and localhost in our sources. The
 * browser test (test/e2e/pane.e2e.test.ts, "made no request to any origin but the local
 * server") checks the same at run time in a real Chromium.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

function filesUnder(dir: string, ext: RegExp): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p, ext));
    else if (ext.test(name)) out.push(p);
  }
  return out;
}

/** Calls that reach the network from a browser or node. */
const NETWORK_APIS: [string, RegExp][] = [
  ['fetch()', /(?<![\w$.])fetch\s*\(|\.fetch\s*\(/],
  ['XMLHttpRequest', /XMLHttpRequest/],
  ['WebSocket', /new\s+WebSocket\b/],
  ['sendBeacon', /sendBeacon/],
  ['EventSource', /new\s+EventSource\b/],
  ['importScripts()', /importScripts\s*\(/],
  [
    'node http/https/net/dgram',
    /from\s+['"](node:)?(https?|net|dgram|tls|http2)['"]|require\(\s*['"](node:)?(https?|net|dgram|tls|http2)['"]\s*\)/,
  ],
  ['RTCPeerConnection', /RTCPeerConnection/],
];

/** The only addresses our own sources may name. */
const ALLOWED_URL = [
  /^https:\/\/appsforoffice\.microsoft\.com\/lib\/1\/hosted\/office\.js$/, // the Office.js script tag
  /^https?:\/\/localhost(:\d+)?(\/|$)/, // the dev server the manifest points at
];
/**
 * XML namespace names: identifiers written into .xlsx parts, never fetched (an XML
 * processor does not dereference a namespace name).
 */
const NAMESPACE_URL = /^http:\/\/(schemas\.openxmlformats\.org|schemas\.microsoft\.com|purl\.org|www\.w3\.org)\//;
const URL_RE = /\bhttps?:\/\/[^\s"'`<>)\\]+/g;

/**
 * `sti serve` (issue 12) is the one module that opens a port: it answers requests for the
 * add-in's own files and sends nothing. Importing node:https's server there is allowed; a
 * client call (request, get, connect) is not, and every other check applies.
 */
const LISTENING_SERVER = join('src', 'cli', 'commands', 'serve.ts');
const CLIENT_CALL = /\b(request|get|connect)\s*\(/;

function scan(files: string[], strictUrls: boolean) {
  const problems: string[] = [];
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    const rel = relative(ROOT, f);
    for (const [what, re] of NETWORK_APIS) {
      if (what.startsWith('node ') && rel === LISTENING_SERVER && !CLIENT_CALL.test(text)) continue;
      const m = re.exec(text);
      if (m) problems.push(`${rel}: ${what} — …${text.slice(Math.max(0, m.index - 60), m.index + 60).replace(/\s+/g, ' ')}…`);
    }
    if (!strictUrls) continue;
    for (const m of text.matchAll(URL_RE)) {
      const url = m[0];
      if (ALLOWED_URL.some((re) => re.test(url)) || NAMESPACE_URL.test(url)) continue;
      problems.push(`${rel}: address ${url}`);
    }
  }
  return problems;
}

describe('no data egress', () => {
  it('src/** names no network API and no address but Office.js and localhost', () => {
    const files = [
      ...filesUnder(join(ROOT, 'src'), /\.(ts|tsx|js|mjs|html|json)$/),
      join(ROOT, 'manifest.xml'),
      join(ROOT, 'webpack.config.js'),
    ].filter(existsSync);
    expect(files.length).toBeGreaterThan(30);
    expect(scan(files, true)).toEqual([]);
  });

  it('the scan itself catches what it is meant to catch', () => {
    // A scanner that cannot fail proves nothing: feed it the patterns it must find.
    const samples = [
      "await fetch('/x')",
      'window.fetch(u)',
      'new XMLHttpRequest()',
      'new WebSocket(u)',
      'navigator.sendBeacon(u, d)',
      "import http from 'node:https'",
      "require('net')",
    ];
    for (const s of samples)
      expect(
        NETWORK_APIS.some(([, re]) => re.test(s)),
        s,
      ).toBe(true);
    expect(NETWORK_APIS.some(([, re]) => re.test('prefetch(x); const fetched = 1; refetchAll'))).toBe(false);
    const bad = 'see https://example.com/track?id=1';
    expect(
      [...bad.matchAll(URL_RE)].map((m) => m[0]).filter((u) => !ALLOWED_URL.some((re) => re.test(u)) && !NAMESPACE_URL.test(u)),
    ).toEqual(['https://example.com/track?id=1']);
  });

  it.skipIf(!existsSync(join(ROOT, 'dist')))('the built bundles (dist/) call no network API', () => {
    const files = filesUnder(join(ROOT, 'dist'), /\.(js|html)$/);
    expect(files.length).toBeGreaterThan(0);
    expect(scan(files, false)).toEqual([]);
  });

  it.skipIf(!existsSync(join(ROOT, 'dist', 'taskpane.html')))('the task pane page loads only its own scripts and Office.js', () => {
    const html = readFileSync(join(ROOT, 'dist', 'taskpane.html'), 'utf8');
    const srcs = [...html.matchAll(/<(?:script|link|img|iframe)[^>]*?\s(?:src|href)=["']?([^"'\s>]+)/g)].map((m) => m[1]);
    expect(srcs.length).toBeGreaterThan(0);
    for (const s of srcs) expect(/^https?:/.test(s) ? ALLOWED_URL.some((re) => re.test(s)) : true, s).toBe(true);
  });
});
