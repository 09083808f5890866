/** The one contract of the API: zod schemas for every request and response, shared by server, tab and add-in. */
export * from './common.js';
export * from './system.js';
export * from './me.js';
export * from './org.js';
export * from './settings.js';
export * from './okrs.js';
export * from './weekly.js';
export * from './oneonones.js';
export * from './onboarding.js';
export * from './calendar.js';
export * from './channels.js';
export * from './wins.js';
export * from './metrics.js';
export * from './reports.js';
export * from './teamcheckin.js';
export * from './proposals.js';
