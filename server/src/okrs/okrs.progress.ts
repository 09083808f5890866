import type { ConfidenceColor, KeyResultKind } from '../contract/index.js';

/** What progress of a key result depends on. */
export interface MeasuredKeyResult {
  kind: KeyResultKind;
  start: number;
  target: number;
  current: number;
  weight?: number | null;
}

const clamp01 = (value: number): number => Math.min(1, Math.max(0, value));

/**
 * Progress of a key result, 0–1: linear from start to target for increase/decrease; 1 or 0 for
 * stay-above/below depending on whether `current` satisfies it; milestones are done when current ≥ 1.
 */
export function keyResultProgress(kr: MeasuredKeyResult): number {
  switch (kr.kind) {
    case 'increase_to':
    case 'decrease_to': {
      if (kr.target === kr.start) return kr.current === kr.target ? 1 : 0;
      return clamp01((kr.current - kr.start) / (kr.target - kr.start));
    }
    case 'stay_above':
      return kr.current >= kr.target ? 1 : 0;
    case 'stay_below':
      return kr.current <= kr.target ? 1 : 0;
    case 'milestone':
      return kr.current >= 1 ? 1 : 0;
  }
}

/** Mean progress of the key results, weighted when any weight is set (unset weights count as 1); 0 without key results. */
export function objectiveProgress(keyResults: readonly MeasuredKeyResult[]): number {
  if (keyResults.length === 0) return 0;
  const weighted = keyResults.some((kr) => kr.weight !== null && kr.weight !== undefined);
  let total = 0;
  let weights = 0;
  for (const kr of keyResults) {
    const weight = weighted ? (kr.weight ?? 1) : 1;
    total += weight * keyResultProgress(kr);
    weights += weight;
  }
  return weights === 0 ? 0 : Math.round((total / weights) * 1000) / 1000;
}

/** 7–10 green, 4–6 yellow, 0–3 red. */
export function confidenceColor(confidence: number): ConfidenceColor {
  if (confidence >= 7) return 'green';
  if (confidence >= 4) return 'yellow';
  return 'red';
}
