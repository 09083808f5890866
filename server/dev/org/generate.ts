import { createHash } from 'node:crypto';
import type { AppRole, GraphUser } from './types.js';

export type { AppRole, GraphUser } from './types.js';

/** Tenant id of the demo company (Northstar Demo). */
export const DEMO_TENANT_ID = '6d3f1c2a-8b47-4e59-9a1d-2c7e5b0f9a31';

/** Mail and UPN domain of the demo company. */
export const DEMO_DOMAIN = 'northstar.demo';

/** Reference date used by {@link generateOrg} when no `today` is given, so output never depends on the clock. */
export const DEFAULT_GENERATION_DAY = new Date('2025-01-06T00:00:00Z');

const DAY_MS = 86_400_000;

/** Deterministic GUID (name-based, SHA-1, version 5 layout) for a person `key` inside `tenantId`. */
export function deterministicGuid(tenantId: string, key: string): string {
  const digest = createHash('sha1').update(`${tenantId.toLowerCase()}|${key.toLowerCase()}`).digest();
  digest[6] = (digest[6]! & 0x0f) | 0x50;
  digest[8] = (digest[8]! & 0x3f) | 0x80;
  const hex = digest.toString('hex', 0, 16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** 32-bit FNV-1a hash of a string; used to turn a tenant id into a default seed. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Small seeded PRNG (SplitMix32-style mixing over a Weyl sequence); returns floats in [0, 1). */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    z ^= z >>> 15;
    return (z >>> 0) / 4_294_967_296;
  };
}

interface DepartmentProfile {
  name: string;
  individualTitles: readonly string[];
}

const DEPARTMENTS: readonly DepartmentProfile[] = [
  {
    name: 'Engineering',
    individualTitles: [
      'Software Engineer',
      'Senior Software Engineer',
      'Staff Engineer',
      'QA Engineer',
      'Site Reliability Engineer',
      'Data Engineer',
    ],
  },
  {
    name: 'Sales',
    individualTitles: ['Account Executive', 'Senior Account Executive', 'Sales Development Representative', 'Solutions Consultant'],
  },
  {
    name: 'Marketing',
    individualTitles: ['Marketing Specialist', 'Content Strategist', 'Product Marketing Manager', 'Growth Analyst'],
  },
  { name: 'Product', individualTitles: ['Product Manager', 'Product Designer', 'UX Researcher', 'Technical Writer'] },
  {
    name: 'Customer Success',
    individualTitles: ['Customer Success Manager', 'Support Engineer', 'Onboarding Specialist'],
  },
  { name: 'Finance', individualTitles: ['Financial Analyst', 'Accountant', 'Payroll Specialist'] },
  { name: 'People', individualTitles: ['HR Business Partner', 'Recruiter', 'People Operations Specialist'] },
  {
    name: 'Operations',
    individualTitles: ['Operations Analyst', 'IT Systems Administrator', 'Facilities Coordinator', 'Procurement Specialist'],
  },
  { name: 'Legal', individualTitles: ['Corporate Counsel', 'Paralegal', 'Compliance Analyst'] },
];

// prettier-ignore
const FIRST_NAMES: readonly string[] = [
  'Aaliyah', 'Adrian', 'Aiko', 'Alba', 'Alejandro', 'Amara', 'Amelie', 'Anders', 'Anika', 'Arjun',
  'Astrid', 'Bastian', 'Beatriz', 'Benedict', 'Bianca', 'Caleb', 'Carmen', 'Cyrus', 'Dalia', 'Damian',
  'Daria', 'Dev', 'Elif', 'Elliot', 'Emeka', 'Esme', 'Ezra', 'Farah', 'Felipe', 'Freya',
  'Gabriel', 'Greta', 'Hamza', 'Hana', 'Hugo', 'Ilse', 'Imani', 'Isak', 'Jada', 'Jasper',
  'Jia', 'Joaquin', 'Johanna', 'Kaito', 'Kamala', 'Kenji', 'Kiara', 'Lars', 'Layla', 'Leon',
  'Lina', 'Luca', 'Lucia', 'Magnus', 'Malik', 'Mara', 'Mateus', 'Mei', 'Milan', 'Mira',
  'Nadia', 'Naveen', 'Niamh', 'Nico', 'Noor', 'Olu', 'Oskar', 'Paloma', 'Pavel', 'Petra',
  'Quinn', 'Rafael', 'Rania', 'Reza', 'Rhea', 'Rowan', 'Sakura', 'Santiago', 'Selin', 'Soren',
  'Tariq', 'Tessa', 'Thabo', 'Uma', 'Valentina', 'Vikram', 'Wen', 'Xavier', 'Yara', 'Yusuf',
  'Zainab', 'Zara', 'Ines', 'Jonah', 'Keira', 'Lorenzo', 'Maren', 'Orla', 'Priyanka', 'Silas',
];

// prettier-ignore
const LAST_NAMES: readonly string[] = [
  'Abara', 'Andersson', 'Arslan', 'Bakker', 'Banerjee', 'Bauer', 'Bianchi', 'Castillo', 'Chowdhury', 'Costa',
  'Dahl', 'Delacroix', 'Dimitrov', 'Eriksen', 'Esposito', 'Fernandes', 'Fitzgerald', 'Fujita', 'Garcia', 'Gallagher',
  'Gupta', 'Halvorsen', 'Hashemi', 'Ibrahim', 'Ivanova', 'Jansen', 'Jovanovic', 'Kapoor', 'Kaur', 'Keller',
  'Kim', 'Kovacs', 'Kruger', 'Lambert', 'Lindgren', 'Lopez', 'Mahlangu', 'Marino', 'Mensah', 'Moreno',
  'Murphy', 'Nakamura', 'Nilsson', 'Novak', 'Obi', 'Okeke', 'Olsen', 'Ortega', 'Park', 'Pereira',
  'Petersen', 'Quispe', 'Rahman', 'Reyes', 'Richter', 'Romano', 'Rossi', 'Saito', 'Santos', 'Schulz',
  'Sharma', 'Silva', 'Sokolov', 'Suzuki', 'Svensson', 'Takahashi', 'Tan', 'Teixeira', 'Thompson', 'Torres',
  'Tran', 'Umarov', 'Valdez', 'Van Dijk', 'Varga', 'Vega', 'Volkov', 'Walker', 'Wang', 'Weiss',
  'Wojcik', 'Wright', 'Xu', 'Yamamoto', 'Yilmaz', 'Young', 'Zhang', 'Zielinski', 'Zimmermann', 'Achebe',
  'Bergstrom', 'Carvalho', 'Duarte', 'Elbaz', 'Friedman', 'Haddad', 'Lund', 'Mwangi', 'Navarro', 'Osei',
];

/** Options of {@link generateOrg}. */
export interface GenerateOrgOptions {
  /** Number of people, 10 to 100,000. */
  size: number;
  tenantId: string;
  /** PRNG seed; defaults to a hash of the tenant id. */
  seed?: number;
  /** Day the org is generated "as of"; defaults to {@link DEFAULT_GENERATION_DAY}. */
  today?: Date;
  /** Mail/UPN domain; defaults to `org-<first 8 chars of tenant>.example`. */
  domain?: string;
}

function startOfUtcDay(day: Date): number {
  return Math.floor(day.getTime() / DAY_MS) * DAY_MS;
}

function hireDateIso(todayMs: number, daysAgo: number): string {
  return `${new Date(todayMs - daysAgo * DAY_MS).toISOString().slice(0, 10)}T00:00:00Z`;
}

function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '');
}

interface Draft {
  index: number;
  managerIndex: number;
  depth: number;
  department: DepartmentProfile | null;
  reportCount: number;
}

/** Generates a deterministic org of `size` people (CEO → VPs → directors → managers → ICs), CEO first. */
export function generateOrg(options: GenerateOrgOptions): GraphUser[] {
  const { size, tenantId } = options;
  if (!Number.isInteger(size) || size < 10 || size > 100_000) {
    throw new RangeError(`size must be an integer from 10 to 100000, got ${size}`);
  }
  const random = seededRandom(options.seed ?? fnv1a(tenantId));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const todayMs = startOfUtcDay(options.today ?? DEFAULT_GENERATION_DAY);
  const domain = options.domain ?? `org-${tenantId.slice(0, 8).toLowerCase()}.example`;

  const departments = [...DEPARTMENTS];
  for (let i = departments.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [departments[i], departments[j]] = [departments[j]!, departments[i]!];
  }
  const vpCount = Math.min(departments.length, Math.max(3, Math.round(2 + Math.log10(size) * 1.3)));

  const drafts: Draft[] = [{ index: 0, managerIndex: -1, depth: 0, department: null, reportCount: 0 }];
  const managerQueue: number[] = [0];
  let queueHead = 0;

  const drawSpan = (depth: number): number => {
    if (depth === 0) return vpCount;
    const roll = random();
    if (roll < 0.015) return 12 + Math.floor(random() * 29);
    if (roll < 0.085) return 1 + Math.floor(random() * 2);
    return 3 + Math.floor((random() + random()) * 4);
  };
  const managerShare = (childDepth: number): number => (childDepth <= 1 ? 1 : childDepth === 2 ? 0.7 : 0.5);

  while (drafts.length < size) {
    if (queueHead >= managerQueue.length) managerQueue.push(drafts.length - 1);
    const manager = drafts[managerQueue[queueHead++]!]!;
    const span = drawSpan(manager.depth);
    for (let k = 0; k < span && drafts.length < size; k++) {
      const depth = manager.depth + 1;
      const child: Draft = {
        index: drafts.length,
        managerIndex: manager.index,
        depth,
        department: depth === 1 ? departments[k % departments.length]! : manager.department,
        reportCount: 0,
      };
      drafts.push(child);
      manager.reportCount++;
      if (random() < managerShare(depth)) managerQueue.push(child.index);
    }
  }

  const upnCounts = new Map<string, number>();
  const users: GraphUser[] = new Array<GraphUser>(size);
  for (const draft of drafts) {
    const givenName = pick(FIRST_NAMES);
    const surname = pick(LAST_NAMES);
    const base = `${slug(givenName)}.${slug(surname)}`;
    const seen = (upnCounts.get(base) ?? 0) + 1;
    upnCounts.set(base, seen);
    const upn = `${seen === 1 ? base : `${base}${seen}`}@${domain}`;
    const department = draft.department;
    const jobTitle = titleFor(draft, department, pick);
    const daysAgo = random() < 0.02 ? 1 + Math.floor(random() * 60) : 120 + Math.floor(random() * 365 * 14);
    const appRoles: AppRole[] = jobTitle === 'HR Business Partner' ? ['HR'] : jobTitle === 'IT Systems Administrator' ? ['Admin'] : [];
    users[draft.index] = {
      id: deterministicGuid(tenantId, upn),
      displayName: `${givenName} ${surname}`,
      givenName,
      surname,
      mail: upn,
      userPrincipalName: upn,
      jobTitle,
      department: department?.name ?? 'Executive',
      employeeHireDate: hireDateIso(todayMs, daysAgo),
      accountEnabled: draft.depth === 0 || random() >= 0.015,
      managerId: null,
      appRoles,
    };
  }
  for (const draft of drafts) {
    if (draft.managerIndex >= 0) users[draft.index]!.managerId = users[draft.managerIndex]!.id;
  }
  return users;
}

function titleFor(draft: Draft, department: DepartmentProfile | null, pick: <T>(items: readonly T[]) => T): string {
  if (draft.depth === 0 || department === null) return 'Chief Executive Officer';
  if (draft.depth === 1) return `VP of ${department.name}`;
  if (draft.reportCount === 0) return pick(department.individualTitles);
  if (draft.depth === 2) return `Director of ${department.name}`;
  if (draft.depth === 3) return `Senior Manager, ${department.name}`;
  return `${department.name} Manager`;
}

interface DemoPerson {
  givenName: string;
  surname: string;
  jobTitle: string;
  department: string;
  /** Local part of the manager's UPN, or null for the CEO. */
  manager: string | null;
  appRoles?: AppRole[];
  /** Days before `today` the person was hired; only set for new hires. */
  hiredDaysAgo?: number;
}

const person = (
  givenName: string,
  surname: string,
  jobTitle: string,
  department: string,
  manager: string | null,
  extra: Pick<DemoPerson, 'appRoles' | 'hiredDaysAgo'> = {},
): DemoPerson => ({ givenName, surname, jobTitle, department, manager, ...extra });

const DEMO_PEOPLE: readonly DemoPerson[] = [
  person('Ava', 'Chen', 'Chief Executive Officer', 'Executive', null),
  person('Owen', 'Fischer', 'Executive Assistant', 'Executive', 'ava.chen'),
  person('Liam', 'Novak', 'VP of Engineering', 'Engineering', 'ava.chen'),
  person('Sofia', 'Martinez', 'VP of Sales', 'Sales', 'ava.chen'),
  person('Ethan', 'Brooks', 'VP of Product', 'Product', 'ava.chen'),
  person('Grace', 'Kim', 'VP of People & Operations', 'People', 'ava.chen'),

  person('Priya', 'Raman', 'Engineering Manager, Platform', 'Engineering', 'liam.novak'),
  person('Marcus', 'Lee', 'Senior Software Engineer', 'Engineering', 'priya.raman'),
  person('Hannah', 'Weber', 'Software Engineer', 'Engineering', 'priya.raman'),
  person('Diego', 'Alvarez', 'Site Reliability Engineer', 'Engineering', 'priya.raman'),
  person('Yuki', 'Tanaka', 'Software Engineer', 'Engineering', 'priya.raman'),
  person('Samuel', 'Osei', 'Software Engineer', 'Engineering', 'priya.raman', { hiredDaysAgo: 5 }),
  person('Ingrid', 'Larsen', 'Staff Engineer', 'Engineering', 'priya.raman'),
  person('Jonas', 'Becker', 'Engineering Manager, Apps', 'Engineering', 'liam.novak'),
  person('Chloe', 'Dubois', 'Senior Software Engineer', 'Engineering', 'jonas.becker'),
  person('Ravi', 'Shah', 'Software Engineer', 'Engineering', 'jonas.becker'),
  person('Emma', 'Wilson', 'Software Engineer', 'Engineering', 'jonas.becker'),
  person('Mateo', 'Rossi', 'Frontend Engineer', 'Engineering', 'jonas.becker'),
  person('Leila', 'Haddad', 'Software Engineer', 'Engineering', 'jonas.becker'),
  person('Tom', 'Nguyen', 'Software Engineer', 'Engineering', 'jonas.becker'),
  person('Sven', 'Olsen', 'Mobile Engineer', 'Engineering', 'jonas.becker'),
  person('Aisha', 'Bello', 'QA Manager', 'Engineering', 'liam.novak'),
  person('Lucas', 'Meyer', 'QA Engineer', 'Engineering', 'aisha.bello'),
  person('Nora', 'Johansson', 'QA Engineer', 'Engineering', 'aisha.bello'),
  person('Kenji', 'Sato', 'Test Automation Engineer', 'Engineering', 'aisha.bello'),
  person('Elena', 'Popescu', 'QA Engineer', 'Engineering', 'aisha.bello', { hiredDaysAgo: 12 }),

  person('Daniel', 'Cohen', 'Sales Manager, Enterprise', 'Sales', 'sofia.martinez'),
  person('Olivia', 'Brown', 'Account Executive', 'Sales', 'daniel.cohen'),
  person('James', 'Walsh', 'Senior Account Executive', 'Sales', 'daniel.cohen'),
  person('Fatima', 'Malik', 'Account Executive', 'Sales', 'daniel.cohen'),
  person('Henry', 'Clarke', 'Solutions Consultant', 'Sales', 'daniel.cohen'),
  person('Zoe', 'Martin', 'Sales Development Representative', 'Sales', 'daniel.cohen'),
  person('Camila', 'Torres', 'Sales Manager, Mid-Market', 'Sales', 'sofia.martinez'),
  person('Noah', 'Schmidt', 'Account Executive', 'Sales', 'camila.torres'),
  person('Amara', 'Nwosu', 'Account Executive', 'Sales', 'camila.torres'),
  person('Felix', 'Wagner', 'Sales Development Representative', 'Sales', 'camila.torres'),
  person('Isabel', 'Moreau', 'Account Executive', 'Sales', 'camila.torres'),
  person('Victor', 'Petrov', 'Sales Development Representative', 'Sales', 'camila.torres', { hiredDaysAgo: 26 }),
  person('Ruth', 'Abebe', 'Customer Success Lead', 'Customer Success', 'sofia.martinez'),
  person('Leo', 'Hoffmann', 'Customer Success Manager', 'Customer Success', 'ruth.abebe'),
  person('Mia', 'Kowalski', 'Support Engineer', 'Customer Success', 'ruth.abebe'),
  person('Arjun', 'Mehta', 'Onboarding Specialist', 'Customer Success', 'ruth.abebe'),
  person('Sara', 'Lindqvist', 'Support Engineer', 'Customer Success', 'ruth.abebe'),

  person('Julia', 'Santos', 'Design Manager', 'Product', 'ethan.brooks'),
  person('Theo', 'Laurent', 'Product Designer', 'Product', 'julia.santos'),
  person('Anna', 'Berg', 'UX Researcher', 'Product', 'julia.santos'),
  person('Omar', 'Farouk', 'Product Designer', 'Product', 'julia.santos'),
  person('Lily', 'Evans', 'Content Designer', 'Product', 'julia.santos'),
  person('Ben', 'Carter', 'Senior Product Manager', 'Product', 'ethan.brooks'),
  person('Nina', 'Rao', 'Product Manager', 'Product', 'ethan.brooks'),
  person('Adam', 'Price', 'Technical Writer', 'Product', 'ethan.brooks'),
  person('Iris', 'Chung', 'Data Analyst', 'Product', 'ethan.brooks'),

  person('Maya', 'Okafor', 'HR Business Partner', 'People', 'grace.kim', { appRoles: ['HR'] }),
  person('Rosa', 'Delgado', 'Recruiter', 'People', 'grace.kim'),
  person('Kai', 'Andersen', 'IT Systems Administrator', 'Operations', 'grace.kim', { appRoles: ['Admin'] }),
  person('Paul', 'Richter', 'Finance Manager', 'Finance', 'grace.kim'),
  person('Clara', 'Jensen', 'Financial Analyst', 'Finance', 'paul.richter'),
  person('Samir', 'Aziz', 'Accountant', 'Finance', 'paul.richter'),
  person('Eva', 'Horvat', 'Payroll Specialist', 'Finance', 'paul.richter'),
  person('Hugo', 'Silva', 'Financial Analyst', 'Finance', 'paul.richter'),
];

/** Options of {@link demoOrg}. */
export interface DemoOrgOptions {
  tenantId: string;
  /** New hires are dated within the 30 days before this day. */
  today: Date;
}

/** The fixed demo company (60 people at `northstar.demo`): CEO, 4 VPs, managers, ICs, 3 new hires, 1 HR partner, 1 admin. */
export function demoOrg(options: DemoOrgOptions): GraphUser[] {
  const todayMs = startOfUtcDay(options.today);
  const idOf = (localPart: string): string => deterministicGuid(options.tenantId, `${localPart}@${DEMO_DOMAIN}`);
  return DEMO_PEOPLE.map((p, index) => {
    const localPart = `${slug(p.givenName)}.${slug(p.surname)}`;
    const upn = `${localPart}@${DEMO_DOMAIN}`;
    const daysAgo = p.hiredDaysAgo ?? (p.manager === null ? 3650 : 120 + ((index * 397) % 2900));
    return {
      id: idOf(localPart),
      displayName: `${p.givenName} ${p.surname}`,
      givenName: p.givenName,
      surname: p.surname,
      mail: upn,
      userPrincipalName: upn,
      jobTitle: p.jobTitle,
      department: p.department,
      employeeHireDate: hireDateIso(todayMs, daysAgo),
      accountEnabled: true,
      managerId: p.manager === null ? null : idOf(p.manager),
      appRoles: p.appRoles ?? [],
    };
  });
}
