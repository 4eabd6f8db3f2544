import { useCallback, useRef, useState } from 'react';
import { describeError } from '../errors.js';
import { useI18n } from '../i18n/index.js';

export interface Progress {
  done: number;
  total: number;
  label: string;
}

export interface TaskState {
  busy: boolean;
  progress: Progress | null;
  error: string | null;
  success: string | null;
}

/** One long action at a time: busy flag, progress, and a readable outcome (success or error). */
export function useTask() {
  const { t } = useI18n();
  const [state, setState] = useState<TaskState>({ busy: false, progress: null, error: null, success: null });
  const running = useRef(false);

  const run = useCallback(
    async (work: (report: (p: Progress) => void) => Promise<string | null | void>) => {
      if (running.current) return;
      running.current = true;
      setState({ busy: true, progress: null, error: null, success: null });
      try {
        const message = await work((p) => setState((s) => ({ ...s, progress: p })));
        setState({ busy: false, progress: null, error: null, success: message ?? null });
      } catch (e) {
        setState({ busy: false, progress: null, error: describeError(e, t), success: null });
      } finally {
        running.current = false;
      }
    },
    [t],
  );

  return { ...state, run };
}
