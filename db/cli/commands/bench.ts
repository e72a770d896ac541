import { notBuilt } from '../main';

// Built with the speed issue.
export const run = notBuilt('bench');
