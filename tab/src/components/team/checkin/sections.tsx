import { Badge, Body1, Button, Caption1, Card, Checkbox, makeStyles, Subtitle2, Text, tokens } from '@fluentui/react-components';
import type {
  AtRiskKeyResult,
  CheckInGroup,
  CheckInObjective,
  CompanySection,
  DiscussedMark,
  MetricsSection,
  RedItem,
} from '@northstar/server/contract';
import { useState, type ReactNode } from 'react';
import type { Formatters } from '../../../format';
import { ConfidenceBadge, Progress } from '../../Okr';
import { confidenceTrend } from './agenda';

/** Styles shared by the check-in agenda's sections. */
export const useCheckInStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, minWidth: 0 },
  sectionHead: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalM,
    minWidth: 0,
  },
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, minWidth: 0 },
  item: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    padding: tokens.spacingVerticalS,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    minWidth: 0,
  },
  done: { borderLeft: `${tokens.strokeWidthThickest} solid ${tokens.colorPaletteGreenBorder2}` },
  row: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalS, minWidth: 0 },
  word: { overflowWrap: 'anywhere', minWidth: 0 },
  text: { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', minWidth: 0 },
  muted: { color: tokens.colorNeutralForeground2, overflowWrap: 'anywhere' },
  hidden: {
    position: 'absolute',
    width: '1px',
    height: '1px',
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
  },
  up: { color: tokens.colorPaletteGreenForeground1 },
  down: { color: tokens.colorPaletteRedForeground1 },
});

/** Marks an agenda item: a checkbox for the facilitator, the mark in words for everyone else. */
export interface MarkProps {
  itemKey: string;
  /** What the item is, for screen readers ("Discussed: Company OKRs"). */
  label: string;
  mark: DiscussedMark;
  facilitator: boolean;
  /** The mark being saved (shown at once, so the checkbox answers the click). */
  pending?: { itemKey: string; discussed: boolean };
  format: Formatters;
  onMark(itemKey: string, discussed: boolean): void;
}

/** The discussed mark of one item. */
export function DiscussedControl({ itemKey, label, mark, facilitator, pending, format, onMark }: MarkProps) {
  const styles = useCheckInStyles();
  const who = mark ? `${mark.by.name}, ${format.dateTime(mark.at)}` : undefined;
  return (
    <div className={styles.row} data-testid="discussed" data-item-key={itemKey} data-discussed={mark ? 'true' : 'false'}>
      {facilitator ? (
        <Checkbox
          checked={pending?.itemKey === itemKey ? pending.discussed : Boolean(mark)}
          disabled={pending !== undefined}
          onChange={(_, data) => onMark(itemKey, data.checked === true)}
          label={
            <>
              Discussed<span className={styles.hidden}>: {label}</span>
            </>
          }
        />
      ) : (
        <Badge appearance={mark ? 'filled' : 'outline'} color={mark ? 'success' : 'informative'}>
          {mark ? 'Discussed' : 'Not discussed yet'}
        </Badge>
      )}
      {who && <Caption1 className={styles.muted}>Marked by {who}</Caption1>}
    </div>
  );
}

/** Confidence now, with an arrow and words for its change since last week. */
export function ConfidenceChange({ confidence, change, format }: { confidence: number | null; change: number | null; format: Formatters }) {
  const styles = useCheckInStyles();
  const trend = confidenceTrend(change, (value) => format.number(value, 1));
  return (
    <span className={styles.row} data-testid="confidence-change" data-direction={trend.direction}>
      <ConfidenceBadge confidence={confidence === null ? null : Math.round(confidence * 10) / 10} format={format} />
      <Caption1 className={trend.direction === 'up' ? styles.up : trend.direction === 'down' ? styles.down : styles.muted}>
        {trend.arrow && <span aria-hidden="true">{trend.arrow} </span>}
        {trend.words}
      </Caption1>
    </span>
  );
}

/** A section of the agenda: numbered heading, optional aside, content. */
export function AgendaSection({ id, title, aside, children }: { id: string; title: string; aside?: ReactNode; children: ReactNode }) {
  const styles = useCheckInStyles();
  return (
    <section className={styles.section} aria-labelledby={`${id}-title`} data-testid={`agenda-${id}`}>
      <div className={styles.sectionHead}>
        <Subtitle2 as="h2" id={`${id}-title`}>
          {title}
        </Subtitle2>
        {aside}
      </div>
      {children}
    </section>
  );
}

const REASON_WORDS = { low_confidence: 'Low confidence', falling: 'Confidence falling' } as const;

function ObjectiveLine({ objective, format }: { objective: CheckInObjective; format: Formatters }) {
  const styles = useCheckInStyles();
  return (
    <li className={styles.item} data-testid="agenda-objective">
      <Text weight="semibold" className={styles.word}>
        {objective.title}
      </Text>
      <Caption1 className={styles.muted}>
        {objective.owner.name} · {objective.keyResults === 1 ? '1 key result' : `${objective.keyResults} key results`}
      </Caption1>
      <Progress value={objective.progress} label={`Progress of ${objective.title}`} format={format} />
      <ConfidenceChange confidence={objective.confidence} change={objective.confidenceChange} format={format} />
    </li>
  );
}

function AtRiskLine({ kr, format }: { kr: AtRiskKeyResult; format: Formatters }) {
  const styles = useCheckInStyles();
  return (
    <li className={styles.item} data-testid="at-risk-kr">
      <Text weight="semibold" className={styles.word}>
        {kr.title}
      </Text>
      <Caption1 className={styles.muted}>
        {kr.objectiveTitle} · {kr.owner.name} · {format.percent(kr.progress)}
      </Caption1>
      <div className={styles.row}>
        {kr.reasons.map((reason) => (
          <Badge key={reason} appearance="tint" color="danger">
            {REASON_WORDS[reason]}
          </Badge>
        ))}
        <ConfidenceChange confidence={kr.confidence} change={kr.confidenceChange} format={format} />
      </div>
    </li>
  );
}

type Marking = Omit<MarkProps, 'itemKey' | 'label' | 'mark'>;

/** 1. The company OKRs: progress and confidence change per objective, then at-risk key results. */
export function CompanyPart({ company, marking }: { company: CompanySection; marking: Marking }) {
  const styles = useCheckInStyles();
  return (
    <AgendaSection
      id="company"
      title="1. Company OKRs"
      aside={<DiscussedControl {...marking} itemKey={company.key} label="Company OKRs" mark={company.discussed} />}
    >
      {company.objectives.length === 0 ? (
        <Body1 className={styles.muted}>No company objectives in this period.</Body1>
      ) : (
        <ul className={styles.list}>
          {company.objectives.map((objective) => (
            <ObjectiveLine key={objective.id} objective={objective} format={marking.format} />
          ))}
        </ul>
      )}
      <Text weight="semibold">
        {company.atRiskKeyResults.length === 0
          ? 'No company key result is at risk.'
          : `At-risk key results (${company.atRiskKeyResults.length})`}
      </Text>
      {company.atRiskKeyResults.length > 0 && (
        <ul className={styles.list}>
          {company.atRiskKeyResults.map((kr) => (
            <AtRiskLine key={kr.keyResultId} kr={kr} format={marking.format} />
          ))}
        </ul>
      )}
    </AgendaSection>
  );
}

/** Groups shown before "show more" (a manager can have many sub-teams). */
const GROUPS_SHOWN = 20;

/** 2. Each group of the team: its sub-team (or the individual contributors) in figures. */
export function GroupsPart({ groups, marking }: { groups: CheckInGroup[]; marking: Marking }) {
  const styles = useCheckInStyles();
  const [shown, setShown] = useState(GROUPS_SHOWN);
  const { format } = marking;
  return (
    <AgendaSection id="groups" title="2. Groups">
      {groups.length === 0 && <Body1 className={styles.muted}>The team has no groups yet.</Body1>}
      <ul className={styles.list}>
        {groups.slice(0, shown).map((group) => (
          <li key={group.key} data-testid="agenda-group" data-item-key={group.key}>
            <Card className={group.discussed ? styles.done : undefined}>
              <div className={styles.sectionHead}>
                <Text as="h3" weight="semibold" className={styles.word}>
                  {group.name}
                </Text>
                <DiscussedControl {...marking} itemKey={group.key} label={group.name} mark={group.discussed} />
              </div>
              <Caption1 className={styles.muted}>
                {group.people === 1 ? '1 person' : `${group.people} people`} ·{' '}
                {group.objectives === 1 ? '1 objective' : `${group.objectives} objectives`} · weekly mails {group.weeklyMails.sent} of{' '}
                {group.weeklyMails.expected}
                {group.atRiskKeyResults > 0 ? ` · ${group.atRiskKeyResults} at-risk key results` : ''}
              </Caption1>
              {group.progress !== null && <Progress value={group.progress} label={`Progress of ${group.name}`} format={format} />}
              <ConfidenceChange confidence={group.confidence} change={group.confidenceChange} format={format} />
              {group.teamObjectives.length > 0 && (
                <ul className={styles.list}>
                  {group.teamObjectives.map((objective) => (
                    <ObjectiveLine key={objective.id} objective={objective} format={format} />
                  ))}
                </ul>
              )}
            </Card>
          </li>
        ))}
      </ul>
      {groups.length > shown && (
        <div>
          <Button onClick={() => setShown((value) => value + GROUPS_SHOWN)}>Show more groups ({groups.length - shown} more)</Button>
        </div>
      )}
    </AgendaSection>
  );
}

const BAND_BADGE = { green: 'success', yellow: 'warning', red: 'danger' } as const;

/** 3. Health metrics out of their green band (and those without a value this week). */
export function MetricsPart({ metrics, marking }: { metrics: MetricsSection; marking: Marking }) {
  const styles = useCheckInStyles();
  const { format } = marking;
  const number = (value: number | null, unit: string): string => (value === null ? 'no value' : `${format.number(value)} ${unit}`.trim());
  return (
    <AgendaSection
      id="metrics"
      title="3. Health metrics out of band"
      aside={<DiscussedControl {...marking} itemKey={metrics.key} label="Health metrics" mark={metrics.discussed} />}
    >
      {!metrics.available && <Body1 className={styles.muted}>The health metrics could not be read just now.</Body1>}
      {metrics.available && metrics.items.length === 0 && (
        <Body1 className={styles.muted}>
          {metrics.inBand > 0 ? `All ${metrics.inBand} health metrics are in their green band.` : 'The team tracks no health metrics yet.'}
        </Body1>
      )}
      {metrics.items.length > 0 && (
        <>
          {metrics.inBand > 0 && <Caption1 className={styles.muted}>{metrics.inBand} more in their green band.</Caption1>}
          <ul className={styles.list}>
            {metrics.items.map((metric) => (
              <li key={metric.key} className={styles.item} data-testid="agenda-metric" data-item-key={metric.key}>
                <div className={styles.row}>
                  <Text weight="semibold" className={styles.word}>
                    {metric.name}
                  </Text>
                  <Badge appearance="tint" color={metric.band ? BAND_BADGE[metric.band] : 'informative'}>
                    {metric.band ? `${metric.band[0]!.toUpperCase()}${metric.band.slice(1)}` : 'No value this week'}
                  </Badge>
                </div>
                <Caption1 className={styles.muted}>
                  This week {number(metric.value, metric.unit)} · last week {number(metric.previousValue, metric.unit)} · green{' '}
                  {metric.direction === 'higher_is_better' ? '≥' : '≤'} {format.number(metric.thresholds.green)}
                </Caption1>
                <DiscussedControl {...marking} itemKey={metric.key} label={metric.name} mark={metric.discussed} />
              </li>
            ))}
          </ul>
        </>
      )}
    </AgendaSection>
  );
}

/** 4. Red priorities and risks from the week's weekly mails, a page at a time. */
export function RedItemsPart({
  total,
  redPriorities,
  risks,
  items,
  more,
  loadingMore,
  onMore,
  marking,
}: {
  total: number;
  redPriorities: number;
  risks: number;
  items: RedItem[];
  more: boolean;
  loadingMore: boolean;
  onMore(): void;
  marking: Marking;
}) {
  const styles = useCheckInStyles();
  return (
    <AgendaSection id="red" title="4. Red priorities and risks">
      <Caption1 className={styles.muted}>
        {total === 0
          ? 'No red priorities or risks in this week’s weekly mails.'
          : `${redPriorities} red ${redPriorities === 1 ? 'priority' : 'priorities'} · ${risks} with risks · showing ${items.length} of ${total}`}
      </Caption1>
      <ul className={styles.list}>
        {items.map((item) => (
          <li key={item.key} className={styles.item} data-testid="red-item" data-item-key={item.key}>
            <div className={styles.row}>
              <Badge appearance="tint" color={item.kind === 'red_priority' ? 'danger' : 'warning'}>
                {item.kind === 'red_priority' ? 'Red priority' : 'Risk'}
              </Badge>
              <Text weight="semibold" className={styles.word}>
                {item.person.name}
              </Text>
            </div>
            <Body1 className={styles.text} data-testid="red-item-text">
              {item.text}
            </Body1>
            {item.keyResult && <Caption1 className={styles.muted}>Key result: {item.keyResult.title}</Caption1>}
            <DiscussedControl
              {...marking}
              itemKey={item.key}
              label={`${item.kind === 'red_priority' ? 'red priority' : 'risks'} of ${item.person.name}`}
              mark={item.discussed}
            />
          </li>
        ))}
      </ul>
      {more && (
        <div>
          <Button onClick={onMore} disabled={loadingMore} data-testid="red-more">
            {loadingMore ? 'Loading…' : `Show more (${total - items.length} more)`}
          </Button>
        </div>
      )}
    </AgendaSection>
  );
}
