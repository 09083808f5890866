import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Radio,
  RadioGroup,
  Select,
  Textarea,
  tokens,
} from '@fluentui/react-components';
import {
  CreateMetricSchema,
  thresholdOrderProblem,
  type CreateMetric,
  type Metric,
  type MetricDirection,
  type PersonRef,
} from '@northstar/server/contract';
import { useEffect, useState, type FormEvent } from 'react';
import type { MetricsClient } from './metricsApi';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, minWidth: 0 },
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, '& > *': { flex: '1 1 8rem', minWidth: 0 } },
  surface: { maxWidth: 'min(560px, calc(100vw - 24px))', boxSizing: 'border-box' },
});

type FieldName = 'name' | 'unit' | 'direction' | 'green' | 'yellow' | 'description' | 'ownerId';

/** Parses a number as typed (a comma as decimal separator is accepted); undefined for text that is no number. */
export function parseNumber(text: string): number | undefined {
  const trimmed = text.trim();
  const normal = trimmed.includes('.') ? trimmed : trimmed.replace(',', '.');
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(normal)) return undefined;
  return Number(normal);
}

/** Adds a metric (no `metric`) or edits one; validates with the contract's own rules before sending. */
export function MetricForm({
  client,
  teamId,
  metric,
  open,
  onClose,
  onSaved,
}: {
  client: MetricsClient;
  teamId: string;
  metric?: Metric;
  open: boolean;
  onClose(): void;
  onSaved(metric: Metric): void;
}) {
  const styles = useStyles();
  const [name, setName] = useState('');
  const [unit, setUnit] = useState('');
  const [direction, setDirection] = useState<MetricDirection>('higher_is_better');
  const [green, setGreen] = useState('');
  const [yellow, setYellow] = useState('');
  const [description, setDescription] = useState('');
  const [owner, setOwner] = useState<PersonRef | null>(null);
  const [ownerQuery, setOwnerQuery] = useState('');
  const [found, setFound] = useState<PersonRef[]>([]);
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (!open) return;
    setName(metric?.name ?? '');
    setUnit(metric?.unit ?? '');
    setDirection(metric?.direction ?? 'higher_is_better');
    setGreen(metric ? String(metric.thresholds.green) : '');
    setYellow(metric ? String(metric.thresholds.yellow) : '');
    setDescription(metric?.description ?? '');
    setOwner(metric?.owner ?? null);
    setOwnerQuery('');
    setFound([]);
    setErrors({});
    setFailure(null);
  }, [open, metric]);

  useEffect(() => {
    const q = ownerQuery.trim();
    if (q.length < 2) {
      setFound([]);
      return;
    }
    let active = true;
    const timer = setTimeout(() => {
      client.people(q).then(
        (result) => active && setFound(result.items),
        () => active && setFound([]),
      );
    }, 250);
    return () => {
      active = false;
      clearTimeout(timer);
    };
  }, [client, ownerQuery]);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const input = {
      name,
      unit,
      direction,
      thresholds: {
        green: parseNumber(green) ?? (green.trim() === '' ? undefined : Number.NaN),
        yellow: parseNumber(yellow) ?? (yellow.trim() === '' ? undefined : Number.NaN),
      },
      description,
      ...(owner ? { ownerId: owner.id } : {}),
    };
    const parsed = CreateMetricSchema.safeParse(input);
    const order = parsed.success ? thresholdOrderProblem(parsed.data.direction, parsed.data.thresholds) : null;
    if (!parsed.success || order) {
      const next: Partial<Record<FieldName, string>> = {};
      const issues = parsed.success ? [{ path: ['thresholds'], message: order! }] : parsed.error.issues;
      for (const issue of issues) {
        const [first, second] = issue.path.map(String);
        const field = (first === 'thresholds' ? (second ?? 'green') : first) as FieldName;
        next[field] ??= `${issue.message.replace(/^./, (c) => c.toUpperCase())}.`;
      }
      setErrors(next);
      return;
    }
    setErrors({});
    setSaving(true);
    setFailure(null);
    try {
      const saved = metric
        ? await client.update(teamId, metric.id, changesOf(metric, parsed.data))
        : await client.create(teamId, parsed.data);
      onSaved(saved);
    } catch (error) {
      setFailure(error instanceof Error ? error.message : String(error));
    } finally {
      setSaving(false);
    }
  };

  const title = metric ? `Edit ${metric.name}` : 'Add a health metric';
  return (
    <Dialog open={open} onOpenChange={(_, data) => !data.open && onClose()}>
      <DialogSurface className={styles.surface} aria-label={title}>
        <form onSubmit={(event) => void submit(event)} noValidate>
          <DialogBody>
            <DialogTitle>{title}</DialogTitle>
            <DialogContent className={styles.form}>
              <Field label="Name" required validationMessage={errors.name}>
                <Input value={name} onChange={(_, data) => setName(data.value)} maxLength={200} />
              </Field>
              <div className={styles.row}>
                <Field label="Unit" hint="e.g. %, ms, count" validationMessage={errors.unit}>
                  <Input value={unit} onChange={(_, data) => setUnit(data.value)} />
                </Field>
                <Field label="Better when the value is" validationMessage={errors.direction}>
                  <Select value={direction} onChange={(_, data) => setDirection(data.value as MetricDirection)}>
                    <option value="higher_is_better">Higher</option>
                    <option value="lower_is_better">Lower</option>
                  </Select>
                </Field>
              </div>
              <div className={styles.row}>
                <Field
                  label="Green from"
                  required
                  hint={direction === 'higher_is_better' ? 'At or above this is green' : 'At or below this is green'}
                  validationMessage={errors.green}
                >
                  <Input inputMode="decimal" value={green} onChange={(_, data) => setGreen(data.value)} />
                </Field>
                <Field
                  label="Yellow from"
                  required
                  hint={
                    direction === 'higher_is_better'
                      ? 'At or above this is yellow, below is red'
                      : 'At or below this is yellow, above is red'
                  }
                  validationMessage={errors.yellow}
                >
                  <Input inputMode="decimal" value={yellow} onChange={(_, data) => setYellow(data.value)} />
                </Field>
              </div>
              <Field label="Description" validationMessage={errors.description}>
                <Textarea value={description} onChange={(_, data) => setDescription(data.value)} resize="vertical" />
              </Field>
              <Field
                label="Owner (enters the weekly values)"
                hint={owner ? `Now: ${owner.name || owner.upn}` : 'Default: the team’s manager'}
                validationMessage={errors.ownerId}
              >
                <Input placeholder="Search people by name" value={ownerQuery} onChange={(_, data) => setOwnerQuery(data.value)} />
              </Field>
              {found.length > 0 && (
                <RadioGroup
                  aria-label="Choose the owner"
                  value={owner?.id ?? ''}
                  onChange={(_, data) => setOwner(found.find((person) => person.id === data.value) ?? owner)}
                >
                  {found.map((person) => (
                    <Radio key={person.id} value={person.id} label={`${person.name} (${person.upn})`} />
                  ))}
                </RadioGroup>
              )}
              {failure && (
                <MessageBar intent="error">
                  <MessageBarBody>{failure}</MessageBarBody>
                </MessageBar>
              )}
            </DialogContent>
            <DialogActions>
              <Button appearance="primary" type="submit" disabled={saving}>
                {saving ? 'Saving…' : metric ? 'Save changes' : 'Add metric'}
              </Button>
              <Button onClick={onClose}>Cancel</Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}

/** The fields an edit changed, with the version it started from. */
function changesOf(metric: Metric, input: CreateMetric) {
  return {
    version: metric.version,
    ...(input.name !== metric.name ? { name: input.name } : {}),
    ...(input.unit !== metric.unit ? { unit: input.unit } : {}),
    ...(input.direction !== metric.direction ? { direction: input.direction } : {}),
    ...(input.thresholds.green !== metric.thresholds.green || input.thresholds.yellow !== metric.thresholds.yellow
      ? { thresholds: input.thresholds }
      : {}),
    ...(input.description !== metric.description ? { description: input.description } : {}),
    ...(input.ownerId && input.ownerId !== metric.owner.id ? { ownerId: input.ownerId } : {}),
  };
}
