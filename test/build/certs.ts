/**
 * Throwaway HTTPS certificates for the `sti serve` tests, made with Debian's openssl (CI
 * installs it, .ci/run). Locally a missing openssl skips those tests; in CI it fails them.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const opensslRequired = process.env.CI === 'true';

export function opensslAvailable(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export interface TestCertificate {
  cert: string;
  key: string;
  certPem: string;
}

/** A self-signed P-256 certificate for `names` (DNS names and IPs), valid for two days. */
export function makeCertificate(dir: string, name: string, names: string[]): TestCertificate {
  const cert = path.join(dir, `${name}.crt`);
  const key = path.join(dir, `${name}.key`);
  const san = names.map((n) => (/^[\d.]+$/.test(n) ? `IP:${n}` : `DNS:${n}`)).join(',');
  const args = ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  args.push('-keyout', key, '-out', cert, '-days', '2', '-subj', `/CN=${names[0]}`, '-addext', `subjectAltName=${san}`);
  execFileSync('openssl', args, { stdio: 'ignore' });
  return { cert, key, certPem: readFileSync(cert, 'utf8') };
}
