/**
 * Where a call goes, as the plan and the tariffs see it. Produced by `classifyNumber`
 * (pipelines/numbering/classify.ts) from a dialled number.
 */
export type DestinationClass =
  /** 15, 17, 18, 112, 114, 115, 119, 191, 196, 197: never rated, never counted, never blocked. */
  | 'emergency'
  /** French geographic numbers 01-05 and 09 (E.164 +331..+335, +339). */
  | 'national-fixed'
  /** French mobile numbers 06 and 07 (+336, +337). */
  | 'national-mobile'
  /** 080x free-phone numbers. */
  | 'special-free'
  /** 08xx at the price of a normal call or shared cost. */
  | 'special-shared'
  /** 08xx premium-rate (value-added) numbers. */
  | 'special-premium'
  /** Non-emergency short codes (10xx, 3xxx, 118xxx, ...). */
  | 'short-code'
  /** Any other country; `country` says which. */
  | 'international'
  /** Satellite and international networks (+870, +881, +882, +883, ...). */
  | 'satellite'
  /** Not a diallable number: fails validation. */
  | 'invalid';

export interface Destination {
  readonly class: DestinationClass;
  /**
   * The number in E.164 with a leading `+` (`+33612345678`), or the short code as dialled (`3631`,
   * `112`) for short codes and emergency numbers. This is what is counted as a distinct number and
   * what tariffs match by longest prefix (without the `+`).
   */
  readonly number: string;
  /** ISO 3166-1 alpha-2 country of the number (`FR`, `GB`, ...), when known. */
  readonly country?: string;
  /** ITU country calling code (`33`, `44`, `1`, ...), when the number is E.164. */
  readonly callingCode?: string;
  /** On the configurable high-risk list (IRSF destinations, premium ranges). */
  readonly highRisk: boolean;
  /** For `invalid`: why. */
  readonly problem?: string;
}
