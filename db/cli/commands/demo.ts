import { notBuilt } from '../main';

// Built with the reports issue.
export const run = notBuilt('demo');
