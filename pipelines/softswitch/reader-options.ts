import { field } from '../config/options.ts';

/** How every format's file is read; part of each format's options spec. */
export const readerOptionFields = {
  encoding: field.enum({
    values: ['utf8', 'latin1'] as const,
    default: 'utf8',
    doc: 'text encoding of the export (latin1 for softswitches writing ISO-8859-1 caller names)',
  }),
  maxRecordLines: field.integer({
    default: 64,
    min: 1,
    max: 100_000,
    doc: 'a quoted field may span lines; a record longer than this is reported as an unterminated quote',
  }),
  maxRecordChars: field.integer({
    default: 1_048_576,
    min: 1024,
    max: 67_108_864,
    doc: 'longest record (and physical line) accepted, in characters; bounds memory on malformed input',
  }),
};

export const zoneOptionField = field.string({
  default: 'Europe/Paris',
  doc: 'IANA time zone of the local times in the export (the softswitch server clock)',
});

export const contextDirectionFields = {
  inboundContexts: field.list({
    default: [],
    doc: 'dialplan contexts whose calls are INBOUND (from outside to the account); other calls are OUTBOUND',
  }),
  internalContexts: field.list({
    default: [],
    doc: 'dialplan contexts whose calls are INTERNAL (between accounts of the operator)',
  }),
};
