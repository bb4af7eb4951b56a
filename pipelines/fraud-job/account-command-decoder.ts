import { PipelineError } from '../core/errors.ts';
import { accountCommandOf } from '../fraud-actions/command-record.ts';
import type { AccountCommand } from '../fraud/fraud-alert.ts';
import type { AvroCodec } from '../schema-registry/avro-codec.ts';
import { shapedDecoder, ShapeProblem } from '../schema-registry/record-shape.ts';
import type { RecordDecoder } from '../streaming/decode-step.ts';

/** Account commands of the command topic (schemas/fraud/AccountCommand.avsc) through the registry. */
export function accountCommandDecoder(codec: AvroCodec): RecordDecoder<AccountCommand> {
  return shapedDecoder(codec, 'AccountCommand', (value) => {
    try {
      return accountCommandOf(value);
    } catch (error) {
      // accountCommandOf refuses a value of another shape with RECORD_INVALID.
      if (error instanceof PipelineError) throw new ShapeProblem(error.message);
      throw error;
    }
  });
}
