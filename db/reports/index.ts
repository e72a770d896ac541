// The indicator engine: built in issue 6. Until then the channel answers that it is not built.
import type { Store } from '../store';
import type { ParsedInput, ChannelOutput } from '../../shared/api';
import { CoreError } from '../errors';

export function runReport(_store: Store, _input: ParsedInput<'reports.run'>): ChannelOutput<'reports.run'> {
  throw new CoreError('rejected', 'Reports are not built yet.');
}
