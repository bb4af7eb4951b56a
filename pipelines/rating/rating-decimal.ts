import { Decimal } from 'decimal.js';

/**
 * The Decimal constructor of rating, configured once here instead of mutating the global `Decimal`:
 * 40 significant digits, half-even. Prices are computed exactly with integers (money-units.ts); this is
 * what amounts are handed out as (PricedCall.amount), ready for exact sums by invoicing.
 *
 * Values built here are `Decimal` instances for typing and `Decimal.isDecimal`, but `instanceof Decimal`
 * (the global constructor) is false for them: test with `Decimal.isDecimal`.
 */
export const RatingDecimal = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_EVEN });
