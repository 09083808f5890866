import {
  Body1,
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Textarea,
  tokens,
} from '@fluentui/react-components';
import type { MetricImportResult } from '@northstar/server/contract';
import { useState, type ChangeEvent } from 'react';
import type { MetricsClient } from './metricsApi';

const useStyles = makeStyles({
  surface: { maxWidth: 'min(760px, calc(100vw - 24px))', boxSizing: 'border-box' },
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, minWidth: 0 },
  table: {
    borderCollapse: 'collapse',
    width: '100%',
    '& th, & td': {
      textAlign: 'left',
      padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
      borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
      overflowWrap: 'anywhere',
    },
  },
  error: { color: tokens.colorPaletteRedForeground1 },
});

const EXAMPLE = 'metric,week,value\nUptime,2026-W49,99.95';

/** Imports weekly values from CSV: paste or pick a file, preview with a dry run, then import. */
export function MetricImport({
  client,
  teamId,
  onClose,
  onImported,
}: {
  client: MetricsClient;
  teamId: string;
  onClose(): void;
  onImported(): void;
}) {
  const styles = useStyles();
  const [csv, setCsv] = useState('');
  const [preview, setPreview] = useState<MetricImportResult | null>(null);
  const [done, setDone] = useState<MetricImportResult | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (dryRun: boolean): Promise<void> => {
    setBusy(true);
    setFailure(null);
    try {
      const result = await client.import(teamId, csv, dryRun);
      if (dryRun) setPreview(result);
      else {
        setDone(result);
        setPreview(null);
        onImported();
      }
    } catch (error) {
      setFailure(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };
  const pick = async (event: ChangeEvent<HTMLInputElement>): Promise<void> => {
    const file = event.target.files?.[0];
    if (file) {
      setCsv(await file.text());
      setPreview(null);
      setDone(null);
    }
  };
  const report = done ?? preview;
  return (
    <Dialog open onOpenChange={(_, data) => !data.open && onClose()}>
      <DialogSurface className={styles.surface} aria-label="Import metric values">
        <DialogBody>
          <DialogTitle>Import metric values</DialogTitle>
          <DialogContent className={styles.content}>
            <Body1>
              Columns: <code>metric</code> (name or id), <code>week</code> (e.g. 2026-W49, or a date in that week) and <code>value</code>.
              Preview first; rows with errors are never written, and importing the same file again changes nothing.
            </Body1>
            <Field label="CSV">
              <Textarea
                value={csv}
                placeholder={EXAMPLE}
                onChange={(_, data) => {
                  setCsv(data.value);
                  setPreview(null);
                  setDone(null);
                }}
                resize="vertical"
                rows={6}
              />
            </Field>
            <Field label="Or choose a CSV file">
              <input type="file" accept=".csv,text/csv" onChange={(event) => void pick(event)} />
            </Field>
            {failure && (
              <MessageBar intent="error">
                <MessageBarBody>{failure}</MessageBarBody>
              </MessageBar>
            )}
            {report && (
              <>
                <MessageBar intent={report.errors > 0 ? 'warning' : 'success'} role="status">
                  <MessageBarBody>
                    {report.dryRun ? 'Preview: ' : 'Imported: '}
                    {report.imported} {report.dryRun ? 'to import' : 'written'}, {report.skipped} unchanged, {report.errors} with errors.
                  </MessageBarBody>
                </MessageBar>
                <table className={styles.table} aria-label={report.dryRun ? 'Preview of the import' : 'Result of the import'}>
                  <thead>
                    <tr>
                      <th scope="col">Line</th>
                      <th scope="col">Metric</th>
                      <th scope="col">Week</th>
                      <th scope="col">Value</th>
                      <th scope="col">Result</th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.rows.map((row) => (
                      <tr key={row.line}>
                        <td>{row.line}</td>
                        <td>{row.metric}</td>
                        <td>{row.isoWeek ?? '–'}</td>
                        <td>{row.value ?? '–'}</td>
                        <td className={row.status === 'error' ? styles.error : undefined}>
                          {row.status === 'imported'
                            ? report.dryRun
                              ? 'will import'
                              : 'imported'
                            : row.status === 'skipped'
                              ? 'unchanged'
                              : 'error'}
                          {row.reason ? `: ${row.reason}` : ''}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </>
            )}
          </DialogContent>
          <DialogActions>
            <Button disabled={busy || csv.trim() === ''} onClick={() => void run(true)}>
              Preview
            </Button>
            <Button appearance="primary" disabled={busy || !preview || preview.imported === 0} onClick={() => void run(false)}>
              Import {preview ? preview.imported : ''} values
            </Button>
            <Button onClick={onClose}>Close</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
