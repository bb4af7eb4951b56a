import type { CallRecord } from '../ingest/call-record.ts';

export type Disposition = CallRecord['disposition'];
export type Direction = CallRecord['direction'];

export const DISPOSITIONS: readonly Disposition[] = ['ANSWERED', 'NO_ANSWER', 'BUSY', 'FAILED', 'CANCELLED'];
export const DIRECTIONS: readonly Direction[] = ['OUTBOUND', 'INBOUND', 'INTERNAL'];

/**
 * Asterisk `ast_cdr_disp2str` values. CONGESTION (all circuits busy, a network condition rather than
 * the callee being busy) counts as FAILED. Asterisk does not tell a caller's hang-up while ringing
 * apart from no answer: both are NO ANSWER.
 */
export const ASTERISK_DISPOSITIONS: ReadonlyMap<string, Disposition> = new Map([
  ['ANSWERED', 'ANSWERED'],
  ['NO ANSWER', 'NO_ANSWER'],
  ['BUSY', 'BUSY'],
  ['FAILED', 'FAILED'],
  ['CONGESTION', 'FAILED'],
]);

/** FreeSWITCH hangup causes (switch_channel.c CAUSE_CHART) and how an unanswered call ending with each one is classified. */
const FREESWITCH_UNANSWERED: ReadonlyMap<string, Disposition> = new Map([
  ['NO_ANSWER', 'NO_ANSWER'],
  ['NO_USER_RESPONSE', 'NO_ANSWER'],
  ['NO_PICKUP', 'NO_ANSWER'],
  ['USER_BUSY', 'BUSY'],
  ['ORIGINATOR_CANCEL', 'CANCELLED'],
]);

const FREESWITCH_CAUSES: ReadonlySet<string> = new Set([
  'NONE',
  'UNALLOCATED_NUMBER',
  'NO_ROUTE_TRANSIT_NET',
  'NO_ROUTE_DESTINATION',
  'CHANNEL_UNACCEPTABLE',
  'CALL_AWARDED_DELIVERED',
  'NORMAL_CLEARING',
  'USER_BUSY',
  'NO_USER_RESPONSE',
  'NO_ANSWER',
  'SUBSCRIBER_ABSENT',
  'CALL_REJECTED',
  'NUMBER_CHANGED',
  'REDIRECTION_TO_NEW_DESTINATION',
  'EXCHANGE_ROUTING_ERROR',
  'DESTINATION_OUT_OF_ORDER',
  'INVALID_NUMBER_FORMAT',
  'FACILITY_REJECTED',
  'RESPONSE_TO_STATUS_ENQUIRY',
  'NORMAL_UNSPECIFIED',
  'NORMAL_CIRCUIT_CONGESTION',
  'NETWORK_OUT_OF_ORDER',
  'NORMAL_TEMPORARY_FAILURE',
  'SWITCH_CONGESTION',
  'ACCESS_INFO_DISCARDED',
  'REQUESTED_CHAN_UNAVAIL',
  'PRE_EMPTED',
  'FACILITY_NOT_SUBSCRIBED',
  'OUTGOING_CALL_BARRED',
  'INCOMING_CALL_BARRED',
  'BEARERCAPABILITY_NOTAUTH',
  'BEARERCAPABILITY_NOTAVAIL',
  'SERVICE_UNAVAILABLE',
  'BEARERCAPABILITY_NOTIMPL',
  'CHAN_NOT_IMPLEMENTED',
  'FACILITY_NOT_IMPLEMENTED',
  'SERVICE_NOT_IMPLEMENTED',
  'INVALID_CALL_REFERENCE',
  'INCOMPATIBLE_DESTINATION',
  'INVALID_MSG_UNSPECIFIED',
  'MANDATORY_IE_MISSING',
  'MESSAGE_TYPE_NONEXIST',
  'WRONG_MESSAGE',
  'IE_NONEXIST',
  'INVALID_IE_CONTENTS',
  'WRONG_CALL_STATE',
  'RECOVERY_ON_TIMER_EXPIRE',
  'MANDATORY_IE_LENGTH_ERROR',
  'PROTOCOL_ERROR',
  'INTERWORKING',
  'SUCCESS',
  'ORIGINATOR_CANCEL',
  'CRASH',
  'SYSTEM_SHUTDOWN',
  'LOSE_RACE',
  'MANAGER_REQUEST',
  'BLIND_TRANSFER',
  'ATTENDED_TRANSFER',
  'ALLOTTED_TIMEOUT',
  'USER_CHALLENGE',
  'MEDIA_TIMEOUT',
  'PICKED_OFF',
  'USER_NOT_REGISTERED',
  'PROGRESS_TIMEOUT',
  'INVALID_GATEWAY',
  'GATEWAY_DOWN',
  'INVALID_URL',
  'INVALID_PROFILE',
  'NO_PICKUP',
  'SRTP_READ_ERROR',
  'BOWOUT',
  'BUSY_EVERYWHERE',
  'DECLINE',
  'DOES_NOT_EXIST_ANYWHERE',
  'NOT_ACCEPTABLE',
  'UNWANTED',
  'NO_IDENTITY',
  'BAD_IDENTITY_INFO',
  'UNSUPPORTED_CERTIFICATE',
  'INVALID_IDENTITY',
  'STALE_DATE',
  'REJECT_ALL',
  'UNKNOWN',
]);

/**
 * The disposition of a FreeSWITCH call. A call that was answered is ANSWERED whatever the hangup
 * cause (NORMAL_CLEARING usually, but MEDIA_TIMEOUT or ALLOTTED_TIMEOUT after answer are billable
 * talk time too). An unanswered call: NO_ANSWER / NO_USER_RESPONSE / NO_PICKUP -> NO_ANSWER,
 * USER_BUSY -> BUSY, ORIGINATOR_CANCEL -> CANCELLED, every other known cause -> FAILED.
 * Undefined for a cause FreeSWITCH does not define.
 */
export function freeswitchDisposition(hangupCause: string, answered: boolean): Disposition | undefined {
  if (!FREESWITCH_CAUSES.has(hangupCause)) return undefined;
  if (answered) return 'ANSWERED';
  return FREESWITCH_UNANSWERED.get(hangupCause) ?? 'FAILED';
}

/** INBOUND or INTERNAL when the dialplan context is listed as such, OUTBOUND otherwise. */
export function directionOfContext(
  context: string,
  inboundContexts: readonly string[],
  internalContexts: readonly string[],
): Direction {
  if (inboundContexts.includes(context)) return 'INBOUND';
  if (internalContexts.includes(context)) return 'INTERNAL';
  return 'OUTBOUND';
}
