import { Body1, makeStyles, Subtitle2, tokens } from '@fluentui/react-components';
import type { LastingItem, ReportMetric, TeamReport } from '@northstar/server/contract';
import type { ReactNode } from 'react';
import { useSession } from '../../../context';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, minWidth: 0 },
  scroll: { overflowX: 'auto', maxWidth: '100%' },
  table: { borderCollapse: 'collapse', width: '100%', fontSize: tokens.fontSizeBase300 },
  cell: {
    textAlign: 'left',
    verticalAlign: 'top',
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  head: { fontWeight: tokens.fontWeightSemibold, color: tokens.colorNeutralForeground2 },
  muted: { color: tokens.colorNeutralForeground2 },
  bar: {
    display: 'inline-block',
    width: '64px',
    height: '8px',
    marginLeft: tokens.spacingHorizontalXS,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusSmall,
    verticalAlign: 'middle',
    overflow: 'hidden',
  },
  fill: { display: 'block', height: '100%', backgroundColor: tokens.colorBrandBackground },
  spark: {
    display: 'inline-flex',
    alignItems: 'flex-end',
    gap: '2px',
    height: '20px',
    marginRight: tokens.spacingHorizontalS,
    verticalAlign: 'middle',
  },
  sparkBar: { width: '6px', backgroundColor: tokens.colorNeutralForeground2, minHeight: '1px' },
  green: { color: tokens.colorPaletteGreenForeground1 },
  yellow: { color: tokens.colorPaletteMarigoldForeground2 },
  red: { color: tokens.colorPaletteRedForeground1 },
  nowrap: { whiteSpace: 'nowrap' },
});

/** A table that scrolls on its own when the pane is narrow (never the page); the region is focusable for keyboard users. */
function Table({ label, headers, rows }: { label: string; headers: readonly string[]; rows: ReactNode[][] }) {
  const styles = useStyles();
  return (
    <div className={styles.scroll} role="region" aria-label={label} tabIndex={0} data-print="scroll">
      <table className={styles.table}>
        <thead>
          <tr>
            {headers.map((header) => (
              <th key={header} scope="col" className={`${styles.cell} ${styles.head}`}>
                {header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((cells, row) => (
            <tr key={row}>
              {cells.map((cell, index) => (
                <td key={index} className={styles.cell}>
                  {cell}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A band as a word with a symbol (never colour alone). */
export function Band({ band }: { band: ReportMetric['band'] }) {
  const styles = useStyles();
  if (!band) return <span className={styles.muted}>–</span>;
  const symbol = band === 'green' ? '●' : band === 'yellow' ? '▲' : '■';
  return (
    <span className={styles[band]}>
      <span aria-hidden="true">{symbol} </span>
      {band === 'green' ? 'Green' : band === 'yellow' ? 'Yellow' : 'Red'}
    </span>
  );
}

function Progress({ start, end }: { start: number; end: number }) {
  const styles = useStyles();
  const { format } = useSession();
  return (
    <span className={styles.nowrap}>
      {format.percent(start)} → <strong>{format.percent(end)}</strong>
      <span className={styles.bar} data-bar="" aria-hidden="true">
        <span className={styles.fill} data-bar-fill="" style={{ width: `${Math.round(Math.min(1, Math.max(0, end)) * 100)}%` }} />
      </span>
    </span>
  );
}

/** Confidence per week: a small bar per week (decorative) and the numbers as text. */
function ConfidenceTrend({ weeks }: { weeks: Array<{ isoWeek: string; value: number | null }> }) {
  const styles = useStyles();
  return (
    <span>
      <span className={styles.spark} aria-hidden="true">
        {weeks.map((week) => (
          <span key={week.isoWeek} className={styles.sparkBar} data-bar-fill="" style={{ height: `${((week.value ?? 0) / 10) * 100}%` }} />
        ))}
      </span>
      <span className={styles.nowrap}>{weeks.map((week) => (week.value === null ? '–' : String(week.value))).join(' · ')}</span>
    </span>
  );
}

function Lasting({ items, what, column }: { items: LastingItem[]; what: 'red priorities' | 'risks'; column: string }) {
  const styles = useStyles();
  if (items.length === 0) return <Body1 className={styles.muted}>No {what} lasted more than two weeks.</Body1>;
  return (
    <Table
      label={`${what === 'risks' ? 'Risks' : 'Red priorities'} that lasted more than two weeks`}
      headers={['Person', column, 'Weeks']}
      rows={items.map((item) => [
        item.personName,
        item.text,
        `${item.weeks.length} (${item.weeks[0]} – ${item.weeks[item.weeks.length - 1]})`,
      ])}
    />
  );
}

/** The sections of a monthly report: OKRs, health metrics, wins, lasting red priorities and risks. */
export function ReportSections({ report }: { report: TeamReport }) {
  const styles = useStyles();
  const { format } = useSession();
  const weeks = report.weeks;
  return (
    <>
      <section className={styles.section} aria-labelledby="report-okrs">
        <Subtitle2 as="h3" block id="report-okrs">
          OKR progress and confidence ({report.okrs.periodId})
        </Subtitle2>
        {report.okrs.objectives.length === 0 ? (
          <Body1 className={styles.muted}>No company or team objectives in this period.</Body1>
        ) : (
          <Table
            label="Objectives"
            headers={[
              'Objective',
              'Progress (start → end)',
              `Confidence per week (${weeks[0]} – ${weeks[weeks.length - 1]})`,
              'At-risk KRs',
            ]}
            rows={report.okrs.objectives.map((objective) => [
              <span key="t">
                {objective.title}
                <br />
                <span className={styles.muted}>
                  {objective.level === 'company' ? 'Company' : 'Team'} · {objective.ownerName}
                </span>
              </span>,
              <Progress key="p" start={objective.progressStart} end={objective.progressEnd} />,
              <ConfidenceTrend key="c" weeks={objective.confidence} />,
              String(objective.atRiskKeyResults),
            ])}
          />
        )}
      </section>
      <section className={styles.section} aria-labelledby="report-metrics">
        <Subtitle2 as="h3" block id="report-metrics">
          Health metrics
        </Subtitle2>
        {report.metrics.length === 0 ? (
          <Body1 className={styles.muted}>The team tracks no health metrics.</Body1>
        ) : (
          <Table
            label="Health metrics per week"
            headers={['Metric', ...weeks]}
            rows={report.metrics.map((metric) => [
              <span key="n">
                {metric.name}
                {metric.unit && <span className={styles.muted}> ({metric.unit})</span>}
              </span>,
              ...metric.values.map((value) =>
                value.value === null ? (
                  <span key={value.isoWeek} className={styles.muted}>
                    –
                  </span>
                ) : (
                  <span key={value.isoWeek} className={styles.nowrap}>
                    {format.number(value.value)}
                    <br />
                    <Band band={value.band} />
                  </span>
                ),
              ),
            ])}
          />
        )}
      </section>
      <section className={styles.section} aria-labelledby="report-wins">
        <Subtitle2 as="h3" block id="report-wins">
          Wins ({report.wins.count})
        </Subtitle2>
        {report.wins.top.length === 0 ? (
          <Body1 className={styles.muted}>No wins were posted this month.</Body1>
        ) : (
          <Table
            label="Most celebrated wins"
            headers={['Win', 'Posted by', 'Reactions']}
            rows={report.wins.top.map((win) => [
              <span key="w">
                {win.text}
                {win.linkTitle && (
                  <>
                    <br />
                    <span className={styles.muted}>{win.linkTitle}</span>
                  </>
                )}
              </span>,
              win.authorName,
              String(win.reactions),
            ])}
          />
        )}
      </section>
      <section className={styles.section} aria-labelledby="report-red">
        <Subtitle2 as="h3" block id="report-red">
          Red priorities that lasted more than two weeks
        </Subtitle2>
        <Lasting items={report.lasting.redPriorities} what="red priorities" column="Priority" />
      </section>
      <section className={styles.section} aria-labelledby="report-risks">
        <Subtitle2 as="h3" block id="report-risks">
          Risks that lasted more than two weeks
        </Subtitle2>
        <Lasting items={report.lasting.risks} what="risks" column="Risk" />
      </section>
    </>
  );
}
