import type { Lesson } from '../contract/index.js';

/** A lesson with its answer key, which never leaves the server. */
export interface LessonWithKey extends Lesson {
  correctChoiceId: string;
  explanation: string;
}

/** The onboarding course, in order. */
export const LESSONS: readonly LessonWithKey[] = [
  {
    id: 'what-okrs-are-here',
    title: 'What OKRs are here',
    summary: 'Objectives say where we want to go; key results say how we will know we got there.',
    body: [
      'Every quarter, each of us writes a few Objectives and Key Results (OKRs). An objective names a direction worth going in. Its key results are the few measurements that tell us, at the end of the quarter, whether we actually moved.',
      'OKRs are not a task list and not a dashboard of everything we measure. They are the short list of changes we care most about this quarter, written so that anyone in the company can read them and understand why they matter.',
      'You write your own OKRs, with your manager, and they stay visible next to your team’s and the company’s. We set them ambitiously: reaching about seven tenths of a key result is usually a good quarter.',
      'Each week you check in: a current value and how confident you are. That weekly rhythm is what turns OKRs from a planning exercise into a habit.',
    ],
    question: {
      prompt: 'Which statement describes OKRs as we use them?',
      choices: [
        { id: 'a', text: 'A complete list of every task I will work on this quarter.' },
        { id: 'b', text: 'A few objectives with measurable key results that show whether we moved in the direction we chose.' },
        { id: 'c', text: 'Targets my manager assigns to me at the start of the year.' },
        { id: 'd', text: 'The numbers HR uses to set my bonus.' },
      ],
    },
    correctChoiceId: 'b',
    explanation:
      'OKRs are a short list of directions (objectives), each with a few measurable signs of progress (key results). They are not a task list, not assigned from above, and not a rating.',
  },
  {
    id: 'writing-objectives',
    title: 'Writing objectives',
    summary: 'An objective is qualitative, memorable and answers “where do we want to go?”.',
    body: [
      'A good objective reads like a sentence you would say to a colleague: it is qualitative, a little ambitious and easy to remember. “Customers reach their first win in their first week” is an objective.',
      'Keep numbers out of the title. “Raise activation to 40%” is a key result pretending to be an objective; the number belongs underneath, where it can be measured and checked in. The OKR coach flags titles that contain a metric.',
      'Say why it matters now. A sentence of context (“early wins predict renewals”) helps whoever reads your objective, and helps you decide what to drop when time runs short.',
      'Fewer is better. One to three objectives a quarter is plenty for one person; the tenant sets the limit and the coach tells you when you go over it.',
    ],
    question: {
      prompt: 'Which of these is the best objective title?',
      choices: [
        { id: 'a', text: 'Increase weekly active teams from 120 to 300' },
        { id: 'b', text: 'Write three blog posts' },
        { id: 'c', text: 'New customers feel confident in their first week' },
        { id: 'd', text: 'Q1 goals' },
      ],
    },
    correctChoiceId: 'c',
    explanation:
      'An objective is qualitative and says where we want to go. The first choice is a key result (it has a metric), the second is a task, the last says nothing.',
  },
  {
    id: 'writing-key-results',
    title: 'Writing key results',
    summary: 'A key result is measurable: a start, a target, a unit, an owner and a due date.',
    body: [
      'Key results answer “how will we know we are there?”. Each one has a starting value, a target and a unit (“from 45% to 80% of customers onboarded within 7 days”), an owner and a date it is due.',
      'Two to four key results per objective is the usual range. With one, a single number can be gamed; with six, nobody remembers them.',
      'Some key results are milestones (done or not done). Use them sparingly and give them a due date, because a milestone without a date is a wish.',
      'Write key results so that someone else could check them at the end of the quarter without asking you what you meant.',
    ],
    question: {
      prompt: 'What does a key result need so that anyone can check it at the end of the quarter?',
      choices: [
        { id: 'a', text: 'An inspiring sentence.' },
        { id: 'b', text: 'A start value, a target with a unit, an owner and a due date.' },
        { id: 'c', text: 'A list of the meetings needed to reach it.' },
        { id: 'd', text: 'Approval from the whole department.' },
      ],
    },
    correctChoiceId: 'b',
    explanation: 'A key result is measurable: where we start, where we aim, in what unit, who owns it and by when.',
  },
  {
    id: 'leading-and-lagging',
    title: 'Leading and lagging key results',
    summary: 'Pair a result you can only observe late with an early signal you can influence every week.',
    body: [
      'A lagging key result measures the outcome itself, usually late: revenue retained, customers renewed, availability over the month. It tells you whether you succeeded, but often only when it is too late to change course.',
      'A leading key result measures something that moves earlier and predicts the lagging one: first response times, qualified meetings per week, customers onboarded within seven days.',
      'Under each objective, aim for at least one of each. The leading one keeps your weekly check-ins honest; the lagging one keeps you from optimising a proxy that does not matter. The coach points out objectives that miss either kind.',
    ],
    question: {
      prompt: 'Your objective is about customer retention. Which key result is leading?',
      choices: [
        { id: 'a', text: 'Net revenue retention at the end of the quarter.' },
        { id: 'b', text: 'Number of customers who renewed this year.' },
        { id: 'c', text: 'Median first response time to support tickets, measured weekly.' },
        { id: 'd', text: 'Churned revenue last quarter.' },
      ],
    },
    correctChoiceId: 'c',
    explanation:
      'Response time moves every week and predicts retention, so it is leading. The other three measure retention itself, after the fact: they are lagging.',
  },
  {
    id: 'alignment-not-cascading',
    title: 'Alignment, not cascading',
    summary: 'Link your objectives to the team or company objective they support; nobody hands them down to you.',
    body: [
      'The company sets a handful of objectives; teams set theirs; people set their own. In a cascade, each level would copy and split the one above. We do not do that.',
      'Instead you align: you write the objective that is yours, in your own words, and link it to the team or company objective it helps. Several people’s objectives can support the same team objective in different ways.',
      'Alignment makes gaps visible. The constellation view shows company objectives that nothing supports and objectives that support nothing, so a conversation can start before the quarter is lost.',
      'In this coursework, each of your objectives must align to an objective of your team or of the company.',
    ],
    question: {
      prompt: 'What does aligning your objective mean here?',
      choices: [
        { id: 'a', text: 'Copying your manager’s objective and dividing its numbers among the team.' },
        { id: 'b', text: 'Writing your own objective and linking it to the team or company objective it supports.' },
        { id: 'c', text: 'Waiting until the company objectives are final before thinking about yours.' },
        { id: 'd', text: 'Having every objective approved by the CEO.' },
      ],
    },
    correctChoiceId: 'b',
    explanation:
      'Alignment connects objectives you write yourself to the ones they support; cascading (copying and splitting) is what we avoid.',
  },
  {
    id: 'outputs-vs-outcomes',
    title: 'Outputs and outcomes',
    summary: 'Measure the change you want to see, not the work you plan to do.',
    body: [
      'An output is something you make or do: launch a page, write a guide, run four webinars, plant five lemon trees. An outcome is the change that work is meant to cause: fewer support tickets, customers who activate faster, lemons in the kitchen.',
      'Key results describe outcomes. The work that you hope will produce them are initiatives: they sit under a key result, they are small (a week or two), and you can change them freely when they do not move the number.',
      'A quick test: if you could complete the key result and still fail the objective, it is an output. The coach flags key results that read like tasks (“launch”, “write”, “ship”).',
    ],
    question: {
      prompt: 'Which of these is an outcome, suitable as a key result?',
      choices: [
        { id: 'a', text: 'Launch the new help centre.' },
        { id: 'b', text: 'Write ten onboarding articles.' },
        { id: 'c', text: 'Host three customer webinars.' },
        { id: 'd', text: 'Reduce “how do I…” support tickets from 300 to 150 a month.' },
      ],
    },
    correctChoiceId: 'd',
    explanation:
      'Fewer “how do I” tickets is the change we want; launching, writing and hosting are outputs that may or may not cause it, so they belong as initiatives.',
  },
  {
    id: 'not-performance-ratings',
    title: 'Why OKRs are not performance ratings',
    summary: 'OKRs are for focus and learning; your score is never your rating.',
    body: [
      'If missing a key result hurt your review, everyone would write targets they are sure to hit, and OKRs would stop telling us anything. So we keep them apart: OKR scores are not used to rate people, set pay or rank colleagues.',
      'Ambitious OKRs are expected to land short of 100%. What we look for is honest weekly check-ins, an early signal when something is off track, and a retrospective that says what we learned.',
      'Your manager talks with you about your OKRs in your one-to-ones to help you focus and remove obstacles, not to grade you. HR sees this coursework to help you learn the method, and nothing else of your work.',
    ],
    question: {
      prompt: 'You end the quarter at 60% of an ambitious key result. What happens?',
      choices: [
        { id: 'a', text: 'Your performance rating drops.' },
        { id: 'b', text: 'Nothing is written down; the quarter is forgotten.' },
        { id: 'c', text: 'You write a short retrospective about what you achieved and learned; it does not feed your rating.' },
        { id: 'd', text: 'HR reviews your weekly mails to find out why.' },
      ],
    },
    correctChoiceId: 'c',
    explanation: 'Reaching 60–70% of an ambitious key result is normal. OKRs feed learning through retrospectives, never ratings.',
  },
];

/** Lesson ids in course order. */
export const LESSON_IDS: readonly string[] = LESSONS.map((lesson) => lesson.id);

/** The lesson with its answer key, or undefined. */
export function lessonById(id: string): LessonWithKey | undefined {
  return LESSONS.find((lesson) => lesson.id === id);
}

/** The lessons as the API sends them (no answer key). */
export function publicLessons(): Lesson[] {
  return LESSONS.map(({ correctChoiceId: _key, explanation: _explanation, ...lesson }) => lesson);
}
