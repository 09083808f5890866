import {
  Badge,
  Body1,
  Button,
  Caption1,
  Combobox,
  Field,
  Input,
  Link,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Option,
  Select,
  Text,
} from '@fluentui/react-components';
import type { Cohort, DirectoryPerson, Enrolment, EnrolPerson, PeopleSearch } from '@northstar/server/contract';
import { useEffect, useState, type FormEvent, type MouseEvent } from 'react';
import { ApiError } from '../client/api-error';
import { Page } from '../components/PageState';
import { useSession } from '../context';
import type { TabApi } from '../data/api';
import { useResource } from '../data/useResource';
import { navigate } from '../router';
import { problemText, Section, StateBadge, useCourseworkStyles } from './Onboarding';

/** How many matches the picker lists. */
const PICKER_LIMIT = 10;
/** Quiet time after typing before the directory is searched (ms). */
const SEARCH_DELAY_MS = 200;

type Search =
  | { status: 'idle' }
  | { status: 'searching' }
  | { status: 'done'; items: DirectoryPerson[]; more: boolean }
  | { status: 'error'; message: string };

/** Searches the directory as the query changes (at least two characters), keeping only the latest answer. */
function usePeopleSearch(api: TabApi, query: string): Search {
  const [search, setSearch] = useState<Search>({ status: 'idle' });
  useEffect(() => {
    const q = query.trim();
    if (q.length < 2) {
      setSearch({ status: 'idle' });
      return;
    }
    let active = true;
    setSearch({ status: 'searching' });
    const timer = setTimeout(() => {
      const params = new URLSearchParams({ q, limit: String(PICKER_LIMIT) });
      api.request<PeopleSearch>('GET', `/api/org/people?${params.toString()}`).then(
        (answer) => active && setSearch({ status: 'done', items: answer.items, more: answer.more }),
        (error: unknown) => active && setSearch({ status: 'error', message: problemText(error) }),
      );
    }, SEARCH_DELAY_MS);
    return () => {
      active = false;
      clearTimeout(timer);
    };
  }, [api, query]);
  return search;
}

function openCoursework(event: MouseEvent<HTMLAnchorElement>, personId: string): void {
  if (event.metaKey || event.ctrlKey || event.shiftKey) return;
  event.preventDefault();
  navigate({ page: 'onboarding-review', id: personId });
}

function CourseworkLink({ person }: { person: { id: string; name: string } }) {
  return (
    <Link href={`#/onboarding-review/${encodeURIComponent(person.id)}`} onClick={(event) => openCoursework(event, person.id)}>
      Open {person.name}&apos;s coursework
    </Link>
  );
}

function personNote(person: DirectoryPerson, enrolled: boolean): string {
  return [person.jobTitle, person.department, enrolled ? 'already enrolled' : null, person.enabled ? null : 'account disabled']
    .filter(Boolean)
    .join(' · ');
}

/** HR enrols a person in the onboarding course by hand: pick them from the directory, optionally set the due date and quarter. */
export default function OnboardingEnrol() {
  const styles = useCourseworkStyles();
  const { api, periods, format } = useSession();
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState<DirectoryPerson>();
  const [dueDate, setDueDate] = useState('');
  const [periodId, setPeriodId] = useState('');
  const [saving, setSaving] = useState(false);
  const [result, setResult] = useState<Enrolment>();
  const [failure, setFailure] = useState<{ error: unknown; person: DirectoryPerson }>();
  const [justEnrolled, setJustEnrolled] = useState<string[]>([]);
  const search = usePeopleSearch(api, selected ? '' : query);
  const cohort = useResource(() => api.request<Cohort>('GET', '/api/onboarding/cohort'), 'onboarding-enrol-cohort');
  const enrolled = new Set([...(cohort.status === 'ready' ? cohort.data.items.map((item) => item.person.id) : []), ...justEnrolled]);
  const options = search.status === 'done' ? search.items : [];
  const [open, setOpen] = useState(false);
  // The list opens when matches arrive (they come after the typing that would have opened it).
  useEffect(() => {
    if (search.status === 'done' && search.items.length > 0) setOpen(true);
  }, [search]);

  const choose = (person: DirectoryPerson | undefined) => {
    setSelected(person);
    setOpen(false);
    setResult(undefined);
    setFailure(undefined);
    if (person) setQuery(person.name);
  };

  const enrol = async (event: FormEvent) => {
    event.preventDefault();
    if (!selected) return;
    setSaving(true);
    setResult(undefined);
    setFailure(undefined);
    const body: EnrolPerson = { personId: selected.id, ...(dueDate ? { dueDate } : {}), ...(periodId ? { periodId } : {}) };
    try {
      const created = await api.request<Enrolment>('POST', '/api/onboarding/enrolments', body);
      setResult(created);
      setJustEnrolled((ids) => [...ids, created.person.id]);
    } catch (error) {
      setFailure({ error, person: selected });
    } finally {
      setSaving(false);
    }
  };

  const reset = () => {
    choose(undefined);
    setQuery('');
    setDueDate('');
    setPeriodId('');
  };

  return (
    <Page title="Enrol a new hire">
      <Caption1 className={styles.muted}>
        People hired recently are enrolled automatically by their hire date. Enrol anyone else here: someone whose hire date is missing in
        the directory, a rehire, or someone moving into a role with OKRs.
      </Caption1>
      <Section id="enrol-form" title="Who and when">
        <form className={styles.form} onSubmit={(event) => void enrol(event)} data-testid="enrol-form" noValidate>
          <Field
            label="Person"
            required
            hint="Type at least two letters of their name or email address."
            validationState={search.status === 'error' ? 'error' : 'none'}
            validationMessage={search.status === 'error' ? `The directory could not be searched: ${search.message}` : undefined}
          >
            <Combobox
              freeform
              inlinePopup
              style={{ minWidth: 0, width: '100%' }}
              input={{ style: { minWidth: 0 } }}
              listbox={{ style: { minWidth: 0, maxWidth: '100%', boxSizing: 'border-box' } }}
              data-testid="people-picker"
              placeholder="Search the directory"
              value={query}
              selectedOptions={selected ? [selected.id] : []}
              open={open && options.length > 0}
              onOpenChange={(_, data) => setOpen(data.open)}
              onChange={(event) => {
                setQuery(event.target.value);
                if (selected) choose(undefined);
              }}
              onOptionSelect={(_, data) => choose(options.find((person) => person.id === data.optionValue))}
            >
              {options.map((person) => (
                <Option key={person.id} value={person.id} text={person.name}>
                  <span style={{ display: 'flex', flexDirection: 'column', minWidth: 0 }}>
                    <Text weight="semibold">{person.name}</Text>
                    <Caption1 className={styles.word}>{personNote(person, enrolled.has(person.id)) || person.upn}</Caption1>
                  </span>
                </Option>
              ))}
            </Combobox>
          </Field>
          <div role="status" aria-live="polite" data-testid="picker-status">
            {!selected && search.status === 'searching' && <Caption1 className={styles.muted}>Searching…</Caption1>}
            {!selected && search.status === 'done' && (
              <Caption1 className={styles.muted}>
                {search.items.length === 0
                  ? `Nobody in the directory matches “${query.trim()}”.`
                  : `${search.items.length}${search.more ? '+' : ''} ${search.items.length === 1 ? 'person matches' : 'people match'}; pick one from the list.`}
              </Caption1>
            )}
          </div>
          {selected && (
            <div className={styles.kr} data-testid="enrol-selected" data-person-id={selected.id}>
              <div className={styles.row}>
                <Text weight="semibold">{selected.name}</Text>
                {enrolled.has(selected.id) && (
                  <Badge appearance="tint" color="informative">
                    Already enrolled
                  </Badge>
                )}
                {!selected.enabled && (
                  <Badge appearance="tint" color="warning">
                    Account disabled
                  </Badge>
                )}
              </div>
              <Caption1 className={styles.word}>
                {[selected.jobTitle, selected.department, selected.upn].filter(Boolean).join(' · ')}
              </Caption1>
            </div>
          )}
          <div className={styles.form} style={{ maxWidth: '480px' }}>
            <Field label="Due date" hint="Leave empty for the usual number of days after their hire date.">
              <Input
                type="date"
                style={{ minWidth: 0 }}
                input={{ style: { minWidth: 0 } }}
                value={dueDate}
                onChange={(_, data) => setDueDate(data.value)}
              />
            </Field>
            <Field label="Quarter of their first OKRs" hint="Automatic: the quarter they start in.">
              <Select value={periodId} onChange={(_, data) => setPeriodId(data.value)}>
                <option value="">Automatic</option>
                {periods.periods.map((period) => (
                  <option key={period.id} value={period.id}>
                    {period.id}
                    {period.id === periods.current ? ' (this quarter)' : ''}
                  </option>
                ))}
              </Select>
            </Field>
          </div>
          <div className={styles.row}>
            <Button appearance="primary" type="submit" disabled={!selected || saving}>
              {saving ? 'Enrolling…' : 'Enrol'}
            </Button>
            {(selected || result) && (
              <Button type="button" onClick={reset}>
                Enrol someone else
              </Button>
            )}
          </div>
        </form>
      </Section>
      <div role="alert">{failure && <EnrolFailure error={failure.error} person={failure.person} />}</div>
      <div role="status" aria-live="polite">
        {result && (
          <MessageBar intent="success" data-testid="enrol-result" data-person-id={result.person.id}>
            <MessageBarBody>
              <MessageBarTitle>{result.person.name} is enrolled.</MessageBarTitle>
              <span className={styles.row} style={{ display: 'inline-flex' }}>
                <StateBadge state={result.state} overdue={result.overdue} />
                <Body1>
                  Due {format.date(result.dueDate)} · OKRs for {result.periodId}.
                </Body1>
                <CourseworkLink person={result.person} />
              </span>
            </MessageBarBody>
          </MessageBar>
        )}
      </div>
    </Page>
  );
}

function EnrolFailure({ error, person }: { error: unknown; person: DirectoryPerson }) {
  const problem = error instanceof ApiError ? error.problem : undefined;
  const duplicate = problem?.code === 'duplicate';
  const title = duplicate
    ? `${person.name} is already enrolled.`
    : error instanceof ApiError && error.status === 409
      ? `${person.name} cannot be enrolled.`
      : `${person.name} was not enrolled.`;
  return (
    <MessageBar intent={duplicate ? 'warning' : 'error'} data-testid="enrol-error" data-code={problem?.code ?? ''}>
      <MessageBarBody>
        <MessageBarTitle>{title}</MessageBarTitle> {problemText(error)} {duplicate && <CourseworkLink person={person} />}
      </MessageBarBody>
    </MessageBar>
  );
}
