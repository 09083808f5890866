import mongoose, { Schema } from 'mongoose';
import type { MetricDirection, MetricThresholds } from '../contract/index.js';

const thresholdsSchema = new Schema(
  { green: { type: Number, required: true }, yellow: { type: Number, required: true } },
  { _id: false, strict: 'throw' },
);

const definitionSchema = new Schema(
  {
    /** 24 hex digits, made by the server. */
    _id: { type: String, required: true },
    name: { type: String, required: true, maxlength: 120 },
    unit: { type: String, default: '', maxlength: 20 },
    direction: { type: String, enum: ['higher_is_better', 'lower_is_better'], required: true },
    thresholds: { type: thresholdsSchema, required: true },
    description: { type: String, default: '', maxlength: 1000 },
    /** Who enters the weekly values. */
    ownerId: { type: String, required: true },
    archived: { type: Boolean, default: false },
    /** Bumped by every edit of this metric (the team document's version guards the write). */
    version: { type: Number, required: true, default: 1 },
    /** Versions of the team document whose change records concern this metric (the definition's change log). */
    revisions: { type: [Number], default: [] },
    createdAt: { type: Date, required: true },
    createdBy: { type: String, required: true },
  },
  { strict: 'throw' },
);

const teamMetricsSchema = new Schema(
  {
    /** `<tenantId>:<teamId>`: the team's only definitions document, read and written by `_id`. */
    _id: { type: String, required: true },
    tenantId: { type: String, required: true },
    teamId: { type: String, required: true },
    metrics: { type: [definitionSchema], default: [] },
    /** Bumped by every write; each version is claimed once by inserting its change record. */
    version: { type: Number, required: true, default: 0 },
  },
  { timestamps: true, strict: 'throw', versionKey: false, _id: false },
);

/** A stored metric definition. */
export interface MetricDefinitionRecord {
  _id: string;
  name: string;
  unit: string;
  direction: MetricDirection;
  thresholds: MetricThresholds;
  description: string;
  ownerId: string;
  archived: boolean;
  version: number;
  revisions: number[];
  createdAt: Date;
  createdBy: string;
}

/** The metric definitions of one team. */
export interface TeamMetricsRecord {
  _id: string;
  tenantId: string;
  teamId: string;
  metrics: MetricDefinitionRecord[];
  version: number;
}

/** The team documents holding metric definitions. */
export const TeamMetricsModel = mongoose.model('TeamMetrics', teamMetricsSchema, 'team_metrics');

const valueSchema = new Schema(
  {
    /** `<tenantId>:<teamId>:<metricId>:<isoWeek>`. */
    _id: { type: String, required: true },
    tenantId: { type: String, required: true },
    teamId: { type: String, required: true },
    metricId: { type: String, required: true },
    isoWeek: { type: String, required: true },
    value: { type: Number, required: true },
    enteredBy: { type: String, required: true },
    enteredAt: { type: Date, required: true },
    /** Bumped by every write; each version is claimed once by inserting its change record. */
    version: { type: Number, required: true },
  },
  { strict: 'throw', versionKey: false, _id: false },
);

/** One week's value of a metric. */
export interface MetricValueRecord {
  _id: string;
  tenantId: string;
  teamId: string;
  metricId: string;
  isoWeek: string;
  value: number;
  enteredBy: string;
  enteredAt: Date;
  version: number;
}

/** Weekly values, one document per metric and ISO week. */
export const MetricValueModel = mongoose.model('MetricValue', valueSchema, 'team_metric_values');

const fieldChangeSchema = new Schema(
  { field: { type: String, required: true }, from: { type: String, default: null }, to: { type: String, default: null } },
  { _id: false, strict: 'throw' },
);

const changeSchema = new Schema(
  {
    /** `<document _id>#<version>`: the unique insert claims that version of the document for one writer. */
    _id: { type: String, required: true },
    tenantId: { type: String, required: true },
    teamId: { type: String, required: true },
    metricId: { type: String, required: true },
    kind: { type: String, enum: ['created', 'updated', 'archived', 'value'], required: true },
    isoWeek: { type: String, default: null },
    imported: { type: Boolean, default: false },
    changes: { type: [fieldChangeSchema], default: [] },
    by: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { strict: 'throw', versionKey: false, _id: false },
);

/** One edit: who changed what (old → new). */
export interface MetricChangeRecord {
  _id: string;
  tenantId: string;
  teamId: string;
  metricId: string;
  kind: 'created' | 'updated' | 'archived' | 'value';
  isoWeek: string | null;
  imported: boolean;
  changes: Array<{ field: string; from: string | null; to: string | null }>;
  by: string;
  at: Date;
}

/** Insert-only change records; each also claims the version of the document it changed. */
export const MetricChangeModel = mongoose.model('MetricChange', changeSchema, 'team_metric_changes');

/** The `_id` of a team's definitions document. */
export const teamMetricsKey = (tenantId: string, teamId: string): string => `${tenantId}:${teamId}`;
/** The `_id` of one week's value of a metric. */
export const metricValueKey = (tenantId: string, teamId: string, metricId: string, isoWeek: string): string =>
  `${tenantId}:${teamId}:${metricId}:${isoWeek}`;
/** The `_id` of the change record that claimed `version` of document `key`. */
export const metricChangeKey = (key: string, version: number): string => `${key}#${version}`;
