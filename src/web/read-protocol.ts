/** Messages between the web page and its reading workers. */
import type { Finding, Submission } from '../core/types.js';

export interface ReadRequest {
  id: number;
  name: string;
  bytes: Uint8Array;
}

export type ReadReply =
  { id: number; submission: Submission | null; findings: Finding[]; error?: undefined } | { id: number; error: string };
