import { createContext, useContext } from 'react';
import type { WorkbookPort } from '../excel/workbook-port.js';
import type { PaneEngine } from './engine-types.js';

/** Everything the components may call: the workbook, the engine, saving a file. Passed in, never global. */
export interface PaneServices {
  /** The open workbook (Excel, WPS); none in the web page, where every output is a download. */
  port?: WorkbookPort;
  engine: () => Promise<PaneEngine>;
  saveFile: (bytes: Uint8Array, fileName: string) => void;
  /** Where 设置 is remembered between sessions (the page's localStorage); none = this session only. */
  storage?: Pick<Storage, 'getItem' | 'setItem'>;
}

/** The page's localStorage when it is usable (it can be blocked). */
export function pageStorage(): Pick<Storage, 'getItem' | 'setItem'> | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

export const ServicesContext = createContext<PaneServices | null>(null);

export function useServices(): PaneServices {
  const s = useContext(ServicesContext);
  if (!s) throw new Error('PaneServices missing');
  return s;
}

/** Saves bytes as a download (the browser's own save dialog); nothing is sent anywhere. */
export function downloadFile(bytes: Uint8Array, fileName: string): void {
  const type = /\.zip$/i.test(fileName)
    ? 'application/zip'
    : /\.docx$/i.test(fileName)
      ? 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
      : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  const blob = new Blob([bytes as BlobPart], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
