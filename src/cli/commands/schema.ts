import { sessionJsonSchema } from '../../core/session/schema';
import { out, type CliCommand } from '../args';

export const schemaCommand: CliCommand = {
  name: 'schema',
  synopsis: 'schema',
  summary: 'the session file JSON Schema',
  run: () => Promise.resolve(out(sessionJsonSchema())),
};
