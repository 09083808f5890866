import { Body1, Button, Field, makeStyles, Select, tokens } from '@fluentui/react-components';
import type { Proposal, ProposalList, ProposalSummary } from '@northstar/server/contract';
import { useState } from 'react';
import { Loaded, Page } from '../components/PageState';
import { ProposalCard } from '../components/proposals/ProposalCard';
import { ProposeForm } from '../components/proposals/ProposeForm';
import { proposalsApi } from '../components/proposals/proposalsApi';
import { useSession } from '../context';
import { useResource } from '../data/useResource';

const useStyles = makeStyles({
  bar: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, alignItems: 'flex-end' },
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  select: { minWidth: 0 },
});

/** The adoption figures of a period, in a sentence. */
function summaryLine(summary: ProposalSummary, percent: (share: number) => string): string {
  if (summary.total === 0) return 'No proposals for this quarter yet.';
  const [company, team] = summary.levels;
  const rate = summary.adoptionRate === null ? '' : `, ${percent(summary.adoptionRate)} adopted`;
  const proposals = summary.total === 1 ? '1 proposal' : `${summary.total} proposals`;
  return `${proposals} (${company?.total ?? 0} for the company, ${team?.total ?? 0} for teams)${rate}.`;
}

/** Bottom-up objective proposals of a quarter: propose, support, discuss; owners adopt or decline. */
export default function Proposals() {
  const styles = useStyles();
  const { api, periods, format } = useSession();
  const calls = proposalsApi(api);
  const upcoming = periods.periods.filter((period) => period.id >= periods.current);
  const [periodId, setPeriodId] = useState(upcoming[1]?.id ?? periods.current);
  const [proposing, setProposing] = useState(false);
  const data = useResource(async (): Promise<{ list: ProposalList; summary: ProposalSummary }> => {
    const [list, summary] = await Promise.all([calls.list({ periodId }), calls.summary(periodId)]);
    return { list, summary };
  }, `proposals:${periodId}`);

  const replace = (changed: Proposal): void => {
    if (data.status !== 'ready') return;
    const items = data.data.list.items.map((item) => (item.id === changed.id ? changed : item));
    data.replace({ ...data.data, list: { ...data.data.list, items } });
  };

  return (
    <Page
      title="Proposals"
      actions={
        <Button appearance={proposing ? 'secondary' : 'primary'} aria-expanded={proposing} onClick={() => setProposing(!proposing)}>
          {proposing ? 'Close the form' : 'Propose an objective'}
        </Button>
      }
    >
      <Body1 as="p" style={{ margin: 0 }}>
        Suggest what the company or a team above you should aim for. Everyone can support and discuss; the company's admins and each team's
        manager adopt proposals into draft objectives or say why not.
      </Body1>
      <div className={styles.bar}>
        <Field label="Quarter">
          <Select
            className={styles.select}
            value={periodId}
            onChange={(_e, value) => setPeriodId(value.value)}
            data-testid="proposal-period"
          >
            {upcoming.map((period) => (
              <option key={period.id} value={period.id}>
                {period.id}
                {period.id === periods.current ? ' (current)' : ''}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <Loaded resource={data} what="the proposals">
        {({ list, summary }) => (
          <>
            <Body1 as="p" role="status" style={{ margin: 0 }} data-testid="proposal-summary">
              {summaryLine(summary, format.percent)}
            </Body1>
            {proposing && list.allowedActions.includes('propose') && (
              <ProposeForm
                periodId={periodId}
                teams={list.teams}
                onProposed={() => {
                  setProposing(false);
                  data.reload();
                }}
              />
            )}
            {list.items.length > 0 && (
              <ul className={styles.list} aria-label="Proposals">
                {list.items.map((proposal) => (
                  <li key={proposal.id}>
                    <ProposalCard proposal={proposal} onChanged={replace} />
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </Loaded>
    </Page>
  );
}
