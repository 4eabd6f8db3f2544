import { MessageBar, MessageBarBody, MessageBarTitle, ProgressBar, Field } from '@fluentui/react-components';
import { useI18n } from '../i18n/index.js';
import type { TaskState } from './useTask.js';

/** Progress while busy; then the outcome. Errors stay until the next action. */
export function TaskStatus({ task, testId }: { task: TaskState; testId: string }) {
  const { t } = useI18n();
  return (
    <div data-testid={`${testId}-status`} aria-live="polite">
      {task.busy && (
        <Field
          validationMessage={
            task.progress
              ? `${task.progress.label} ${t('common.progress', { done: task.progress.done, total: task.progress.total })}`
              : t('common.busy')
          }
          validationState="none"
        >
          <ProgressBar value={task.progress ? task.progress.done / Math.max(1, task.progress.total) : undefined} />
        </Field>
      )}
      {task.error && (
        <MessageBar intent="error" data-testid={`${testId}-error`}>
          <MessageBarBody>
            <MessageBarTitle>{t('error.title')}</MessageBarTitle>
            {task.error}
          </MessageBarBody>
        </MessageBar>
      )}
      {task.success && (
        <MessageBar
          intent={task.warning ? 'warning' : 'success'}
          data-testid={`${testId}-success`}
          data-intent={task.warning ? 'warning' : 'success'}
        >
          <MessageBarBody>{task.success}</MessageBarBody>
        </MessageBar>
      )}
    </div>
  );
}
