import { Body1, makeStyles, Title2, tokens } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { TabHost } from '../host/teamsHost';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, padding: tokens.spacingHorizontalXL },
});

/** Configuration page of the team tab: nothing to choose yet, so it is valid at once. */
export function ConfigPage({ host }: { host: TabHost }) {
  const styles = useStyles();
  const [saveable, setSaveable] = useState<boolean>();

  useEffect(() => {
    const tabUrl = new URL('/tab/', window.location.origin).toString();
    setSaveable(
      host.enableConfigSave({
        entityId: 'northstar-team-okrs',
        contentUrl: tabUrl,
        websiteUrl: tabUrl,
        suggestedDisplayName: 'Team OKRs',
      }),
    );
    host.notifySuccess();
  }, [host]);

  return (
    <main className={styles.page}>
      <Title2 as="h1">Add Northstar to this team</Title2>
      <Body1>
        {saveable === false
          ? 'This host cannot save tab settings.'
          : "The tab shows your team's OKRs, weekly mails and 1:1 agendas. Select Save to add it."}
      </Body1>
    </main>
  );
}
