import type { AgendaItem } from '../contract/index.js';
import type { HistoryEntryRecord, MeetingRecord, OutcomeRecord } from './oneonones.history.model.js';
import type { HistoryIndexUpdate } from './oneonones.history.repo.js';

/** Length of the notes excerpt in the history list. */
export const NOTES_EXCERPT = 280;
/** Longest search-word list kept per held 1:1. */
const MAX_WORDS_CHARS = 60_000;
/** Characters shown around a search match. */
const SNIPPET = 160;
/** Most matches listed per held 1:1. */
const MAX_MATCHES = 3;

/** Lower case without accents, so "Überblick" matches "uberblick". */
export function fold(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The search terms of a query: folded words, each of which must appear in a matching 1:1. */
export function searchTerms(q: string | undefined): string[] {
  return [...new Set(fold(q ?? '').split(/[^\p{L}\p{N}]+/u))].filter((term) => term.length > 0);
}

/** The searchable text of an agenda item. */
export function agendaItemText(item: AgendaItem): string {
  switch (item.kind) {
    case 'key_result':
      return `${item.title} (${item.objectiveTitle})`;
    case 'red_priority':
    case 'action_item':
    case 'unaligned_objective':
      return item.title;
    case 'risk':
    case 'time_off':
      return item.text;
    case 'onboarding':
      return 'Onboarding coursework';
    case 'out_of_office':
      return `${item.person.name} out of office ${item.subject}`.trim();
  }
}

type Field = 'notes' | 'talking_point' | 'action_item' | 'agenda_item';

/** Every searchable text of a held 1:1 with the field it comes from. */
function textsOf(meeting: MeetingRecord): Array<{ field: Field; text: string }> {
  return [
    { field: 'notes' as const, text: meeting.notes?.text ?? '' },
    ...meeting.talkingPoints.map((point) => ({ field: 'talking_point' as const, text: point.text })),
    ...meeting.actionItems.map((item) => ({ field: 'action_item' as const, text: item.title })),
    ...(meeting.agendaItems ?? []).map((item) => ({ field: 'agenda_item' as const, text: agendaItemText(item) })),
  ].filter((entry) => entry.text.trim().length > 0);
}

/** What a held 1:1 adds to its pair's history index: the list row, its distinct words and the action items done in it. */
export function historyIndexUpdateOf(meeting: MeetingRecord): HistoryIndexUpdate {
  const words = [...new Set(textsOf(meeting).flatMap(({ text }) => fold(text).split(/[^\p{L}\p{N}]+/u)))].filter(Boolean).join(' ');
  const entry: HistoryEntryRecord = {
    occurrence: meeting.occurrence,
    heldAt: meeting.heldAt,
    heldBy: meeting.heldBy,
    notesExcerpt: (meeting.notes?.text ?? '').slice(0, NOTES_EXCERPT),
    talkingPoints: meeting.talkingPoints.length,
    actionItems: meeting.actionItems.length,
    actionItemsDone: meeting.actionItems.filter((item) => item.done).length,
    words: words.slice(0, MAX_WORDS_CHARS),
  };
  const outcomes: Record<string, OutcomeRecord> = {};
  for (const item of meeting.actionItems) {
    if (item.done) outcomes[item._id] = { doneAt: item.doneAt ?? null, occurrence: meeting.occurrence };
  }
  return { entry, outcomes };
}

/** True when every term appears in the indexed words of a held 1:1. */
export function entryMatches(entry: Pick<HistoryEntryRecord, 'words'>, terms: readonly string[]): boolean {
  return terms.every((term) => entry.words.includes(term));
}

function snippet(text: string, terms: readonly string[]): string {
  const lower = text.toLowerCase();
  const at = Math.max(
    0,
    ...terms
      .map((term) => lower.indexOf(term))
      .filter((index) => index >= 0)
      .slice(0, 1),
  );
  const start = Math.max(0, at - SNIPPET / 4);
  const cut = text.slice(start, start + SNIPPET).trim();
  return `${start > 0 ? '…' : ''}${cut}${start + SNIPPET < text.length ? '…' : ''}`;
}

/** Where the terms match in a held 1:1 (each text that contains one of them), at most a few. */
export function matchesOf(meeting: MeetingRecord, terms: readonly string[]): Array<{ field: Field; text: string }> {
  if (terms.length === 0) return [];
  return textsOf(meeting)
    .filter(({ text }) => terms.some((term) => fold(text).includes(term)))
    .slice(0, MAX_MATCHES)
    .map(({ field, text }) => ({ field, text: snippet(text, terms) }));
}
