import { Badge, makeStyles, ProgressBar, tokens } from '@fluentui/react-components';
import type { KeyResult } from '@northstar/server/contract';
import { confidenceColor, type Formatters } from '../format';

const useStyles = makeStyles({
  progress: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, minWidth: 0 },
  bar: { flex: 1, minWidth: '60px' },
});

const BADGE_COLOR = { green: 'success', yellow: 'warning', red: 'danger' } as const;
const COLOR_WORD = { green: 'on track', yellow: 'at risk', red: 'off track' } as const;

/** A confidence (0–10) as a coloured badge that also says it in words. */
export function ConfidenceBadge({ confidence, format }: { confidence: number | null | undefined; format: Formatters }) {
  if (confidence === null || confidence === undefined) {
    return (
      <Badge appearance="outline" color="informative">
        No check-in
      </Badge>
    );
  }
  const color = confidenceColor(confidence);
  return (
    <Badge appearance="tint" color={BADGE_COLOR[color]} data-confidence={confidence}>
      {`Confidence ${format.number(confidence, 0)} · ${COLOR_WORD[color]}`}
    </Badge>
  );
}

/** A progress bar (0–1) with its percentage. */
export function Progress({ value, label, format }: { value: number; label: string; format: Formatters }) {
  const styles = useStyles();
  return (
    <div className={styles.progress}>
      <ProgressBar className={styles.bar} value={Math.max(0, Math.min(1, value))} thickness="large" aria-label={label} />
      <span>{format.percent(value)}</span>
    </div>
  );
}

/** "12 of 25 %": current and target of a key result in the user's locale. */
export function keyResultFigures(keyResult: KeyResult, format: Formatters): string {
  if (keyResult.kind === 'milestone') return keyResult.current >= keyResult.target ? 'Done' : 'Not done yet';
  const unit = keyResult.unit ? ` ${keyResult.unit}` : '';
  return `${format.number(keyResult.current)} of ${format.number(keyResult.target)}${unit}`;
}

/** The weeks since the last check-in (null: never checked in). */
export function staleWeeks(keyResult: KeyResult, thisWeek: string, weeksBetween: (a: string, b: string) => number): number | null {
  return keyResult.lastCheckIn ? weeksBetween(keyResult.lastCheckIn.isoWeek, thisWeek) : null;
}
