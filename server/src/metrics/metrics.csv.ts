import { CsvError, parse } from 'csv-parse/sync';
import { IsoDateSchema, IsoWeekSchema, METRIC_IMPORT_ROW_CAP, MetricNumberSchema } from '../contract/index.js';
import { AppError } from '../http/errors.js';
import { isoWeekOf, isValidIsoWeek } from '../okrs/periods.js';

/** Names each column may go by in the header (compared lower-case, without spaces, dashes and underscores). */
const COLUMN_NAMES = {
  metric: ['metric', 'metricid', 'metricname', 'name', 'id'],
  week: ['week', 'isoweek', 'date'],
  value: ['value'],
} as const;

type Column = keyof typeof COLUMN_NAMES;

/** One CSV row read into its three cells, with what could be made of them. */
export interface MetricCsvRow {
  /** Line of the row in the text (the header is line 1). */
  line: number;
  metric: string;
  isoWeek: string | null;
  value: number | null;
  /** Why the week or the value cannot be used; null when both can. */
  problem: string | null;
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

const normalise = (name: string): string => name.toLowerCase().replace(/[\s_-]/g, '');

/** A week cell: `2026-W05`, or a `YYYY-MM-DD` date in that week. */
function weekOf(cell: string): { isoWeek: string | null; problem: string | null } {
  if (IsoWeekSchema.safeParse(cell).success) {
    return isValidIsoWeek(cell) ? { isoWeek: cell, problem: null } : { isoWeek: null, problem: `week: ${cell} does not exist` };
  }
  if (IsoDateSchema.safeParse(cell).success && !Number.isNaN(Date.parse(`${cell}T00:00:00Z`))) {
    const date = new Date(`${cell}T00:00:00Z`);
    if (date.toISOString().slice(0, 10) === cell) return { isoWeek: isoWeekOf(date), problem: null };
  }
  return { isoWeek: null, problem: 'week: must be an ISO week such as 2026-W05 or a date such as 2026-02-02' };
}

/** A value cell: a plain decimal number (a comma as decimal separator is accepted when there is no dot). */
function valueOf(cell: string): { value: number | null; problem: string | null } {
  const text = cell.includes('.') ? cell : cell.replace(',', '.');
  if (!NUMBER.test(text)) return { value: null, problem: `value: "${cell.slice(0, 40)}" is not a number` };
  const parsed = MetricNumberSchema.safeParse(Number(text));
  if (!parsed.success) return { value: null, problem: `value: ${parsed.error.issues[0]?.message ?? 'is not valid'}` };
  return { value: parsed.data, problem: null };
}

/** Reads the CSV text of a metric import; 400 for text that is not CSV, lacks a column or holds too many rows. */
export function parseMetricCsv(text: string): MetricCsvRow[] {
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, {
      bom: true,
      skip_empty_lines: true,
      trim: true,
      info: true,
      relax_column_count: true,
      max_record_size: 10_000,
    }) as unknown as typeof records;
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines ?? 1;
      throw new AppError('validation_failed', `csv: not valid CSV (line ${line}): ${error.message}`, {
        errors: [{ path: 'body.csv', message: `line ${line}: ${error.message}` }],
      });
    }
    throw error;
  }
  const [header, ...rows] = records;
  if (!header)
    throw new AppError('validation_failed', 'csv: holds no header row', { errors: [{ path: 'body.csv', message: 'holds no header row' }] });
  const names = header.record.map(normalise);
  const index = {} as Record<Column, number>;
  const missing: string[] = [];
  for (const column of Object.keys(COLUMN_NAMES) as Column[]) {
    index[column] = names.findIndex((name) => (COLUMN_NAMES[column] as readonly string[]).includes(name));
    if (index[column] < 0) missing.push(column);
  }
  if (missing.length > 0) {
    const message = `the header row lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (expected metric, week, value)`;
    throw new AppError('validation_failed', `csv: ${message}`, { errors: [{ path: 'body.csv', message }] });
  }
  if (rows.length > METRIC_IMPORT_ROW_CAP) {
    const message = `holds ${rows.length} rows; at most ${METRIC_IMPORT_ROW_CAP} per import`;
    throw new AppError('validation_failed', `csv: ${message}`, { errors: [{ path: 'body.csv', message }] });
  }
  return rows.map(({ record, info }) => {
    const cell = (column: Column): string => record[index[column]] ?? '';
    const week = weekOf(cell('week'));
    const value = valueOf(cell('value'));
    return { line: info.lines, metric: cell('metric'), isoWeek: week.isoWeek, value: value.value, problem: week.problem ?? value.problem };
  });
}
