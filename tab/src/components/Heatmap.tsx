import { makeStyles, tokens } from '@fluentui/react-components';
import type { CheckIn, KeyResult } from '@northstar/server/contract';
import { confidenceColor, shiftWeek, type Formatters } from '../format';

const useStyles = makeStyles({
  wrap: { overflowX: 'auto', maxWidth: '100%' },
  table: { borderCollapse: 'collapse', fontSize: tokens.fontSizeBase200 },
  rowHead: {
    textAlign: 'left',
    fontWeight: tokens.fontWeightRegular,
    padding: tokens.spacingHorizontalXS,
    minWidth: '90px',
    overflowWrap: 'anywhere',
  },
  colHead: { fontWeight: tokens.fontWeightRegular, padding: `0 ${tokens.spacingHorizontalXXS}`, color: tokens.colorNeutralForeground2 },
  cell: {
    width: '28px',
    height: '24px',
    textAlign: 'center',
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    color: tokens.colorNeutralForeground1,
  },
  green: { backgroundColor: tokens.colorPaletteGreenBackground2 },
  yellow: { backgroundColor: tokens.colorPaletteYellowBackground2 },
  red: { backgroundColor: tokens.colorPaletteRedBackground2 },
  none: { backgroundColor: tokens.colorNeutralBackground3 },
});

const WORD = { green: 'green', yellow: 'yellow', red: 'red' } as const;

/** Confidence by week (newest right) for some key results; each cell says its number, colour and week. */
export function ConfidenceHeatmap({
  keyResults,
  checkIns,
  thisWeek,
  weeks = 6,
  caption,
  format,
}: {
  keyResults: KeyResult[];
  checkIns: Map<string, CheckIn[]>;
  thisWeek: string;
  weeks?: number;
  caption: string;
  format: Formatters;
}) {
  const styles = useStyles();
  const columns = Array.from({ length: weeks }, (_, index) => shiftWeek(thisWeek, index - weeks + 1));
  return (
    <div className={styles.wrap} role="region" aria-label={caption} tabIndex={0}>
      <table className={styles.table} data-testid="heatmap">
        <caption style={{ textAlign: 'left' }}>{caption}</caption>
        <thead>
          <tr>
            <th scope="col" className={styles.colHead}>
              Key result
            </th>
            {columns.map((week) => (
              <th key={week} scope="col" className={styles.colHead} abbr={week}>
                {week.slice(-3)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {keyResults.map((kr) => {
            const byWeek = new Map((checkIns.get(kr.id) ?? []).map((checkIn) => [checkIn.isoWeek, checkIn.confidence]));
            return (
              <tr key={kr.id}>
                <th scope="row" className={styles.rowHead}>
                  {kr.title}
                </th>
                {columns.map((week) => {
                  const confidence = byWeek.get(week);
                  const color = confidence === undefined ? undefined : confidenceColor(confidence);
                  return (
                    <td
                      key={week}
                      className={`${styles.cell} ${color ? styles[color] : styles.none}`}
                      title={confidence === undefined ? `${week}: no check-in` : `${week}: confidence ${confidence} (${WORD[color!]})`}
                      data-week={week}
                    >
                      {confidence === undefined ? '–' : format.number(confidence, 0)}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
