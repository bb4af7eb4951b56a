import { PipelineError, errorMessage } from '../core/errors.ts';
import { accountCommandOf } from '../fraud-actions/command-record.ts';
import type { AccountCommand } from '../fraud/fraud-alert.ts';
import type { AvroCodec } from '../schema-registry/avro-codec.ts';
import type { DecodeResult, RecordDecoder } from '../streaming/decode-step.ts';

/** Account commands of the command topic (schemas/fraud/AccountCommand.avsc) through the registry. */
export function accountCommandDecoder(codec: AvroCodec): RecordDecoder<AccountCommand> {
  return {
    async decode(bytes: Buffer): Promise<DecodeResult<AccountCommand>> {
      const result = await codec.decode(bytes);
      if (!result.ok) return result;
      try {
        return { ok: true, value: accountCommandOf(result.value) };
      } catch (error) {
        return {
          ok: false,
          error: new PipelineError('RECORD_DECODE_FAILED', `not an account command: ${errorMessage(error)}`, {
            cause: error,
          }),
        };
      }
    },
  };
}
