import { PipelineError } from '../core/errors.ts';
import { DIRECTIONS, DISPOSITIONS, type Direction, type Disposition } from './dispositions.ts';
import { TimeZoneRules } from './time-zone.ts';
import { WallClockFormat } from './wall-clock.ts';

/** CallRecord fields a generic CSV column can feed. */
export const MAPPABLE_FIELDS = [
  'callId',
  'accountId',
  'caller',
  'callee',
  'startTime',
  'answerTime',
  'endTime',
  'durationSeconds',
  'billableSeconds',
  'disposition',
  'direction',
  'userAgent',
  'sourceIp',
  'sipCallId',
  'softswitch',
] as const;
export type MappableField = (typeof MAPPABLE_FIELDS)[number];

const REQUIRED_FIELDS: readonly MappableField[] = ['callId', 'accountId', 'callee', 'startTime', 'endTime'];

export const TIME_FORMATS = ['iso8601', 'epoch-seconds', 'epoch-millis', 'local'] as const;
export type TimeFormatName = (typeof TIME_FORMATS)[number];

export type TimeFormat =
  | { readonly format: 'iso8601' | 'epoch-seconds' | 'epoch-millis' }
  | { readonly format: 'local'; readonly pattern: WallClockFormat; readonly zone: TimeZoneRules };

/**
 * How a generic CSV export (with a header row) maps to CallRecords. Written as YAML or JSON:
 *
 * ```yaml
 * delimiter: ","                # optional, one character
 * columns:                      # CallRecord field -> header name
 *   callId: id                  # required: callId, accountId, callee, startTime, endTime
 *   accountId: sip_user
 *   caller: from                # optional (empty when absent)
 *   callee: to
 *   startTime: started
 *   answerTime: answered        # an empty cell means not answered
 *   endTime: ended
 *   durationSeconds: duration   # optional: computed from the times (whole seconds, truncated)
 *   billableSeconds: billsec    # optional: computed from answer and end times
 *   disposition: status         # optional, but then answerTime is required (answered or NO_ANSWER)
 *   direction: dir              # optional: defaultDirection
 *   userAgent: ua               # optional, like sourceIp, sipCallId, softswitch
 * time:
 *   format: local               # iso8601 (with offset) | epoch-seconds | epoch-millis | local
 *   pattern: YYYY-MM-DD HH:mm:ss  # local only (tokens YYYY MM DD HH mm ss SSS); this is the default
 *   zone: Europe/Paris          # local only; this is the default
 * dispositions:                 # optional, source value -> ANSWERED|NO_ANSWER|BUSY|FAILED|CANCELLED
 *   "answered": ANSWERED        #   (case-insensitive; our own names and Asterisk's are always known)
 * directions:                   # optional, source value -> OUTBOUND|INBOUND|INTERNAL
 *   out: OUTBOUND
 * defaultDirection: OUTBOUND    # optional
 * ```
 */
export interface CsvMapping {
  readonly delimiter: string;
  readonly columns: Readonly<Partial<Record<MappableField, string>>>;
  readonly time: TimeFormat;
  /** Keys upper-cased and trimmed. */
  readonly dispositions: ReadonlyMap<string, Disposition>;
  readonly directions: ReadonlyMap<string, Direction>;
  readonly defaultDirection: Direction;
}

const TOP_LEVEL_KEYS = ['delimiter', 'columns', 'time', 'dispositions', 'directions', 'defaultDirection'];
const TIME_KEYS = ['format', 'pattern', 'zone'];

const BUILT_IN_DISPOSITIONS: readonly (readonly [string, Disposition])[] = [
  ...DISPOSITIONS.map((d) => [d, d] as const),
  ['NO ANSWER', 'NO_ANSWER'],
  ['NOANSWER', 'NO_ANSWER'],
  ['CONGESTION', 'FAILED'],
  ['CANCELED', 'CANCELLED'],
];

/**
 * Validates a mapping given as plain data (parsed YAML/JSON, or built from CLI options) and reports
 * every problem at once. `source` names where it came from, for the message.
 * @throws PipelineError CONFIG_INVALID
 */
export function parseCsvMapping(input: unknown, source = 'csv mapping'): CsvMapping {
  const problems: string[] = [];
  const root = asObject(input, 'the mapping', problems) ?? {};
  unknownKeys(root, TOP_LEVEL_KEYS, '', problems);

  const delimiter = root['delimiter'] ?? ',';
  if (typeof delimiter !== 'string' || delimiter.length !== 1 || delimiter === '"' || delimiter === '\n') {
    problems.push(
      `delimiter: expected one character other than a quote or newline, got ${JSON.stringify(delimiter)}`,
    );
  }

  const columns: Partial<Record<MappableField, string>> = {};
  const columnsInput = asObject(root['columns'], 'columns', problems) ?? {};
  unknownKeys(columnsInput, MAPPABLE_FIELDS, 'columns.', problems);
  for (const name of MAPPABLE_FIELDS) {
    const value = columnsInput[name];
    if (value === undefined) continue;
    if (typeof value !== 'string' || value.trim() === '') {
      problems.push(`columns.${name}: expected a column name, got ${JSON.stringify(value)}`);
    } else {
      columns[name] = value.trim();
    }
  }
  const missing = REQUIRED_FIELDS.filter((name) => columnsInput[name] === undefined);
  if (missing.length > 0) problems.push(`columns: ${missing.join(', ')} must be mapped`);
  if (columnsInput['disposition'] === undefined && columnsInput['answerTime'] === undefined) {
    problems.push('columns: map disposition, or answerTime so that the disposition can be derived');
  }

  const time = parseTimeFormat(root['time'], problems);
  const dispositions = parseValueTable(root['dispositions'], 'dispositions', DISPOSITIONS, problems);
  const directions = parseValueTable(root['directions'], 'directions', DIRECTIONS, problems);
  const defaultDirection = root['defaultDirection'] ?? 'OUTBOUND';
  if (typeof defaultDirection !== 'string' || !DIRECTIONS.includes(defaultDirection as Direction)) {
    problems.push(
      `defaultDirection: expected one of ${DIRECTIONS.join(', ')}, got ${JSON.stringify(defaultDirection)}`,
    );
  }

  if (problems.length > 0 || time === undefined) {
    throw new PipelineError('CONFIG_INVALID', `invalid ${source}:\n  - ${problems.join('\n  - ')}`, {
      details: { problems },
    });
  }
  return {
    delimiter: delimiter as string,
    columns,
    time,
    dispositions: new Map([...BUILT_IN_DISPOSITIONS, ...dispositions]),
    directions: new Map([...DIRECTIONS.map((d) => [d, d] as const), ...directions]),
    defaultDirection: defaultDirection as Direction,
  };
}

/** `['callId=id', 'startTime=started']` (repeatable CLI options) as a `columns` object for `parseCsvMapping`. */
export function parseColumnAssignments(assignments: readonly string[]): Record<string, string> {
  const columns: Record<string, string> = {};
  for (const assignment of assignments) {
    const equals = assignment.indexOf('=');
    if (equals <= 0) {
      throw new PipelineError('USAGE', `expected field=column, got ${JSON.stringify(assignment)}`);
    }
    columns[assignment.slice(0, equals).trim()] = assignment.slice(equals + 1);
  }
  return columns;
}

function parseTimeFormat(input: unknown, problems: string[]): TimeFormat | undefined {
  const time = asObject(input ?? {}, 'time', problems);
  if (time === undefined) return undefined;
  unknownKeys(time, TIME_KEYS, 'time.', problems);
  const format = time['format'] ?? 'local';
  if (typeof format !== 'string' || !TIME_FORMATS.includes(format as TimeFormatName)) {
    problems.push(`time.format: expected one of ${TIME_FORMATS.join(', ')}, got ${JSON.stringify(format)}`);
    return undefined;
  }
  if (format !== 'local') {
    if (time['pattern'] !== undefined || time['zone'] !== undefined) {
      problems.push(
        `time: pattern and zone apply to format local only (the ${format} format names instants)`,
      );
    }
    return { format: format as Exclude<TimeFormatName, 'local'> };
  }
  const pattern = time['pattern'] ?? 'YYYY-MM-DD HH:mm:ss';
  const zone = time['zone'] ?? 'Europe/Paris';
  try {
    if (typeof pattern !== 'string')
      throw new Error(`time.pattern: expected a string, got ${JSON.stringify(pattern)}`);
    if (typeof zone !== 'string')
      throw new Error(`time.zone: expected a string, got ${JSON.stringify(zone)}`);
    return { format: 'local', pattern: WallClockFormat.compile(pattern), zone: TimeZoneRules.of(zone) };
  } catch (error) {
    problems.push(error instanceof Error ? error.message : String(error));
    return undefined;
  }
}

function parseValueTable<V extends string>(
  input: unknown,
  name: string,
  allowed: readonly V[],
  problems: string[],
): [string, V][] {
  if (input === undefined) return [];
  const table = asObject(input, name, problems) ?? {};
  const entries: [string, V][] = [];
  for (const [key, value] of Object.entries(table)) {
    if (typeof value !== 'string' || !allowed.includes(value as V)) {
      problems.push(`${name}.${key}: expected one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
    } else {
      entries.push([key.trim().toUpperCase(), value as V]);
    }
  }
  return entries;
}

function asObject(value: unknown, name: string, problems: string[]): Record<string, unknown> | undefined {
  if (typeof value === 'object' && value !== null && !Array.isArray(value))
    return value as Record<string, unknown>;
  problems.push(`${name}: expected a mapping (key: value), got ${JSON.stringify(value)}`);
  return undefined;
}

function unknownKeys(
  object: Record<string, unknown>,
  known: readonly string[],
  prefix: string,
  problems: string[],
): void {
  for (const key of Object.keys(object)) {
    if (!known.includes(key))
      problems.push(`${prefix}${key}: unknown key; known keys are ${known.join(', ')}`);
  }
}
