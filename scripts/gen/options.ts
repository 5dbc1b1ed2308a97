// The generator's options, the committed sample's recipe and the types the
// other modules share.

export type GenFormat = 'csv' | 'jsonl' | 'json';
export type GenProfile = 'sample' | 'bench';

export interface GenOptions {
  events: number;
  seed: number | string;
  format: GenFormat;
  /** `bench` scales the population with the size and trims the pretty-printed share so rows average ~290 bytes. */
  profile: GenProfile;
  /** Days covered, ending at `end`. */
  days: number;
  /** ISO instant of the newest session's start. */
  end: string;
  /**
   * Also inject the attacks the rarest-window ranking misses (issue #10): a
   * common action by an account that never did it, and a single rare param
   * value among common ones. Off for the committed sample, which stays as it is.
   */
  insightAttacks?: boolean;
}

/** The arguments the committed sample was generated with (`node dist/gen-sample.js` with no flags). */
export const SAMPLE_DEFAULTS: GenOptions = {
  events: 4000,
  seed: 7,
  format: 'csv',
  profile: 'sample',
  days: 14,
  end: '2024-06-14T18:00:00Z',
};

export const SAMPLE_PATH = 'media/sample/exchange-admin-sample.csv';
export const SAMPLE_ANOMALIES_PATH = 'media/sample/exchange-admin-sample.anomalies.json';
export const CSV_HEADER = 'TimeGenerated,UserId,ClientIP,Operation,Parameters';

export type Sink = (chunk: string) => void;

/** One minute in milliseconds. */
export const MINUTE = 60000;
