/**
 * The pane's few layout rules (Fluent supplies the rest), as Griffel styles on the pane's root
 * (the FluentProvider): colours are theme tokens, so the dark and high-contrast themes recolour
 * them; in the light theme they are the values the pane always had (#616161, #b10e1c, #0f6cbd).
 *
 * Components keep their plain class names (sti-row, sti-muted, sti-findings …: tests find elements
 * by them); the rules reach them from the root. Each rule's specificity is the old global rule's:
 * the root's class stands in for the leading class, which is wrapped in :where() — so a Fluent
 * component's own style wins or loses against a rule exactly as it did before.
 */
import { makeStaticStyles, makeStyles, tokens } from '@fluentui/react-components';

/** The page itself (the pane fills it). */
export const usePageStyles = makeStaticStyles({
  'html, body': { margin: 0, padding: 0 },
});

const under = (cls: string, rest = ''): string => `& :where(.${cls})${rest}`;

/**
 * Rendered as the pane's first element, before any Fluent component: its styles are inserted
 * first, so a Fluent component's rule of equal specificity still comes later and wins, as it did
 * when these rules were a global style sheet placed before Fluent's.
 */
export function PaneStyles(): null {
  usePageStyles();
  usePaneStyles();
  return null;
}

export const usePaneStyles = makeStyles({
  root: {
    minHeight: '100vh',
    padding: '8px 12px 24px',
    boxSizing: 'border-box',

    [under('sti-header')]: { display: 'flex', flexDirection: 'column', gap: '2px', marginBottom: '8px' },
    [under('sti-header', ' h1')]: { margin: 0, fontSize: '20px' },
    [under('sti-step')]: { display: 'flex', flexDirection: 'column', gap: '10px', paddingTop: '10px' },
    [under('sti-row')]: { display: 'flex', flexWrap: 'wrap', gap: '8px', alignItems: 'flex-end' },
    [under('sti-row', ' > *')]: { flex: '1 1 120px', minWidth: 0 },
    [under('sti-counts', ' > *')]: { flex: '0 0 auto' },
    [under('sti-actions')]: { display: 'flex', flexWrap: 'wrap', gap: '8px' },
    [under('sti-scroll')]: { maxHeight: '360px', overflow: 'auto' },
    [under('sti-muted')]: { color: tokens.colorNeutralForeground3 },
    [under('sti-small')]: { fontSize: '12px' },
    [under('sti-error')]: { color: tokens.colorStatusDangerForeground1 },
    // Six tabs do not fit a 320–350 px pane on one line: they wrap instead of running off the edge.
    "& [role='tablist']": { flexWrap: 'wrap' },
    // Fluent's inputs keep a 250 px minimum: in a narrow pane they take the width they are given.
    '& .fui-Input': { minWidth: 0, maxWidth: '100%' },
    '& .fui-Select': { minWidth: 0, maxWidth: '100%' },
    '& .fui-Textarea': { minWidth: 0, maxWidth: '100%' },
    // Count badges wrap their text (English labels are long).
    [under('sti-counts', ' .fui-Badge')]: { height: 'auto', minHeight: '24px', whiteSpace: 'normal' },
    // In a narrow pane the report's four columns left the 问题 column a few characters wide:
    // each finding becomes a block (badge, unit, place, then the message at full width).
    '@media (max-width: 520px)': {
      [under('sti-findings', ' thead')]: { display: 'none' },
      [under('sti-findings', ' table')]: { display: 'block', width: 'auto', height: 'auto' },
      [under('sti-findings', ' tbody')]: { display: 'block', width: 'auto', height: 'auto' },
      [under('sti-findings', ' tr')]: { display: 'block', width: 'auto', height: 'auto', padding: '6px 0' },
      [under('sti-findings', ' td')]: { display: 'block', width: 'auto', height: 'auto', padding: '0 4px', minHeight: 0 },
      [under('sti-findings', ' td:nth-child(-n+3)')]: { display: 'inline-block', marginRight: '8px' },
    },
    [under('sti-dragging')]: { outline: `2px dashed ${tokens.colorBrandStroke1}`, outlineOffset: '4px' },
    [under('sti-wrap')]: { overflowWrap: 'anywhere', wordBreak: 'break-word' },
    [under('sti-scroll', ' table td')]: { verticalAlign: 'top', paddingTop: '4px', paddingBottom: '4px' },
    [under('sti-step', ' p')]: { margin: 0 },
    [under('sti-step', ' h3')]: { margin: '4px 0 0' },
  },
});
