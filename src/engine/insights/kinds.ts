// The kinds of insight, what one carries (its text, evidence, lines and
// probability), and the weights that turn them into the insight score.

export type InsightKind =
  | 'new-actor'
  | 'new-command-for-actor'
  | 'unseen-transition'
  | 'new-param-for-command'
  | 'new-param-value'
  | 'uncommon-param-value'
  | 'high-volume';

export const INSIGHT_KINDS: readonly InsightKind[] = [
  'new-actor',
  'new-command-for-actor',
  'unseen-transition',
  'new-param-for-command',
  'new-param-value',
  'uncommon-param-value',
  'high-volume',
];

export interface Insight {
  kind: InsightKind;
  /** One sentence with the counts, for a table cell or a list. */
  text: string;
  /** The counts behind the text. */
  evidence: Record<string, string | number | string[] | null>;
  /** First file line of each event the insight names, in session order. */
  lines: number[];
  /** Estimated probability of such a novelty, value or volume (lower is more surprising); the score adds weight x ln(probability). */
  probability: number;
}

/** Weights of each kind's log-probability in the insight score, and when an insight is reported at all. */
export interface InsightWeights {
  kinds: Record<InsightKind, number>;
  /** A novelty (first time) is reported when its probability is at most this. */
  maxProbability: number;
  /**
   * A value seen before is uncommon when its uses are at most this fraction of an average value's
   * (uses of the command's param / its distinct values); that fraction is its "probability".
   */
  maxUncommonRatio: number;
  /** Volume: at least this many other sessions of the actor, and at least this factor over its mean. */
  volumeMinSessions: number;
  volumeFactor: number;
}

/** Chosen on generator seeds 1-4 (docs/insights.md), checked on the held-out seeds 5-10. */
export const DEFAULT_WEIGHTS: InsightWeights = {
  kinds: {
    'new-actor': 1,
    'new-command-for-actor': 1.5,
    'unseen-transition': 0.5,
    'new-param-for-command': 1,
    'new-param-value': 2,
    'uncommon-param-value': 3,
    'high-volume': 0.5,
  },
  maxProbability: 0.1,
  maxUncommonRatio: 0.05,
  volumeMinSessions: 5,
  volumeFactor: 3,
};
