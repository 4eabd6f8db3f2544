import { Component, type ErrorInfo, type ReactNode } from 'react';
import { Button, MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import type { Translate } from '../i18n/index.js';

interface Props {
  t: Translate;
  children: ReactNode;
}

/** A render error shows a readable message and a way back, never a blank pane. */
export class ErrorBoundary extends Component<Props, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('STI pane error', error, info.componentStack);
  }

  override render() {
    const { t } = this.props;
    if (!this.state.error) return this.props.children;
    return (
      <MessageBar intent="error" layout="multiline" data-testid="error-boundary">
        <MessageBarBody>
          <MessageBarTitle>{t('error.title')}</MessageBarTitle>
          <div>{t('error.boundary')}</div>
          <div style={{ fontFamily: 'monospace', fontSize: 12, marginTop: 4 }}>{this.state.error.message}</div>
          <Button style={{ marginTop: 8 }} onClick={() => this.setState({ error: null })}>
            {t('error.retry')}
          </Button>
        </MessageBarBody>
      </MessageBar>
    );
  }
}
