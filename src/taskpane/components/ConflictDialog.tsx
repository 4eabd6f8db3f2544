import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle } from '@fluentui/react-components';
import { useCallback, useRef, useState } from 'react';
import type { ConflictMode } from '../../excel/workbook-port.js';
import { useI18n } from '../i18n/index.js';

/** Asks what to do when generated sheets already exist. Resolves null when cancelled. */
export function useConflictDialog() {
  const { t } = useI18n();
  const [names, setNames] = useState<string[] | null>(null);
  const resolver = useRef<((m: ConflictMode | null) => void) | null>(null);

  const ask = useCallback((clashing: string[]) => {
    setNames(clashing);
    return new Promise<ConflictMode | null>((resolve) => {
      resolver.current = resolve;
    });
  }, []);

  const answer = (m: ConflictMode | null) => {
    resolver.current?.(m);
    resolver.current = null;
    setNames(null);
  };

  const dialog = (
    <Dialog open={names !== null} modalType="alert">
      <DialogSurface data-testid="conflict-dialog">
        <DialogBody>
          <DialogTitle>{t('conflict.title')}</DialogTitle>
          <DialogContent>{t('conflict.body', { names: (names ?? []).map((n) => `“${n}”`).join('、') })}</DialogContent>
          <DialogActions fluid>
            <Button appearance="primary" data-testid="conflict-rename" onClick={() => answer('rename')}>
              {t('conflict.rename')}
            </Button>
            <Button data-testid="conflict-replace" onClick={() => answer('replace')}>
              {t('conflict.replace')}
            </Button>
            <Button appearance="subtle" onClick={() => answer(null)}>
              {t('common.cancel')}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );

  return { ask, dialog };
}
