/** Word-list heuristics the coach uses to read titles: metrics in objectives, outputs in key results. */

const MONTHS =
  'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';
const TIME_UNITS = 'days?|weeks?|months?|quarters?|years?|decades?';
const NUMBER_WORDS =
  'two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety';
const MAGNITUDE_WORDS = 'hundred|thousand|million|billion|trillion|dozen';

/**
 * Phrases that contain numbers but are names, labels or time frames rather than targets.
 * They are blanked out before the metric scan.
 */
const NOT_METRICS: readonly RegExp[] = [
  /\b24\s*\/\s*7\b/gi,
  /\b1\s*(?::|-on-|on)\s*1s?\b/gi,
  /\bone[- ]on[- ]ones?\b/gi,
  /\b(?:microsoft|office|dynamics|m)\s*365\b/gi,
  /\bq[1-4]\s*'?\s*\d{2}(?:\d{2})?\b/gi,
  /\bfy\s*'?\d{2}(?:\d{2})?\b/gi,
  /\bno\.\s*1\b/gi,
  /\bnumber\s+(?:1|one)\b/gi,
  new RegExp(`\\b\\d{1,2}(?:st|nd|rd|th)?\\s+(?:of\\s+)?(?:${MONTHS})\\b`, 'gi'),
  new RegExp(`\\b(?:${MONTHS})\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?\\b`, 'gi'),
  new RegExp(
    `\\b(?:(?:within|over|during|for)\\s+(?:the\\s+)?(?:next\\s+)?|in\\s+the\\s+next\\s+)(?:\\d+|${NUMBER_WORDS}|a|one)\\s+(?:${TIME_UNITS})\\b`,
    'gi',
  ),
  /\b(?:double[- ]down|double[- ]check(?:ed|ing|s)?|double[- ]click(?:ed|ing|s)?)\b/gi,
  /\b(?:first|second|other|1st|2nd)\s+half\b/gi,
];

/** A token that is a plain number, optionally with currency, thousands separators, a magnitude suffix, a multiplier or a percent sign. */
const NUMERIC_TOKEN = /^[$€£¥]?\d+(?:[.,]\d+)*(?:k|m|mm|bn|b|x|%)?\+?$/i;

/** Word-based metrics: spelled-out numbers, magnitudes and multipliers. */
const METRIC_WORDS: readonly RegExp[] = [
  new RegExp(
    `\\b(?:${NUMBER_WORDS})(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?\\b(?!-(?!one|two|three|four|five|six|seven|eight|nine)[a-z])`,
    'gi',
  ),
  new RegExp(`(?:[$€£¥]?\\b\\d+(?:[.,]\\d+)*\\s+|\\ba\\s+|\\bone\\s+|\\b)(?:${MAGNITUDE_WORDS})\\b`, 'gi'),
  /\b(?:doubl(?:e|es|ed|ing)|tripl(?:e|es|ed|ing)|quadrupl(?:e|es|ed|ing)|halv(?:e|es|ed|ing)|twice|thrice|(?:two|three|four|five|ten|hundred)fold)\b/gi,
  /\b(?:in|by)\s+half\b/gi,
  /\bhalf\s+(?:of|the)\b/gi,
  /\b\d+(?:[.,]\d+)?\s*(?:percent|per\s+cent)\b/gi,
];

/**
 * Finds what makes a title read like a metric, returning the offending fragments (empty when none).
 *
 * Counted as metrics: digits ("20", "1,000", "2.5"), percentages ("20%", "20 percent"), currency ("$2k", "€5m"),
 * magnitude suffixes ("1M", "5bn", "10k"), multipliers ("10x", "double", "triple", "halve", "in half", "twofold"),
 * spelled-out numbers from two upwards ("five", "twenty-five") and magnitudes ("a hundred", "million").
 *
 * Not counted: quarter, half-year and fiscal labels ("Q3", "H1", "FY25", "Q3 '25"), years 1900–2099, codes where
 * digits are glued to letters ("B2B", "P1", "5G", "M365", "1st"), "24/7", "1:1", "Microsoft 365", "#1", "No. 1",
 * "number one", dates ("30 June"), version labels ("2.0"), time frames ("within 6 months"), the word "one" on its own
 * ("one team"), vague plurals ("millions of users"), and idioms ("double down", "second half").
 */
export function findMetrics(text: string): string[] {
  let scrubbed = text.normalize('NFKC');
  for (const pattern of NOT_METRICS) scrubbed = scrubbed.replace(pattern, (match) => ' '.repeat(match.length));

  const found: string[] = [];
  for (const raw of scrubbed.split(/[\s/()[\]{}"“”‘’:;!?–—]+/)) {
    const token = raw.replace(/^[^\p{L}\p{N}$€£¥#]+|[^\p{L}\p{N}%+]+$/gu, '');
    if (!/\d/.test(token) || token.startsWith('#')) continue;
    const parts = token.split('-');
    const counted = parts.some((part, index) => isNumericMetric(part) && (index === 0 || /^\d/.test(parts[index - 1] ?? '')));
    if (counted) found.push(token);
  }
  for (const pattern of METRIC_WORDS) {
    for (const match of scrubbed.matchAll(pattern)) found.push(match[0].trim());
  }
  const unique = [...new Set(found)];
  return unique.filter((fragment) => !unique.some((other) => other !== fragment && other.includes(fragment)));
}

function isNumericMetric(token: string): boolean {
  if (!NUMERIC_TOKEN.test(token)) return false;
  if (/^(?:19|20)\d{2}$/.test(token)) return false;
  if (/^\d+\.0$/.test(token)) return false;
  return true;
}

/** Delivery verbs: doing these is an output; the key result should say what changes because of them. */
const OUTPUT_VERBS: Readonly<Record<string, readonly string[]>> = {
  launch: [],
  write: ['wrote', 'written', 'writing'],
  build: ['built'],
  ship: ['shipped', 'shipping'],
  create: [],
  implement: [],
  hold: ['held'],
  run: ['ran', 'run', 'running'],
  plant: [],
  publish: [],
  organize: [],
  organise: [],
  deliver: [],
  release: [],
  host: [],
  post: [],
  send: ['sent'],
  'send out': ['sent out'],
  attend: [],
  complete: [],
  finish: [],
  conduct: [],
  draft: [],
  prepare: [],
  design: [],
  develop: [],
  introduce: [],
  migrate: [],
  deploy: [],
  'roll out': [],
  'set up': ['set up', 'setting up'],
  'kick off': ['kicked off', 'kicking off'],
  'put in place': ['put in place', 'putting in place'],
  install: [],
  configure: [],
  train: [],
  interview: [],
  call: [],
  visit: [],
  schedule: [],
  document: [],
  translate: [],
  record: [],
  produce: [],
  integrate: [],
  redesign: [],
  rebuild: ['rebuilt'],
  rewrite: ['rewrote', 'rewritten', 'rewriting'],
  refactor: [],
  upgrade: [],
  update: [],
  fix: [],
  hire: [],
  recruit: [],
  start: [],
  begin: ['began', 'begun', 'beginning'],
  finalize: [],
  finalise: [],
  submit: ['submitted', 'submitting'],
  present: [],
  film: [],
};

/** Words that state a change in the world; their presence makes a key result an outcome. */
const OUTCOME_WORDS = new RegExp(
  '\\b(?:' +
    [
      'increas(?:e|es|ed|ing)',
      'decreas(?:e|es|ed|ing)',
      'reduc(?:e|es|ed|ing|tion)',
      'grow(?:s|n|ing|th)?',
      'grew',
      'rais(?:e|es|ed|ing)',
      'improv(?:e|es|ed|ing|ement)',
      'lift(?:s|ed|ing)?',
      'uplift',
      'boost(?:s|ed|ing)?',
      'cut(?:s|ting)?',
      'lower(?:s|ed|ing)?',
      'reach(?:es|ed|ing)?',
      'achiev(?:e|es|ed|ing)',
      'maintain(?:s|ed|ing)?',
      'keep(?:s|ing)?',
      'kept',
      'stay(?:s|ed|ing)?',
      'retain(?:s|ed|ing)?',
      'convert(?:s|ed|ing)?',
      'doubl(?:e|es|ed|ing)',
      'tripl(?:e|es|ed|ing)',
      'halv(?:e|es|ed|ing)',
      'rise(?:s|n)?',
      'rose',
      'drop(?:s|ped|ping)?',
      'fall(?:s|en)?',
      'shrink(?:s|ing)?',
      'gain(?:s|ed|ing)?',
      'sav(?:e|es|ed|ing)',
      'so that',
      'resulting in',
      'leading to',
    ].join('|') +
    ')\\b',
  'i',
);

/** Words after a participle that mark it as "thing done by a date / at a rate", e.g. "five lemon trees planted by May". */
const DONE_CONTEXT = new RegExp(
  `^(?:$|[.,;!]|(?:per|each|every|a|an|this|within|before|until|on time|in time)\\b|by\\s+(?:the\\s+)?(?:end|mid|start|${MONTHS}|q[1-4]|\\d|monday|tuesday|wednesday|thursday|friday|saturday|sunday|next|this)\\b)`,
  'i',
);

/** Leading noise before the real first word: "KR1:", "2.", "We will", "Successfully". */
const LEADING_NOISE = /^(?:\s*(?:kr\s*\d+\s*[:.)-]?|\d+[.)]|[-*•]|we\s+will|i\s+will|we'll|i'll|will|to|successfully|fully|finally)\s*)+/i;

interface VerbForms {
  verb: string;
  leading: string[];
  participles: string[];
}

const VERB_FORMS: readonly VerbForms[] = Object.entries(OUTPUT_VERBS).map(([verb, irregular]) => {
  const [head = verb, ...rest] = verb.split(' ');
  const tail = rest.length > 0 ? ` ${rest.join(' ')}` : '';
  const past = irregular.length > 0 ? irregular.filter((form) => !/ing\b/.test(form)) : [pastOf(head) + tail];
  const gerund = irregular.find((form) => /ing\b/.test(form)) ?? gerundOf(head) + tail;
  return { verb, leading: [verb, thirdPersonOf(head) + tail, gerund, ...past], participles: past };
});

function thirdPersonOf(verb: string): string {
  if (/(?:s|sh|ch|x|z)$/.test(verb)) return `${verb}es`;
  if (/[^aeiou]y$/.test(verb)) return `${verb.slice(0, -1)}ies`;
  return `${verb}s`;
}

function pastOf(verb: string): string {
  if (verb.endsWith('e')) return `${verb}d`;
  if (/[^aeiou]y$/.test(verb)) return `${verb.slice(0, -1)}ied`;
  return `${verb}ed`;
}

function gerundOf(verb: string): string {
  if (verb.endsWith('e') && !verb.endsWith('ee')) return `${verb.slice(0, -1)}ing`;
  return `${verb}ing`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Returns the delivery verb a key result is built around when it reads like an output or task, else null.
 *
 * Output: the title starts with a delivery verb ("Launch the new website", "Write 3 blog posts", "Plant five lemon
 * trees", "Hire two engineers"), or is a list of things done ("Five lemon trees planted", "New site launched by
 * June"). It is an outcome, and not flagged, as soon as it states a change ("increase", "reduce", "grow", "reach",
 * "keep", "so that", …), e.g. "Ship the new checkout so that conversion rises from 2% to 3%".
 */
export function findOutputVerb(title: string): string | null {
  const text = title.normalize('NFKC').replace(LEADING_NOISE, '').trim().toLowerCase();
  if (text === '' || OUTCOME_WORDS.test(text)) return null;
  for (const { verb, leading, participles } of VERB_FORMS) {
    if (leading.some((form) => new RegExp(`^${escapeRegExp(form)}\\b`).test(text))) return verb;
    for (const participle of participles) {
      const pattern = new RegExp(`(?<=\\s)${escapeRegExp(participle)}\\b`, 'g');
      for (const match of text.matchAll(pattern)) {
        const after = text.slice(match.index + match[0].length).trimStart();
        if (DONE_CONTEXT.test(after)) return verb;
      }
    }
  }
  return null;
}
