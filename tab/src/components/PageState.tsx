import {
  Body1,
  Button,
  makeStyles,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Title2,
  tokens,
} from '@fluentui/react-components';
import type { ReactNode } from 'react';
import type { Resource } from '../data/useResource';

const useStyles = makeStyles({
  page: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalL,
    padding: `${tokens.spacingVerticalL} ${tokens.spacingHorizontalL}`,
    maxWidth: '1100px',
    minWidth: 0,
  },
  empty: { padding: tokens.spacingVerticalM, color: tokens.colorNeutralForeground2 },
});

/** A page: one `h1` and its content, sized to never scroll sideways. */
export function Page({ title, actions, children }: { title: string; actions?: ReactNode; children: ReactNode }) {
  const styles = useStyles();
  return (
    <div className={styles.page}>
      <div
        style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalM, justifyContent: 'space-between' }}
      >
        <Title2 as="h1">{title}</Title2>
        {actions}
      </div>
      {children}
    </div>
  );
}

/** A friendly line for a page or section with nothing to show. */
export function Empty({ children }: { children: ReactNode }) {
  const styles = useStyles();
  return (
    <Body1 as="p" className={styles.empty} data-testid="empty-state">
      {children}
    </Body1>
  );
}

/** An error with a retry button. */
export function LoadError({ error, onRetry, what }: { error: Error; onRetry?: () => void; what: string }) {
  return (
    <MessageBar intent="error" data-testid="error-state">
      <MessageBarBody>
        <MessageBarTitle>Could not load {what}.</MessageBarTitle> {error.message}
      </MessageBarBody>
      {onRetry && (
        <MessageBarActions>
          <Button onClick={onRetry}>Try again</Button>
        </MessageBarActions>
      )}
    </MessageBar>
  );
}

/** Loading, error, empty or content of a resource. */
export function Loaded<T>({
  resource,
  what,
  isEmpty,
  empty,
  children,
}: {
  resource: Resource<T> & { reload(): void };
  what: string;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  children: (data: T) => ReactNode;
}) {
  if (resource.status === 'loading')
    return (
      <Spinner
        size="small"
        label={`Loading ${what}…`}
        labelPosition="after"
        data-testid="loading-state"
        style={{ justifyContent: 'flex-start' }}
      />
    );
  if (resource.status === 'error') return <LoadError error={resource.error} onRetry={resource.reload} what={what} />;
  if (isEmpty?.(resource.data)) return <Empty>{empty}</Empty>;
  return <>{children(resource.data)}</>;
}
