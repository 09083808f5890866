/** The OKR coach: pure rules shared by server, tab and add-in (no Node or DOM APIs). */
export * from './types.js';
export { coachObjective, coachObjectives, hasErrors } from './coach.js';
export * from './rules.js';
export { findMetrics, findOutputVerb } from './text.js';
export { FindingSchema } from './schema.js';
