import { PipelineError } from '../core/errors.ts';

const SECOND = 1000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MAX_CACHED_HOURS = 50_000;

/** `offset` for every wall-clock time of that local hour, or `irregular` when a clock change falls in it. */
type HourRule = number | 'irregular';

/**
 * Converts wall-clock times of an IANA time zone to UTC instants, with the zone rules of the Node
 * runtime's ICU data (no dependency). Wall-clock times are encoded as milliseconds "as if UTC"
 * (`Date.UTC(year, month - 1, day, ...)`). Results are cached per local hour, so converting millions
 * of CDR times costs a few `Intl` calls per hour of traffic.
 */
export class TimeZoneRules {
  private readonly hours = new Map<number, HourRule>();
  private readonly format: Intl.DateTimeFormat | undefined;

  private constructor(readonly name: string) {
    this.format =
      name === 'UTC'
        ? undefined
        : new Intl.DateTimeFormat('en-US', {
            timeZone: name,
            hourCycle: 'h23',
            year: 'numeric',
            month: 'numeric',
            day: 'numeric',
            hour: 'numeric',
            minute: 'numeric',
            second: 'numeric',
          });
  }

  /** @throws PipelineError CONFIG_INVALID for a zone name the runtime does not know. */
  static of(name: string): TimeZoneRules {
    if (name === 'UTC' || name === 'Etc/UTC' || name === 'GMT') return new TimeZoneRules('UTC');
    try {
      return new TimeZoneRules(name);
    } catch (error) {
      throw new PipelineError('CONFIG_INVALID', `unknown time zone ${JSON.stringify(name)}`, {
        cause: error,
      });
    }
  }

  /**
   * The UTC instants (ms, ascending) at which the zone's clocks show `wallMs`: one normally, none in
   * the hour skipped when clocks go forward, two in the hour repeated when they go back.
   */
  instantsOf(wallMs: number): number[] {
    if (this.format === undefined) return [wallMs];
    const hour = Math.floor(wallMs / HOUR);
    let rule = this.hours.get(hour);
    if (rule === undefined) {
      rule = this.classifyHour(hour * HOUR);
      if (this.hours.size >= MAX_CACHED_HOURS) this.hours.clear();
      this.hours.set(hour, rule);
    }
    return rule === 'irregular' ? this.exactInstantsOf(wallMs) : [wallMs - rule];
  }

  /** Milliseconds to add to a UTC instant to read the zone's wall clock. */
  offsetAt(instantMs: number): number {
    if (this.format === undefined) return 0;
    const whole = Math.floor(instantMs / SECOND) * SECOND;
    const parts = this.format.formatToParts(new Date(whole));
    const value = (type: Intl.DateTimeFormatPartTypes): number =>
      Number(parts.find((part) => part.type === type)?.value);
    const wall = Date.UTC(
      value('year'),
      value('month') - 1,
      value('day'),
      value('hour'),
      value('minute'),
      value('second'),
    );
    return wall - whole;
  }

  /** Whether every wall time of the local hour starting at `wallStart` maps with one single offset. */
  private classifyHour(wallStart: number): HourRule {
    const candidates = [...new Set([this.offsetAt(wallStart - DAY), this.offsetAt(wallStart + DAY)])];
    const wallEnd = wallStart + HOUR - 1;
    const validAtStart = candidates.filter((offset) => this.offsetAt(wallStart - offset) === offset);
    const validAtEnd = candidates.filter((offset) => this.offsetAt(wallEnd - offset) === offset);
    const [only] = validAtStart;
    if (
      validAtStart.length === 1 &&
      validAtEnd.length === 1 &&
      only !== undefined &&
      validAtEnd[0] === only
    ) {
      return only;
    }
    return 'irregular';
  }

  private exactInstantsOf(wallMs: number): number[] {
    const offsets = new Set([this.offsetAt(wallMs - DAY), this.offsetAt(wallMs + DAY)]);
    const instants = [...offsets]
      .map((offset) => wallMs - offset)
      .filter((instant) => this.offsetAt(instant) === wallMs - instant);
    return [...new Set(instants)].sort((a, b) => a - b);
  }
}
