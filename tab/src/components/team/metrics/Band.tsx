import { Badge, makeStyles, tokens } from '@fluentui/react-components';
import type { MetricBand, MetricPoint } from '@northstar/server/contract';

/** How each band reads in words (the colour is never the only signal). */
export const BAND_LABEL: Record<MetricBand, string> = { green: 'Green', yellow: 'Yellow', red: 'Red' };

const BADGE_COLOR = { green: 'success', yellow: 'warning', red: 'danger' } as const;

/** A band as a coloured badge that says its name. */
export function BandBadge({ band }: { band: MetricBand | null }) {
  if (!band) {
    return (
      <Badge appearance="outline" color="informative" data-band="none">
        No value
      </Badge>
    );
  }
  return (
    <Badge appearance="tint" color={BADGE_COLOR[band]} data-band={band}>
      {BAND_LABEL[band]}
    </Badge>
  );
}

const useStyles = makeStyles({
  spark: { display: 'block', overflow: 'visible', flexShrink: 0 },
  line: { stroke: tokens.colorNeutralForeground3, strokeWidth: '1.5px', fill: 'none' },
  green: { fill: tokens.colorPaletteGreenForeground1 },
  yellow: { fill: tokens.colorPaletteMarigoldForeground1 },
  red: { fill: tokens.colorPaletteRedForeground1 },
  none: { fill: 'none', stroke: tokens.colorNeutralStroke1 },
});

const WIDTH = 112;
const HEIGHT = 28;

/** The weeks' values as a small line with a dot per week coloured by band; its label lists every week in words. */
export function Sparkline({ points, unit, format }: { points: readonly MetricPoint[]; unit: string; format: (value: number) => string }) {
  const styles = useStyles();
  const values = points.map((point) => point.value).filter((value): value is number => value !== null);
  const min = Math.min(...values);
  const max = Math.max(...values);
  const step = points.length > 1 ? (WIDTH - 6) / (points.length - 1) : 0;
  const y = (value: number): number => (max === min ? HEIGHT / 2 : 3 + (HEIGHT - 6) * (1 - (value - min) / (max - min)));
  const coordinates = points.map((point, index) => ({ point, x: 3 + index * step, y: point.value === null ? HEIGHT / 2 : y(point.value) }));
  const segments: string[][] = [[]];
  for (const { point, x, y: top } of coordinates) {
    if (point.value === null) segments.push([]);
    else segments[segments.length - 1]!.push(`${x.toFixed(1)},${top.toFixed(1)}`);
  }
  const label = `Last ${points.length} weeks: ${points
    .map((point) =>
      point.value === null
        ? `${point.isoWeek} no value`
        : `${point.isoWeek} ${format(point.value)}${unit ? ` ${unit}` : ''} ${BAND_LABEL[point.band!]}`,
    )
    .join('; ')}`;
  return (
    <svg className={styles.spark} width={WIDTH} height={HEIGHT} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={label}>
      <title>{label}</title>
      {segments
        .filter((segment) => segment.length > 1)
        .map((segment, index) => (
          <polyline key={index} className={styles.line} points={segment.join(' ')} />
        ))}
      {coordinates.map(({ point, x, y: top }) => (
        <circle key={point.isoWeek} cx={x} cy={top} r={point.value === null ? 1.5 : 2.5} className={styles[point.band ?? 'none']} />
      ))}
    </svg>
  );
}
