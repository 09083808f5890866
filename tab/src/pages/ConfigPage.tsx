import { Body1, makeStyles, Title2, tokens } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { TabHost } from '../host/teamsHost';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, padding: tokens.spacingHorizontalXL },
});

/** The content address of the channel tab (the team dashboard). */
export function channelTabUrl(origin = window.location.origin): string {
  return new URL('/tab/channel', origin).toString();
}

/** Configuration page of the team tab: nothing to choose and no URL to type, so it is valid at once. */
export default function ConfigPage({ host }: { host: TabHost }) {
  const styles = useStyles();
  const [saveable, setSaveable] = useState<boolean>();

  useEffect(() => {
    const url = channelTabUrl();
    setSaveable(
      host.enableConfigSave({
        entityId: 'northstar-team-okrs',
        contentUrl: url,
        websiteUrl: url,
        suggestedDisplayName: 'Team OKRs',
      }),
    );
    host.notifySuccess();
  }, [host]);

  return (
    <main className={styles.page}>
      <Title2 as="h1">Add Northstar to this team</Title2>
      <Body1 as="p">
        {saveable === false
          ? 'This host cannot save tab settings.'
          : "The tab shows the team's OKRs: progress, confidence by week, stale key results and alignment. Select Save to add it."}
      </Body1>
    </main>
  );
}
