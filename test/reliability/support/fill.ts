import { randomBytes } from 'node:crypto';
import type { JsonSchema, Operation, SampleOptions } from './openapi.js';
import type { World } from './world.js';

/** How a path parameter is filled: by name, optionally only after a path prefix; `identity` marks ids of someone's resource. */
interface PathRule {
  name: string;
  after?: RegExp;
  identity: boolean;
  value(world: World): string | null;
}

/** The small table of path parameters the suite knows; anything else named like an id gets an unknown id. */
const PATH_RULES: PathRule[] = [
  { name: 'id', after: /\/onboarding\/me\/objectives$/, identity: true, value: (w) => w.ids.courseworkObjective },
  { name: 'id', after: /\/onboarding\/me\/key-results$/, identity: true, value: (w) => w.ids.courseworkKeyResult },
  { name: 'id', after: /\/objectives$/, identity: true, value: (w) => w.ids.objective },
  { name: 'id', after: /\/key-results$/, identity: true, value: (w) => w.ids.keyResult },
  { name: 'itemId', after: /\/talking-points$/, identity: true, value: (w) => w.ids.talkingPoint },
  { name: 'itemId', after: /\/action-items$/, identity: true, value: (w) => w.ids.actionItem },
  { name: 'occurrence', after: /\/history$/, identity: true, value: () => '1' },
  { name: 'managerId', identity: true, value: (w) => w.manager.id },
  { name: 'reportId', identity: true, value: (w) => w.report.id },
  { name: 'authorId', identity: true, value: (w) => w.report.id },
  { name: 'personId', identity: true, value: (w) => w.ids.enrolee ?? w.report.id },
  { name: 'teamId', identity: true, value: (w) => w.manager.id },
  { name: 'winId', identity: true, value: (w) => w.ids.win },
  { name: 'metricId', identity: true, value: (w) => w.ids.metric },
  { name: 'channelId', identity: true, value: (w) => w.ids.channel },
  // Proposals are open to the whole tenant (reading, comments, support); only deciding is refused to others.
  { name: 'proposalId', identity: false, value: (w) => w.ids.proposal },
  { name: 'kind', after: /\/reactions$/, identity: false, value: () => 'clap' },
  { name: 'isoWeek', identity: false, value: (w) => w.isoWeek },
  { name: 'lessonId', identity: false, value: (w) => w.ids.lesson },
  { name: 'periodId', identity: false, value: (w) => w.periodId },
  // This month: its report (a preview) holds this week's wins, so the win canary shows any leak.
  { name: 'month', identity: false, value: () => new Date().toISOString().slice(0, 7) },
];

function ruleFor(name: string, before: string): PathRule | undefined {
  return PATH_RULES.find((rule) => rule.name === name && (!rule.after || rule.after.test(before)));
}

/** An id nobody has: 24 hex digits. */
function unknownObjectId(): string {
  return randomBytes(12).toString('hex');
}

/** The path of `operation` filled with the victims' ids (unknown ids where the table has none). */
export function victimPath(operation: Operation, world: World): string {
  return operation.path.replace(/\{([^}]+)\}/g, (_match, name: string, offset: number) => {
    const before = operation.path.slice(0, offset).replace(/\/$/, '');
    const value = ruleFor(name, before)?.value(world) ?? unknownObjectId();
    return encodeURIComponent(value);
  });
}

/** Whether the path names someone's resource (so every outsider must be refused). */
export function namesAResource(operation: Operation): boolean {
  return operation.path.split('/').some((segment, index, segments) => {
    const match = /^\{(.+)\}$/.exec(segment);
    if (!match) return false;
    const rule = ruleFor(match[1]!, segments.slice(0, index).join('/'));
    return rule ? rule.identity : true;
  });
}

/** Body sampling that aims every person or resource reference in a body at the victims. */
export function victimSampling(world: World, text?: string): SampleOptions {
  const candidates = () => [
    world.report.id,
    world.ids.objective,
    world.isoWeek,
    world.periodId,
    world.ids.lesson ?? '',
    '09:00',
    '2030-01',
  ];
  const byName = (name: string, schema: JsonSchema): unknown => {
    if (schema.type !== 'string' && !(Array.isArray(schema.type) && schema.type.includes('string')))
      return name === 'version' ? 0 : undefined;
    switch (name) {
      case 'ownerId':
      case 'personId':
      case 'authorId':
        return world.report.id;
      case 'keyResultId':
        return world.ids.keyResult;
      case 'objectiveId':
        return world.ids.objective;
      case 'periodId':
        return world.periodId;
      default:
        return undefined;
    }
  };
  return {
    byName,
    byPattern: (pattern) => {
      const regex = new RegExp(pattern);
      return candidates().find((candidate) => candidate && regex.test(candidate));
    },
    namedOptionals: true,
    text,
  };
}
