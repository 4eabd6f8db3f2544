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
  /** The outcome is a warning (something was left out or a total is incomplete), not a plain success. */
  warning: boolean;
}

/** What an action reports: a message, or a message flagged as a warning. */
export type TaskOutcome = string | { text: string; warning: boolean } | null | void;

/** One long action at a time: busy flag, progress, and a readable outcome (success or error). */
export function useTask() {
  const { t } = useI18n();
  const [state, setState] = useState<TaskState>({ busy: false, progress: null, error: null, success: null, warning: false });
  const running = useRef(false);

  const run = useCallback(
    async (work: (report: (p: Progress) => void) => Promise<TaskOutcome>) => {
      if (running.current) return;
      running.current = true;
      setState({ busy: true, progress: null, error: null, success: null, warning: false });
      try {
        const outcome = await work((p) => setState((s) => ({ ...s, progress: p })));
        const text = typeof outcome === 'object' && outcome !== null ? outcome.text : (outcome ?? null);
        const warning = typeof outcome === 'object' && outcome !== null && outcome.warning;
        setState({ busy: false, progress: null, error: null, success: text, warning });
      } catch (e) {
        setState({ busy: false, progress: null, error: describeError(e, t), success: null, warning: false });
      } finally {
        running.current = false;
      }
    },
    [t],
  );

  return { ...state, run };
}
