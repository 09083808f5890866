import { Badge, Body1, Button, Caption1, Field, Link, ProgressBar, Radio, RadioGroup, Text } from '@fluentui/react-components';
import type { CohortStatus, EnrolmentStatus, OnboardingTeam as TeamView, TeamNewHire } from '@northstar/server/contract';
import { useState, type MouseEvent } from 'react';
import { Empty, Loaded, Page } from '../components/PageState';
import { useSession } from '../context';
import { useResource } from '../data/useResource';
import type { Formatters } from '../format';
import { navigate, type Route } from '../router';
import { Section, StateBadge, stateLabel, useCourseworkStyles } from './Onboarding';

type Scope = TeamView['scope'];

const STATUSES: CohortStatus[] = ['not_started', 'in_progress', 'submitted', 'changes_requested', 'passed', 'overdue'];

/** The manager's view of onboarding: their new hires' coursework status, or one new hire's status. */
export default function OnboardingTeam({ personId }: { personId?: string }) {
  return personId ? <NewHireStatus personId={personId} /> : <NewHires />;
}

/** A same-tab link to a route that keeps the browser's own behaviour for modified clicks. */
function RouteLink({ route, label, children }: { route: Route; label?: string; children: string }) {
  const href = `#/${route.page}${route.id ? `/${encodeURIComponent(route.id)}` : ''}`;
  const follow = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    navigate(route);
  };
  return (
    <Link href={href} onClick={follow} aria-label={label}>
      {children}
    </Link>
  );
}

function NewHires() {
  const styles = useCourseworkStyles();
  const { api } = useSession();
  const [scope, setScope] = useState<Scope>('direct');
  const team = useResource(() => api.request<TeamView>('GET', `/api/onboarding/team?scope=${scope}`), `onboarding-team:${scope}`);
  return (
    <Page title="New hires">
      <Caption1 className={styles.muted}>
        Where your new hires are in the onboarding OKR course. HR reviews their coursework; you see the status, not their drafts or
        HR&apos;s comments.
      </Caption1>
      <RadioGroup
        layout="horizontal"
        aria-label="Whose new hires"
        value={scope}
        onChange={(_, data) => setScope(data.value as Scope)}
        data-testid="team-scope"
      >
        <Radio value="direct" label="My direct reports" />
        <Radio value="subtree" label="My whole org" />
      </RadioGroup>
      <Loaded resource={team} what="your new hires">
        {(data) =>
          data.items.length === 0 ? (
            <Empty>
              {scope === 'direct'
                ? 'None of your direct reports is taking the onboarding course. Choose “My whole org” to see new hires further down.'
                : 'Nobody in your org is taking the onboarding course.'}
            </Empty>
          ) : (
            <NewHireList data={data} />
          )
        }
      </Loaded>
    </Page>
  );
}

function NewHireList({ data }: { data: TeamView }) {
  const styles = useCourseworkStyles();
  const { format } = useSession();
  return (
    <Section id="new-hires-list" title={data.scope === 'direct' ? 'Reporting to you' : 'In your org'}>
      <ul
        className={styles.row}
        aria-label="New hires per status"
        data-testid="team-counts"
        style={{ listStyle: 'none', margin: 0, padding: 0 }}
      >
        {STATUSES.filter((status) => data.counts[status] > 0).map((status) => (
          <li key={status}>
            <Badge appearance="outline" data-status={status} color={status === 'overdue' ? 'danger' : 'brand'}>
              {status === 'overdue' ? 'Overdue' : stateLabel(status)}: {data.counts[status]}
            </Badge>
          </li>
        ))}
      </ul>
      <ul className={styles.list} data-testid="new-hires">
        {data.items.map((item) => (
          <NewHireRow key={item.person.id} item={item} format={format} />
        ))}
      </ul>
    </Section>
  );
}

/** The dates that matter for where a new hire stands, in order. */
function milestones(item: EnrolmentStatus & Partial<Pick<TeamNewHire, 'changesRequestedAt'>>, format: Formatters): string[] {
  return [
    item.submittedAt ? `submitted ${format.date(item.submittedAt)}` : null,
    item.changesRequestedAt ? `changes requested ${format.date(item.changesRequestedAt)}` : null,
    item.passedAt ? `passed ${format.date(item.passedAt)}` : null,
  ].filter((text): text is string => text !== null);
}

function Lessons({ item, id }: { item: EnrolmentStatus; id: string }) {
  return (
    <Field label={`Lessons: ${item.lessonsPassed} of ${item.lessonsTotal}`} id={id} style={{ maxWidth: '320px' }}>
      <ProgressBar value={item.lessonsPassed} max={item.lessonsTotal} thickness="large" />
    </Field>
  );
}

function NewHireRow({ item, format }: { item: TeamNewHire; format: Formatters }) {
  const styles = useCourseworkStyles();
  const dates = milestones(item, format);
  return (
    <li
      className={styles.kr}
      data-testid="new-hire"
      data-person-id={item.person.id}
      data-state={item.state}
      data-overdue={String(item.overdue)}
    >
      <div className={styles.row}>
        <RouteLink route={{ page: 'new-hires', id: item.person.id }} label={`Onboarding status of ${item.person.name}`}>
          {item.person.name}
        </RouteLink>
        <StateBadge state={item.state} overdue={item.overdue} />
      </div>
      <Caption1 className={styles.muted}>
        {[
          item.person.jobTitle,
          item.direct ? 'reports to you' : item.manager?.name ? `reports to ${item.manager.name}` : null,
          item.person.hireDate ? `hired ${format.date(item.person.hireDate)}` : null,
        ]
          .filter(Boolean)
          .join(' · ')}
      </Caption1>
      <Body1>
        <Text weight={item.overdue ? 'semibold' : 'regular'}>
          {item.state === 'passed' ? 'Done' : item.overdue ? `Was due ${format.date(item.dueDate)}` : `Due ${format.date(item.dueDate)}`}
        </Text>
        {' · '}
        {item.objectives} {item.objectives === 1 ? 'objective' : 'objectives'} written
        {dates.length > 0 ? ` · ${dates.join(' · ')}` : ''}
      </Body1>
      <Lessons item={item} id={`lessons-${item.person.id}`} />
      {item.direct && (
        <div className={styles.row}>
          <RouteLink route={{ page: 'one-on-ones', id: item.person.id }} label={`1:1 agenda with ${item.person.name}`}>
            1:1 agenda
          </RouteLink>
        </div>
      )}
    </li>
  );
}

function NewHireStatus({ personId }: { personId: string }) {
  const styles = useCourseworkStyles();
  const { api, format } = useSession();
  const status = useResource(
    () => api.request<EnrolmentStatus>('GET', `/api/onboarding/enrolments/${encodeURIComponent(personId)}/status`),
    `onboarding-status:${personId}`,
  );
  const title = status.status === 'ready' ? `Onboarding: ${status.data.person.name}` : 'Onboarding status';
  return (
    <Page
      title={title}
      actions={
        <Button appearance="subtle" onClick={() => navigate({ page: 'new-hires' })}>
          Back to new hires
        </Button>
      }
    >
      <Loaded resource={status} what="the onboarding status">
        {(item) => (
          <Section id="new-hire-status" title="Status">
            <div className={styles.section} data-testid="new-hire-status" data-state={item.state}>
              <div className={styles.row}>
                <StateBadge state={item.state} overdue={item.overdue} />
                <Body1>
                  {item.state === 'passed' ? 'Done' : `${item.overdue ? 'Was due' : 'Due'} ${format.date(item.dueDate)}`} · OKRs for{' '}
                  {item.periodId}
                </Body1>
              </div>
              <Lessons item={item} id="lessons-status" />
              <dl className={styles.grid} style={{ margin: 0 }}>
                {[
                  ['Job', item.person.jobTitle || '—'],
                  ['Department', item.person.department || '—'],
                  ['Hired', item.person.hireDate ? format.date(item.person.hireDate) : '—'],
                  ['Enrolled', format.date(item.enrolledAt)],
                  ['Objectives written', String(item.objectives)],
                  ['Submissions', String(item.round)],
                  ['Submitted', item.submittedAt ? format.dateTime(item.submittedAt) : '—'],
                  ['Passed', item.passedAt ? format.dateTime(item.passedAt) : '—'],
                ].map(([term, value]) => (
                  <div key={term}>
                    <dt>
                      <Caption1 className={styles.muted}>{term}</Caption1>
                    </dt>
                    <dd style={{ margin: 0 }}>
                      <Body1 className={styles.word}>{value}</Body1>
                    </dd>
                  </div>
                ))}
              </dl>
              <Caption1 className={styles.muted}>
                HR reviews the coursework and talks it through with {item.person.name || 'the new hire'}; their drafts and HR&apos;s
                comments stay between them.
              </Caption1>
            </div>
          </Section>
        )}
      </Loaded>
    </Page>
  );
}
