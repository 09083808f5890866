/**
 * Activity-feed notification types the app sends. The app manifest declares them (`activities`) and the
 * server sends them by `type`; Teams fills `{name}` placeholders of `templateText` from `templateParameters`.
 */
export const ACTIVITY_TYPES = {
  weeklyMailDue: {
    description: 'Your weekly OKR mail is due soon',
    templateText: 'Your weekly OKR mail for {week} is due at {due}',
  },
  weeklyMailOverdue: {
    description: 'Your weekly OKR mail is overdue',
    templateText: 'Your weekly OKR mail for {week} was due at {due}',
  },
  weeklyReviewDue: {
    description: 'Weekly OKR mails of your team wait for your review',
    templateText: '{count} weekly OKR mails of your team wait for your review',
  },
  onboardingOverdue: {
    description: 'Your onboarding OKR coursework is overdue',
    templateText: 'Your onboarding OKR coursework was due on {due}',
  },
  winsDigest: {
    description: "Your team's wins of the week",
    templateText: '{count} wins of {team} this week',
  },
} as const satisfies Record<string, { description: string; templateText: string }>;

/** One of the declared activity types. */
export type ActivityType = keyof typeof ACTIVITY_TYPES;
