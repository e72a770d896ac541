import { notBuilt } from '../main';

// Built with the data in and out issue.
export const run = notBuilt('backup');
