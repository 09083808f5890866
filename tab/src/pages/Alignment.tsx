import { Badge, Button, Caption1, Field, Link, makeStyles, Select, Subtitle1, Text, tokens } from '@fluentui/react-components';
import type { AlignmentGraph } from '@northstar/server/contract';
import { useState } from 'react';
import { Empty, Loaded, LoadError, Page } from '../components/PageState';
import { useSession } from '../context';
import { useResource } from '../data/useResource';
import { navigate } from '../router';

type Node = AlignmentGraph['nodes'][number];

const useStyles = makeStyles({
  tree: { margin: 0, paddingLeft: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  root: { margin: 0, paddingLeft: 0, listStyle: 'none', display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  item: { borderLeft: `${tokens.strokeWidthThick} solid ${tokens.colorNeutralStroke2}`, paddingLeft: tokens.spacingHorizontalS },
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  word: { overflowWrap: 'anywhere', textAlign: 'left' },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  select: { maxWidth: '220px' },
  filters: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM },
});

/** Alignment: the constellation of a period's objectives as a tree under the company objectives, with gaps marked. */
export default function Alignment() {
  const styles = useStyles();
  const { api, periods, me, isManager } = useSession();
  const [periodId, setPeriodId] = useState(periods.current);
  const [scope, setScope] = useState<'company' | 'team'>('company');
  const query = scope === 'team' ? { periodId, teamOf: me.id, scope: 'subtree' as const } : { periodId };
  const graph = useResource(() => api.alignment(query), `alignment:${periodId}:${scope}`);
  return (
    <Page
      title="Alignment"
      actions={
        <div className={styles.filters}>
          {isManager && (
            <Field label="Show" orientation="horizontal">
              <Select className={styles.select} value={scope} onChange={(_, data) => setScope(data.value === 'team' ? 'team' : 'company')}>
                <option value="company">Company and teams</option>
                <option value="team">My team, everyone</option>
              </Select>
            </Field>
          )}
          <Field label="Period" orientation="horizontal">
            <Select className={styles.select} value={periodId} onChange={(_, data) => setPeriodId(data.value)}>
              {periods.periods.map((period) => (
                <option key={period.id} value={period.id}>
                  {period.id}
                </option>
              ))}
            </Select>
          </Field>
        </div>
      }
    >
      <Loaded resource={graph} what="the alignment" isEmpty={(data) => data.nodes.length === 0} empty="No objectives in this period yet.">
        {(data) => (
          <Pages
            key={`${periodId}:${scope}:${data.nodes[0]?.id ?? ''}`}
            first={data}
            more={(cursor) => api.alignment({ ...query, cursor })}
          />
        )}
      </Loaded>
    </Page>
  );
}

/** Merges pages of one graph: a node shown in its own page replaces the same node shown as `external` by another. */
export function mergeAlignmentPages(pages: readonly AlignmentGraph[]): AlignmentGraph {
  const nodes = new Map<string, Node>();
  for (const node of pages.flatMap((page) => page.nodes)) {
    const known = nodes.get(node.id);
    if (!known || (known.external && !node.external)) nodes.set(node.id, node);
  }
  const edges = new Map(pages.flatMap((page) => page.edges).map((edge) => [`${edge.from}>${edge.to}`, edge]));
  const last = pages[pages.length - 1]!;
  return {
    period: last.period,
    nodes: [...nodes.values()],
    edges: [...edges.values()],
    gaps: {
      companyWithoutSupport: [...new Set(pages.flatMap((page) => page.gaps.companyWithoutSupport))],
      alignedToNothing: [...new Set(pages.flatMap((page) => page.gaps.alignedToNothing))],
    },
    nextCursor: last.nextCursor,
  };
}

/** The pages loaded so far, merged, with a button for the next one. */
function Pages({ first, more }: { first: AlignmentGraph; more: (cursor: string) => Promise<AlignmentGraph> }) {
  const [pages, setPages] = useState<AlignmentGraph[]>([first]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const graph = mergeAlignmentPages(pages);
  const loadMore = async () => {
    if (!graph.nextCursor) return;
    setLoading(true);
    setError(null);
    try {
      const next = await more(graph.nextCursor);
      setPages((loaded) => [...loaded, next]);
    } catch (failure) {
      setError(failure instanceof Error ? failure : new Error(String(failure)));
    } finally {
      setLoading(false);
    }
  };
  return (
    <>
      <Constellation graph={graph} />
      {error && <LoadError error={error} what="more of the alignment" onRetry={() => void loadMore()} />}
      {graph.nextCursor && (
        <Button appearance="secondary" onClick={() => void loadMore()} disabled={loading} data-testid="alignment-more">
          {loading ? 'Loading more objectives…' : 'Show more objectives'}
        </Button>
      )}
    </>
  );
}

function Constellation({ graph }: { graph: AlignmentGraph }) {
  const styles = useStyles();
  const byId = new Map(graph.nodes.map((node) => [node.id, node]));
  const children = new Map<string, Node[]>();
  for (const edge of graph.edges) {
    const child = byId.get(edge.from);
    if (!child || !byId.has(edge.to)) continue;
    children.set(edge.to, [...(children.get(edge.to) ?? []), child]);
  }
  const alignsToSomething = new Set(graph.edges.filter((edge) => byId.has(edge.to)).map((edge) => edge.from));
  const roots = graph.nodes.filter(
    (node) => !alignsToSomething.has(node.id) && (node.level === 'company' || node.external || (children.get(node.id)?.length ?? 0) > 0),
  );
  const unsupported = new Set(graph.gaps.companyWithoutSupport);
  const loose = new Set(graph.gaps.alignedToNothing);
  const orphans = graph.nodes.filter((node) => loose.has(node.id) && (children.get(node.id)?.length ?? 0) === 0);

  const renderNode = (node: Node, path: Set<string>) => {
    const kids = path.has(node.id) ? [] : (children.get(node.id) ?? []);
    const nextPath = new Set(path).add(node.id);
    return (
      <li key={`${[...path].join('>')}>${node.id}`} className={styles.item} data-node-id={node.id}>
        <NodeLine node={node} unsupported={unsupported.has(node.id)} unaligned={loose.has(node.id)} />
        {kids.length > 0 && (
          <ul className={styles.tree} aria-label={`Aligned to ${node.title}`}>
            {kids.map((kid) => renderNode(kid, nextPath))}
          </ul>
        )}
      </li>
    );
  };

  return (
    <>
      <Caption1>
        {graph.nodes.length} objectives · {graph.gaps.companyWithoutSupport.length} company objectives nothing aligns to ·{' '}
        {graph.gaps.alignedToNothing.length} objectives aligned to nothing
        {graph.nextCursor ? ' · more objectives to load below' : ''}
      </Caption1>
      <section className={styles.section} aria-labelledby="constellation-heading">
        <Subtitle1 as="h2" id="constellation-heading">
          What aligns to what
        </Subtitle1>
        {roots.length === 0 ? (
          <Empty>Nothing is aligned yet.</Empty>
        ) : (
          <ul className={styles.root} data-testid="alignment-tree">
            {roots.map((root) => renderNode(root, new Set()))}
          </ul>
        )}
      </section>
      <section className={styles.section} aria-labelledby="gaps-heading">
        <Subtitle1 as="h2" id="gaps-heading">
          Aligned to nothing
        </Subtitle1>
        {orphans.length === 0 ? (
          <Empty>Every team and personal objective aligns to something.</Empty>
        ) : (
          <ul className={styles.root} data-testid="alignment-gaps">
            {orphans.map((node) => (
              <li key={node.id} className={styles.item}>
                <NodeLine node={node} unsupported={false} unaligned />
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

function NodeLine({ node, unsupported, unaligned }: { node: Node; unsupported: boolean; unaligned: boolean }) {
  const styles = useStyles();
  const { format } = useSession();
  return (
    <div
      className={styles.row}
      data-testid="node"
      data-node-id={node.id}
      data-gap={[unsupported && 'unsupported', unaligned && 'unaligned'].filter(Boolean).join(' ') || undefined}
    >
      <Link as="button" className={styles.word} onClick={() => navigate({ page: 'objectives', id: node.id })}>
        {node.title}
      </Link>
      <Caption1>
        {node.level} · {node.ownerName} · {format.percent(node.progress)}
      </Caption1>
      {unsupported && (
        <Badge appearance="outline" color="danger">
          Gap: nothing aligns to it
        </Badge>
      )}
      {unaligned && (
        <Badge appearance="outline" color="warning">
          Gap: aligned to nothing
        </Badge>
      )}
      {node.external && <Text size={200}>(outside this view)</Text>}
    </div>
  );
}
